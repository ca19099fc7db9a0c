"""Emptying the test database, which only its owner may do (DESIGN.md §3, §12)."""

import contextlib
from collections.abc import Iterator

import pgtrigger
from django.core.management import call_command

from yjs.database import connected_as_owner

# The guards that refuse a TRUNCATE: switched off for the owner's emptying alone.
NO_TRUNCATE = (
    "yjs.AuditEvent:audit_no_truncate",
    "yjs.AuditEvent:audit_append_only",
    "oocd.SignedDocumentVersion:signed_document_versions_no_truncate",
)


@contextlib.contextmanager
def as_the_owner_who_may_empty_tables() -> Iterator[None]:
    with connected_as_owner(), pgtrigger.ignore(*NO_TRUNCATE):
        yield


def database_emptied() -> None:
    """Every table emptied as after a transactional test (Django's flush: the data migrations' rows
    are made again by post_migrate)."""
    with as_the_owner_who_may_empty_tables():
        call_command("flush", verbosity=0, interactive=False)
