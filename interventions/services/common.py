"""What the interventions services share: saving a checked change, and auditing reads of
restricted cases' records."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from cases.services import restricted_case_records_viewed
from yjs.audit import audit_record
from yjs.models import AuditAction, User
from yjs.services import changes_to, validate


def strip(value: str | None) -> str:
    return (value or "").strip()


def save_changes(
    record: models.Model, *, by: User, fields: dict[str, Any], errors: Callable[[Any], dict[str, str]]
) -> None:
    """Set ``fields`` on the record, check them (the area's field errors, then the model's own), save
    only those fields and audit the diff."""
    diff = changes_to(record, fields)
    for field, value in fields.items():
        setattr(record, field, value)
    if found := errors(record):
        raise ValidationError(found)
    validate(record)
    if fields:
        record.save(update_fields=list(fields))
    audit_record(actor=by, action=AuditAction.UPDATE, obj=record, detail=diff)


def intervention_records_viewed(*, records: Iterable[Any], user: User, via: str, request=None) -> int:
    """Showing a case's interventions records (each with its ``case``) of a restricted case is a
    sensitive view of that case: one audit event per restricted case, in one statement."""
    return restricted_case_records_viewed(records=records, user=user, via=via, request=request)
