"""The database's two roles (DESIGN.md §12): an owner that migrates, an application that owns nothing.

The web app, the workers and the tests connect as the application role (``DATABASE_URL``).
Migrations (``manage.py migrate``) and the retention schedule (``manage.py apply_retention``)
connect as the owner (``DATABASE_OWNER_URL``): they change the schema, or anonymise evidence
years later, which the application itself may never do.

After every migration the owner grants the application what it needs and no more:
reading and writing rows, but no TRUNCATE anywhere, and no UPDATE or DELETE on the tables
registered here as append-only (the audit trail, supplied police information, its link
tables, addenda, custody record history). Where a table must stay writable for rows that are
not yet final (an information request before it is supplied), a trigger guards the final rows,
and pgtrigger's ``SET pgtrigger.ignore`` is honoured only for the database's owner, as
``ALTER TABLE … DISABLE TRIGGER`` is: the application cannot switch a guard off.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pgtrigger
import psycopg
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Model

# db_table → the privileges the application role must not hold on it.
_PROTECTED: dict[str, set[str]] = {}


def append_only(model: type[Model]) -> type[Model]:
    """Register a model (or a many-to-many ``through``) whose rows are never changed or removed."""
    _PROTECTED.setdefault(model._meta.db_table, set()).update({"UPDATE", "DELETE"})
    return model


def never_deleted(model: type[Model]) -> type[Model]:
    """Register a model whose rows are never removed (they may change until they are final)."""
    _PROTECTED.setdefault(model._meta.db_table, set()).add("DELETE")
    return model


def protected_tables() -> dict[str, frozenset[str]]:
    return {table: frozenset(privileges) for table, privileges in _PROTECTED.items()}


def append_only_triggers(prefix: str, what: str) -> tuple[pgtrigger.Trigger, pgtrigger.Trigger]:
    """The triggers that refuse UPDATE, DELETE (``<prefix>_append_only``) and TRUNCATE
    (``<prefix>_no_truncate``) of an append-only table to everyone, its owner included, unless
    the owner switches them off for a statement (``pgtrigger.ignore``)."""
    return (
        pgtrigger.Protect(name=f"{prefix}_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        pgtrigger.Trigger(
            name=f"{prefix}_no_truncate",
            level=pgtrigger.Statement,
            when=pgtrigger.Before,
            operation=pgtrigger.Truncate,
            func=f"RAISE EXCEPTION 'pgtrigger: Cannot truncate {what} (%)', TG_TABLE_NAME;",
        ),
    )


class Refuse(pgtrigger.Protect):
    """pgtrigger's Protect answering with PostgreSQL's own permission error (SQLSTATE 42501).

    For rows the application may write until they are final: once final, an UPDATE or DELETE is
    refused as the missing privilege refuses it on an append-only table.
    """

    def get_func(self, model: type[Model]) -> str:
        return self.format_sql(
            f"""
            RAISE EXCEPTION 'pgtrigger: Cannot {str(self.operation).lower()} rows from % table: {self.reason}',
                TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            """
        )

    def __init__(self, *, reason: str, **kwargs) -> None:
        self.reason = reason.replace("'", "''")
        super().__init__(**kwargs)


# pgtrigger's ignore switch, honoured only for members of the database's owner. Every trigger
# that pgtrigger installs writes its own version of this function again (any role may SET the
# switch), so it is put back after every migration, by the owner, who alone may replace it.
OWNER_ONLY_IGNORE = """
CREATE OR REPLACE FUNCTION public._pgtrigger_should_ignore(trigger_name NAME)
RETURNS BOOLEAN AS $$
    DECLARE
        _pgtrigger_ignore TEXT[];
    BEGIN
        BEGIN
            SELECT INTO _pgtrigger_ignore CURRENT_SETTING('pgtrigger.ignore');
            EXCEPTION WHEN OTHERS THEN
        END;
        IF _pgtrigger_ignore IS NULL OR NOT trigger_name = ANY(_pgtrigger_ignore) THEN
            RETURN FALSE;
        END IF;
        -- yjs: only the database's owner may switch a guard off (DESIGN.md §12).
        RETURN pg_has_role(
            current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER'
        );
    END;
$$ LANGUAGE plpgsql;
"""


def application_role() -> str | None:
    """The role the application connects as, or None when it is the owner itself."""
    owner = settings.DATABASE_OWNER
    role = settings.DATABASE_APPLICATION_ROLE
    if not owner or not role or owner.get("USER") == role:
        return None
    return role


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def grant_application_privileges(using: str = "default") -> None:
    """As the owner: give the application role its privileges on every table, and no more."""
    role = application_role()
    if role is None:
        return
    app = _quote(role)
    # One transaction: a running application never sees its privileges half given back.
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {app}")
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}")
        for table, privileges in sorted(_PROTECTED.items()):
            cursor.execute(f"REVOKE {', '.join(sorted(privileges))} ON {_quote(table)} FROM {app}")
        cursor.execute(OWNER_ONLY_IGNORE)


# Per connection alias: how many blocks are connected as the owner, and whom to reconnect as after.
_owner_blocks: dict[str, int] = {}
_connected_before: dict[str, dict] = {}


@contextmanager
def connected_as_owner(using: str = "default") -> Iterator[None]:
    """Run the block on a connection of the database's owner (migrations, retention, test flushes).

    The connection is closed and opened again as the owner, and closed again when the last such
    block ends (blocks may overlap, as a test's fixtures and its teardown do), so it cannot be
    used inside a transaction of the application's connection.
    """
    owner = settings.DATABASE_OWNER
    connection = connections[using]
    if not owner:
        yield
        return
    if not _owner_blocks.get(using):
        if connection.in_atomic_block:
            raise RuntimeError("The owner's connection cannot join a transaction of the application's connection.")
        _connected_before[using] = {key: connection.settings_dict.get(key) for key in ("USER", "PASSWORD")}
        connection.close()
        connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner.get("PASSWORD", ""))
    _owner_blocks[using] = _owner_blocks.get(using, 0) + 1
    try:
        yield
    finally:
        _owner_blocks[using] -= 1
        if not _owner_blocks[using]:
            connection.close()
            connection.settings_dict.update(_connected_before.pop(using))


def separate_connection(using: str = "default") -> psycopg.Connection:
    """A connection of its own (autocommit), from exactly the settings Django connects with, for
    work that must not share the application's transaction (another worker's session, in a test)."""
    return psycopg.connect(**connections[using].get_connection_params(), autocommit=True)


def refresh_planner_statistics(*tables: str) -> None:
    """After a bulk load: fresh planner statistics (and, outside a transaction, visibility maps),
    as autovacuum would have made by the time anyone used the data. Only a table's owner may
    analyse it, so this connects as the owner; inside a transaction of the application's role
    (a test's), which the owner's connection cannot see, it leaves them to autovacuum."""
    connection = connections["default"]
    targets = ", ".join(connection.ops.quote_name(table) for table in tables)
    if connection.in_atomic_block:
        if application_role() is None:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {targets}")
        return
    with connected_as_owner(), connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {targets}")
