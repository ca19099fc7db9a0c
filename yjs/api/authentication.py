"""The API's token authentication. DRF imports this module from the settings when a view class
first reads ``DEFAULT_AUTHENTICATION_CLASSES``, after the apps are loaded, so it may import models;
``rest_framework.authentication`` does not import ``rest_framework.views``."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext_lazy as _
from psycopg import sql
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from yjs.models import User, access_columns

_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]

# The token, its user and the user's roles and teams (``User.access``), in one statement.
_TOKEN_SQL = (
    sql.SQL(
        "SELECT t.created, {user_columns}, {access} FROM {token} t JOIN {user} u ON u.id = t.user_id WHERE t.key = %s"
    )
    .format(
        user_columns=sql.SQL(", ").join(sql.Identifier("u", field.column) for field in User._meta.concrete_fields),
        access=access_columns(sql.Identifier("u", "id")),
        token=sql.Identifier(Token._meta.db_table),
        user=sql.Identifier(User._meta.db_table),
    )
    .as_string()
)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, with the same answers, reading the token, its user and
    the user's roles and teams in one statement rather than two: every API request starts here."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        with connection.cursor() as cursor:
            cursor.execute(_TOKEN_SQL, [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        created, *user_values, roles, team_ids = row
        user = User.from_db(connection.alias, _USER_FIELDS, user_values)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        user.access = (frozenset(roles), frozenset(team_ids))
        token = Token(key=key, user=user, created=created)
        token._state.adding = False
        token._state.db = connection.alias
        return user, token
