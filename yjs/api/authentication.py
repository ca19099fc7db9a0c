"""The API's token authentication. DRF imports this module from the settings when a view class
first reads ``DEFAULT_AUTHENTICATION_CLASSES``, after the apps are loaded, so it may import models;
``rest_framework.authentication`` does not import ``rest_framework.views``."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from psycopg import sql
from rest_framework import authentication, exceptions

from yjs.models import User, access_columns

_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]

# The token, its user and the user's roles and teams (``User.access``), in one statement. The
# token is found by its digest (knox's primary key): the table holds no token itself.
_TOKEN_SQL = (
    sql.SQL(
        "SELECT t.created, t.expiry, {user_columns}, {access} FROM {token} t JOIN {user} u ON u.id = t.user_id "
        "WHERE t.digest = %s AND (t.expiry IS NULL OR t.expiry > %s)"
    )
    .format(
        user_columns=sql.SQL(", ").join(sql.Identifier("u", field.column) for field in User._meta.concrete_fields),
        access=access_columns(sql.Identifier("u", "id")),
        token=sql.Identifier(AuthToken._meta.db_table),
        user=sql.Identifier(User._meta.db_table),
    )
    .as_string()
)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, with the same answers, over django-rest-knox's hashed,
    expiring tokens: it reads the token, its user and the user's roles and teams in one statement
    (knox's own reads the token and user, then the user's other tokens, then roles and teams):
    every API request starts here. An expired token is refused like a wrong one; expired rows are
    removed when their user next signs in (``api_token_create``)."""

    def authenticate_credentials(self, key: str) -> tuple[User, AuthToken]:
        digest = hash_token(key)
        with connection.cursor() as cursor:
            cursor.execute(_TOKEN_SQL, [digest, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        created, expiry, *user_values, roles, team_ids = row
        user = User.from_db(connection.alias, _USER_FIELDS, user_values)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        user.access = (frozenset(roles), frozenset(team_ids))
        token = AuthToken(
            digest=digest, token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH], user=user, created=created, expiry=expiry
        )
        token._state.adding = False
        token._state.db = connection.alias
        return user, token
