from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_logged_out
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from yjs.sign_in import SIGN_IN_ADDRESS_BLOCKED, sign_in_address_blocked

from .authentication import TokenAuthentication
from .base import Api
from .exceptions import AccountLocked
from .serializers import CredentialsSerializer, TokenSerializer
from .throttling import ClientAddressScopedRateThrottle
from .tokens import api_token_create, api_token_revoke

SIGN_IN_FAILED = "Enter a correct username and password"


class TokenObtainApi(APIView):
    """Public: the one view that overrides the gate (``yjs.api.permissions``)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ClientAddressScopedRateThrottle,)
    throttle_scope = "token"

    @extend_schema(
        operation_id="auth_token_create",
        summary="Get an API token",
        description="Exchange a username and password for the token to send as `Authorization: Token <token>`. "
        "The token expires after `API_TOKEN_EXPIRY_HOURS` (10 by default), and is revoked by "
        "`POST /api/v1/auth/logout/` and by a change of the user's password; each request makes a new one. "
        "Failed attempts count towards the lockout of the account from the address they came from, "
        "and towards a limit on failures from one address, as on the sign-in page.",
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
        if sign_in_address_blocked(request):
            raise exceptions.Throttled(detail=SIGN_IN_ADDRESS_BLOCKED)
        # The DRF request, not the Django one: django-axes flags a lockout on the request
        # it is given, and its middleware would answer a flagged Django request with HTML.
        user = authenticate(request=request, **serializer.validated_data)
        if getattr(request, "axes_locked_out", False):
            cool_off = get_cool_off(request)
            raise AccountLocked(wait=cool_off.total_seconds() if cool_off else None)
        if user is None or not user.is_active:
            raise exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [SIGN_IN_FAILED]})
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response(TokenSerializer({"token": api_token_create(user=user)}).data)


class LogoutApi(Api):
    """Revokes the token the request presents (DESIGN §12); the user's other tokens go on."""

    authentication_classes = (TokenAuthentication,)

    @extend_schema(
        operation_id="auth_logout_create",
        summary="Revoke this API token",
        description="The token sent in `Authorization: Token <token>` stops working at once.",
        request=None,
        responses={204: OpenApiResponse(description="The token is revoked")},
    )
    def post(self, request: Request) -> Response:
        api_token_revoke(token=request.auth)
        user_logged_out.send(sender=type(request.user), request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
