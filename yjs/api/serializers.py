from rest_framework import serializers

from yjs.models import User


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=User._meta.get_field("username").max_length)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
