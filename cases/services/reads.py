"""Reads that are recorded in the audit trail: a restricted case's records shown, a timeline's
sensitive records, a transfer pack downloaded."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from yjs.audit import audit_record, audit_record_many
from yjs.models import AuditAction, User
from yjs.services import require

from .. import permissions
from ..models import Case, CaseTransfer


def case_view_record(*, case: Case, user: User, request=None) -> None:
    """A read of a restricted case is a sensitive view: it goes in the audit trail."""
    if case.restricted:
        audit_record(
            actor=user, action=AuditAction.VIEW_SENSITIVE, obj=case, request=request, detail={"read": "restricted_case"}
        )


def restricted_case_records_viewed(*, records: Iterable[Any], user: User, via: str, request=None) -> int:
    """Showing records of restricted cases (an API list or detail: the cases themselves, or their
    assessments, plans, reviews, contacts, victims, transfers) is a sensitive view of each such case,
    as its page is: one event per restricted case shown, all written in one statement (none when
    no record shown is of a restricted case). ``records`` come with their case (``select_related``)."""
    shown: dict[int, Case] = {}
    for record in records:
        case = record if isinstance(record, Case) else record.case
        if case.restricted:
            shown.setdefault(case.pk, case)
    return audit_record_many(
        actor=user,
        action=AuditAction.VIEW_SENSITIVE,
        objs=shown.values(),
        request=request,
        detail={"read": "restricted_case", "via": via},
    )


def case_transfer_pack_export(*, transfer: CaseTransfer, by: User, request=None) -> None:
    """Downloading a case's transfer pack: the case's managers only, and an export in the audit trail."""
    require(permissions.can_manage_case(by, transfer.case), "Only a manager of the case's team can export it.")
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=transfer.case,
        request=request,
        detail={"export": "transfer_pack", "transfer": transfer.pk, "host_service": transfer.host_service},
    )


@transaction.atomic
def timeline_view_record(*, events: list, user: User, request=None) -> int:
    """Showing a timeline is a sensitive view of each record its events carry an
    ``audit_object`` for (e.g. supplied police information): one audit event per record."""
    shown: dict[tuple[str, Any], Any] = {}
    for event in events:
        obj = getattr(event, "audit_object", None)
        if obj is not None:
            shown.setdefault((obj._meta.label, obj.pk), obj)
    audit_record_many(
        actor=user, action=AuditAction.VIEW_SENSITIVE, objs=shown.values(), request=request, detail={"read": "timeline"}
    )
    return len(shown)
