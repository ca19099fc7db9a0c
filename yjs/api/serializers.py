from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from yjs.models import User

from .fields import date_input


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=User._meta.get_field("username").max_length)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class PeriodInputSerializer(serializers.Serializer):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD``, both required and inclusive."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # ``from`` is a Python keyword, so the fields are named here rather than as attributes.
        return {"from": date_input("start date"), "to": date_input("end date")}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": "The end date must be the same as or after the start date"})
        return attrs


def period_parameters(of: str = "") -> list[OpenApiParameter]:
    """The schema of ``PeriodInputSerializer``'s query string: "First day{of} (YYYY-MM-DD)", "Last day…"."""
    return [
        OpenApiParameter(name, OpenApiTypes.DATE, required=True, description=f"{day} day{of} (YYYY-MM-DD)")
        for name, day in (("from", "First"), ("to", "Last"))
    ]


# Figures for a period, answered with the names the query string uses (``from`` is a Python keyword,
# so the fields are named here): ``from``, ``to``, then the subclass's ``figures()``. (A comment, not
# a docstring: a serializer's docstring is its schema component's description.)
class PeriodOutputSerializer(serializers.Serializer):
    def figures(self) -> dict[str, serializers.Field]:
        return {}

    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": serializers.DateField(), "to": serializers.DateField(), **self.figures()}
