from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .exceptions import AccountLocked
from .serializers import CredentialsSerializer, TokenSerializer
from .throttling import ClientAddressScopedRateThrottle

SIGN_IN_FAILED = "Enter a correct username and password"


class TokenObtainApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ClientAddressScopedRateThrottle,)
    throttle_scope = "token"

    @extend_schema(
        operation_id="auth_token_create",
        summary="Get an API token",
        description="Exchange a username and password for the token to send as `Authorization: Token <token>`. "
        "Failed attempts count towards the account lockout, as on the sign-in page.",
        auth=[],
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Missing fields, or the username and password do not match"),
            429: OpenApiResponse(description="Too many requests, or the account is locked"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The DRF request, not the Django one: django-axes flags a lockout on the request
        # it is given, and its middleware would answer a flagged Django request with HTML.
        user = authenticate(request=request, **serializer.validated_data)
        if getattr(request, "axes_locked_out", False):
            cool_off = get_cool_off(request)
            raise AccountLocked(wait=cool_off.total_seconds() if cool_off else None)
        if user is None or not user.is_active:
            raise exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [SIGN_IN_FAILED]})
        user_logged_in.send(sender=type(user), request=request, user=user)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key}).data)
