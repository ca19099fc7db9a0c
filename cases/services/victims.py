"""Writes for a case's victims. Their contact details are a victim worker's alone (DESIGN.md §2):
recording or changing them needs that role, and every read of them is audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from yjs.audit import audit_record, audit_record_many
from yjs.models import AuditAction, User
from yjs.services import changes_to, require, validate

from .. import permissions
from ..models import Case, Victim, VictimContactDetails


@transaction.atomic
def victim_add(
    *, case: Case, by: User, display_name: str, contact_details: dict[str, str] | None = None, **fields: Any
) -> Victim:
    require(permissions.can_manage_victims(by, case))
    if contact_details and not permissions.can_see_victim_contact_details(by):
        raise PermissionDenied("Only a victim worker can record a victim's contact details.")
    victim = Victim(case=case, display_name=display_name, **fields)
    validate(victim)
    victim.save()
    if contact_details:
        details = VictimContactDetails(victim=victim, **contact_details)
        validate(details)
        details.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=victim)
    return victim


@transaction.atomic
def victim_update(*, victim: Victim, by: User, contact_details: dict[str, str] | None = None, **fields: Any) -> Victim:
    require(permissions.can_manage_victims(by, victim.case))
    diff = changes_to(victim, fields)
    for field, value in fields.items():
        setattr(victim, field, value)
    validate(victim)
    victim.save()
    if contact_details is not None:
        require(permissions.can_see_victim_contact_details(by), "Only a victim worker can change contact details.")
        details, _ = VictimContactDetails.objects.get_or_create(victim=victim, defaults={"full_name": ""})
        for field, value in contact_details.items():
            setattr(details, field, value)
        validate(details)
        details.save()
        diff["contact_details"] = ["", "changed"]  # never the details themselves
    audit_record(actor=by, action=AuditAction.UPDATE, obj=victim, detail=diff)
    return victim


def victim_contact_details_view(*, victim: Victim, by: User, request=None) -> VictimContactDetails | None:
    """Read a victim's contact details: victim workers only, and always audited."""
    return victim_contact_details_view_many(victims=[victim], by=by, request=request).get(victim.pk)


def victim_contact_details_view_many(
    *, victims: list[Victim], by: User, request=None
) -> dict[int, VictimContactDetails]:
    """The contact details of the victims a page shows, by victim id: one audit event each, and
    a fixed number of queries however many victims."""
    if not victims:
        return {}
    require(permissions.can_see_victim_contact_details(by))
    case_ids = {victim.case_id for victim in victims}
    require(case_ids <= set(permissions.visible_cases(by).filter(pk__in=case_ids).values_list("pk", flat=True)))
    details = VictimContactDetails.objects.filter(victim__in=victims)
    audit_record_many(
        actor=by, action=AuditAction.VIEW_SENSITIVE, objs=victims, request=request, detail={"read": "contact_details"}
    )
    return {row.victim_id: row for row in details}
