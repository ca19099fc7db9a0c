"""What every app's services do the same way: refuse who may not, validate a record, and save
an audited change (HackSoft's services, DESIGN.md §12's audit trail).

Each app's rules stay in its own ``services``; these are the steps around them.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from .audit import audit_record
from .models import AuditAction, User

NOT_PERMITTED = "You do not have permission to do this."

M = TypeVar("M", bound=models.Model)


def require(allowed: bool, message: str = NOT_PERMITTED) -> None:
    """Refuse (403) unless the app's ``permissions`` allowed it."""
    if not allowed:
        raise PermissionDenied(message)


def validate(instance: models.Model) -> None:
    """Model validation as field errors (a ValidationError with a message dict), with the
    database's constraints checked too, so their messages reach the page or the API."""
    instance.full_clean(validate_unique=True, validate_constraints=True)


def locked(instance: M, *related: str, only_its_row: bool = False) -> M:
    """``instance`` read again with its row locked until the transaction ends (and ``related`` read
    with it), so that what a service checks is what it then changes. ``only_its_row``: the rows
    read with it are not locked."""
    rows = type(instance).objects.select_for_update(**({"of": ("self",)} if only_its_row else {}))
    if related:
        rows = rows.select_related(*related)
    return rows.get(pk=instance.pk)


def stripped(value: str | None) -> str:
    """Text as typed, without the spaces around it (``None`` as empty text)."""
    return (value or "").strip()


def strip_given(fields: dict[str, Any], *names: str) -> None:
    """Strip the text ``fields`` of these ``names`` that are given."""
    for name in names:
        if name in fields:
            fields[name] = stripped(fields[name])


def keep_recorded(instance: models.Model, fields: dict[str, Any], field: str, message: str) -> None:
    """Refuse to empty a ``field`` already recorded on ``instance`` (changed, never erased)."""
    if field in fields and fields[field] is None and getattr(instance, field) is not None:
        raise ValidationError({field: message})


def only_known_fields(fields: dict[str, Any], known: Iterable[str]) -> None:
    """Refuse a field a service does not take (each named as an "Unknown field")."""
    unknown = set(fields).difference(known)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field"))


def audited_correction(
    instance: M,
    *,
    by: User,
    fields: dict[str, Any],
    known: set[str],
    text: Iterable[str] = (),
    errors: Callable[[Any], dict[str, str]] | None = None,
    touch: Iterable[str] = (),
) -> M:
    """Correct a record with the ``fields`` given, only those a service takes (``known``), its
    ``text`` fields stripped: the audited change of ``audited_change``."""
    only_known_fields(fields, known)
    strip_given(fields, *text)
    return audited_change(instance, by=by, fields=fields, errors=errors, touch=touch)


def changes_to(instance: models.Model, changes: dict[str, Any]) -> dict[str, list]:
    """The audit trail's diff of what ``changes`` would change: ``{"field": [old, new]}``."""
    return {
        field: [str(getattr(instance, field)), str(value)]
        for field, value in changes.items()
        if getattr(instance, field) != value
    }


def audited_create(
    instance: M,
    *,
    by: User | None,
    detail: dict[str, Any] | None = None,
    errors: Callable[[Any], dict[str, str]] | None = None,
) -> M:
    """Validate a new record (the service's field ``errors``, then the model's own), save it and
    record its creation in the audit trail."""
    if errors is not None and (found := errors(instance)):
        raise ValidationError(found)
    validate(instance)
    instance.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=instance, detail=detail)
    return instance


def audited_update(instance: M, *, by: User, detail: dict[str, Any] | None = None, **values: Any) -> M:
    """Set and save only these fields of ``instance``, and record the update in the audit trail
    (``detail``: by default the diff of what they change)."""
    if detail is None:
        detail = changes_to(instance, values)
    for field, value in values.items():
        setattr(instance, field, value)
    instance.save(update_fields=list(values))
    audit_record(actor=by, action=AuditAction.UPDATE, obj=instance, detail=detail)
    return instance


def audited_change(
    instance: M,
    *,
    by: User,
    fields: dict[str, Any],
    errors: Callable[[Any], dict[str, str]] | None = None,
    more: dict[str, Any] | None = None,
    touch: Iterable[str] = (),
) -> M:
    """Set ``fields`` on a record, check them (the service's field ``errors``, then the model's
    own), save only those (and ``touch``: e.g. an ``updated_at``) and record the update with its
    diff (``more``: what else changed, for the diff)."""
    diff = changes_to(instance, fields) | (more or {})
    for field, value in fields.items():
        setattr(instance, field, value)
    if errors is not None and (found := errors(instance)):
        raise ValidationError(found)
    validate(instance)
    update_fields = [*fields, *touch]
    if update_fields:
        instance.save(update_fields=update_fields)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=instance, detail=diff)
    return instance
