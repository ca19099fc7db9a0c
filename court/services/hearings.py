"""Writes of a child's hearings (DESIGN.md §10): the date, court, type and outcome of each, the next
hearing and the court duty officer's note, optionally linked to one of the child's cases.

A hearing is the child's: recorded through one of the child's open cases the user works on
(``permissions.can_record_hearing``); one linked to a case, by those who may record court work on
that case. An outcome is recorded once the hearing has happened; the next hearing is after it.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases.models import Case, Child
from yjs.models import User
from yjs.services import audited_change, audited_create, locked, only_known_fields, require, strip_given

from .. import permissions
from ..models import Hearing, HearingOutcome, HearingType

NOT_PERMITTED = "You cannot record hearings for this child."
HEARING_FIELDS = ("case", "heard_on", "court", "hearing_type", "outcome", "next_hearing_on", "duty_officer_note")


def may_record(user: User, child: Child, case: Case | None) -> bool:
    """Record or change a hearing of ``child`` (linked to ``case``, if any)."""
    if case is not None:
        return permissions.can_record_court_work(user, case)
    return permissions.can_record_hearing(user, child)


def _errors(hearing: Hearing) -> dict[str, str]:
    errors: dict[str, str] = {}
    if hearing.case_id is not None and hearing.case.child_id != hearing.child_id:
        errors["case"] = "Select one of the child's cases"
    if hearing.heard_on is None:
        errors["heard_on"] = "Enter the date of the hearing"
    if not (hearing.court or "").strip():
        errors["court"] = "Enter the court"
    if hearing.hearing_type not in HearingType.values:
        errors["hearing_type"] = "Select the type of hearing"
    if hearing.outcome and hearing.outcome not in HearingOutcome.values:
        errors["outcome"] = "Select the outcome of the hearing"
    elif hearing.outcome and hearing.heard_on and hearing.heard_on > timezone.localdate():
        errors["outcome"] = "Record the outcome once the hearing has happened: the hearing date is in the future"
    if hearing.next_hearing_on and hearing.heard_on and hearing.next_hearing_on <= hearing.heard_on:
        errors["next_hearing_on"] = "The date of the next hearing must be after the date of this hearing"
    return errors


@transaction.atomic
def hearing_record(
    *,
    child: Child,
    by: User,
    heard_on: date,
    court: str,
    hearing_type: str,
    outcome: str = "",
    next_hearing_on: date | None = None,
    duty_officer_note: str = "",
    case: Case | None = None,
) -> Hearing:
    """Record a hearing of the child (one on a future date is a listed hearing, its outcome to come)."""
    require(may_record(by, child, case), NOT_PERMITTED)
    hearing = Hearing(
        child=child,
        case=case,
        heard_on=heard_on,
        court=(court or "").strip(),
        hearing_type=hearing_type,
        outcome=outcome or "",
        next_hearing_on=next_hearing_on,
        duty_officer_note=(duty_officer_note or "").strip(),
        recorded_by=by,
    )
    return audited_create(hearing, by=by, detail={"child": child.pk, "case": case.pk if case else None}, errors=_errors)


@transaction.atomic
def hearing_update(*, hearing: Hearing, by: User, **fields: Any) -> Hearing:
    """Change a hearing: only the fields given (a field left out keeps its value)."""
    hearing = locked(hearing, "child", "case", only_its_row=True)
    require(may_record(by, hearing.child, hearing.case), NOT_PERMITTED)
    only_known_fields(fields, HEARING_FIELDS)
    if "case" in fields and fields["case"] is not None:
        require(may_record(by, hearing.child, fields["case"]), NOT_PERMITTED)
    strip_given(fields, "court", "duty_officer_note")
    if "outcome" in fields:
        fields["outcome"] = fields["outcome"] or ""
    return audited_change(hearing, by=by, fields=fields, errors=_errors)
