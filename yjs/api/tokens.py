"""API tokens (django-rest-knox's model): made at sign-in, revoked at sign-out and by a change of
password. The token itself is shown once, to the client that signed in; the table keeps its
SHA-512 digest and its expiry."""

from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from yjs.models import User


def api_token_create(*, user: User) -> str:
    """A new token for the user, valid for ``API_TOKEN_EXPIRY_HOURS``; their expired ones go."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    _instance, token = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    return token


def api_token_revoke(*, token: AuthToken) -> None:
    """The one token presented stops working (the user's others go on)."""
    AuthToken.objects.filter(pk=token.pk).delete()


def api_tokens_revoke_all(*, user: User) -> int:
    """Every token of the user stops working: their password changed, or they were signed out
    everywhere. Returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
