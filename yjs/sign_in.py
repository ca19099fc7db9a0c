"""Limits on signing in that django-axes does not keep.

Axes locks an account at one address (``AXES_LOCKOUT_PARAMETERS``). This module counts one
address's failed sign-ins across every username, in the Redis cache where every web worker sees
them, so that an address guessing passwords for many accounts is stopped too; its limit is higher
than an account's, as a whole office may share the address. Both the sign-in page and the token
API ask ``sign_in_address_blocked`` before checking a password; every failed sign-in, whichever
door it came through, is counted by the ``user_login_failed`` receiver in ``yjs.signals``.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from redis.exceptions import RedisError

from .audit import client_ip
from .models import User

log = logging.getLogger(__name__)

USERNAME_MAX_LENGTH = User._meta.get_field("username").max_length
SIGN_IN_ADDRESS_BLOCKED = "Too many failed sign-in attempts from your network. Try again later"


def axes_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username axes counts failures for: as typed, cut to the longest a username can be (axes
    stores it in a column of its own, and no account has a longer one)."""
    if credentials is not None:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return None if username is None else str(username)[:USERNAME_MAX_LENGTH]


def sign_in_failures_key(address: str) -> str:
    """The cache key of an address's count of failed sign-ins."""
    return f"sign-in-failures:{address}"


def sign_in_failure_count(request: HttpRequest | None) -> None:
    """Count one failed sign-in against the address it came from."""
    address = client_ip(request)
    if address is None:
        return
    key = sign_in_failures_key(address)
    try:
        # The window starts at the first failure; add() leaves a running count alone.
        cache.add(key, 0, timeout=settings.SIGN_IN_ADDRESS_WINDOW_SECONDS)
        cache.incr(key)
    except (RedisError, OSError, ValueError) as error:
        # ValueError: the key expired between add() and incr(). Redis down: axes still counts.
        log.warning("A failed sign-in is not counted against its address: %s", type(error).__name__)


def sign_in_address_blocked(request: HttpRequest) -> bool:
    """Whether the request's address has failed to sign in too often to try again yet."""
    address = client_ip(request)
    if address is None:
        return False
    try:
        failures = cache.get(sign_in_failures_key(address), 0)
    except (RedisError, OSError) as error:
        log.warning("The sign-in limit per address is not checked: the cache is not answering (%s)", error)
        return False
    return failures >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
