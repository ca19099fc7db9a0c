from rest_framework.authtoken.views import ObtainAuthToken


class TokenObtainApi(ObtainAuthToken):
    pass
