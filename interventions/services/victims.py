"""Restorative justice and victim safety plans (DESIGN.md §10): work with a case's victims, recorded
by those who work on the open case and by the victim worker. A victim named is one of the case's own;
another case's victim is refused as a field error, as one the user may not see."""

from datetime import date
from typing import Any

from django.db import transaction

from cases.models import Case, Victim
from yjs.models import User
from yjs.services import audited_create, keep_recorded, locked, only_known_fields, require, strip_given, stripped
from yjs.validators import not_before, not_in_future, required_not_in_future

from .. import permissions
from ..models import RestorativeJustice, RestorativeType, VictimPart, VictimSafetyPlan
from .common import save_changes

NOT_PERMITTED = "You cannot record work with this case's victims."
NOT_OF_THE_CASE = "Select a victim of this case"
RESTORATIVE_FIELDS = {"victim", "restorative_type", "victim_part", "held_on", "outcome"}
SAFETY_PLAN_FIELDS = {"victim", "measures", "agreed_on", "review_on"}


def _correct(
    record: Any, *, by: User, fields: dict[str, Any], known: set[str], kept: tuple[str, str], text: str, errors
):
    """Correct a restorative justice record or a safety plan: only the ``known`` fields given, its
    ``text`` stripped; ``kept``: its date (and the words asking for it), changed but never erased."""
    record = locked(record, "case__child", only_its_row=True)
    require(permissions.can_record_victim_work(by, record.case), NOT_PERMITTED)
    only_known_fields(fields, known)
    keep_recorded(record, fields, *kept)
    strip_given(fields, text)
    return save_changes(record, by=by, fields=fields, errors=errors)


def _restorative_errors(record: RestorativeJustice) -> dict[str, str]:
    errors: dict[str, str] = {}
    if record.restorative_type not in RestorativeType.values:
        errors["restorative_type"] = "Select the type of restorative justice"
    if record.victim_part not in VictimPart.values:
        errors["victim_part"] = "Select the victim's part"
    if record.victim_id is not None and record.victim.case_id != record.case_id:
        errors["victim"] = NOT_OF_THE_CASE
    not_in_future(record.held_on, "held_on", errors, "date it took place")
    return errors


@transaction.atomic
def restorative_justice_record(
    *,
    case: Case,
    by: User,
    restorative_type: str,
    victim_part: str,
    victim: Victim | None = None,
    held_on: date | None = None,
    outcome: str = "",
) -> RestorativeJustice:
    """Record restorative justice on a case: its type, the victim's part (and which victim), when
    it took place and its outcome."""
    require(permissions.can_record_victim_work(by, case), NOT_PERMITTED)
    record = RestorativeJustice(
        case=case,
        victim=victim,
        restorative_type=restorative_type,
        victim_part=victim_part,
        held_on=held_on,
        outcome=stripped(outcome),
        recorded_by=by,
    )
    return audited_create(record, by=by, errors=_restorative_errors)


@transaction.atomic
def restorative_justice_update(*, record: RestorativeJustice, by: User, **fields: Any) -> RestorativeJustice:
    """Correct a restorative justice record, or record when it took place and its outcome."""
    return _correct(
        record,
        by=by,
        fields=fields,
        known=RESTORATIVE_FIELDS,
        kept=("held_on", "Enter the date it took place"),
        text="outcome",
        errors=_restorative_errors,
    )


def _safety_plan_errors(plan: VictimSafetyPlan) -> dict[str, str]:
    errors: dict[str, str] = {}
    if plan.victim_id is None:
        errors["victim"] = "Select the victim the plan keeps safe"
    elif plan.victim.case_id != plan.case_id:
        errors["victim"] = NOT_OF_THE_CASE
    if not plan.measures:
        errors["measures"] = "Enter what keeps the victim safe"
    required_not_in_future(plan.agreed_on, "agreed_on", errors, "date the plan was agreed")
    not_before(
        plan.review_on,
        plan.agreed_on,
        "review_on",
        errors,
        "review date",
        "the date the plan was agreed",
        unless="agreed_on",
    )
    return errors


@transaction.atomic
def victim_safety_plan_record(
    *, case: Case, by: User, victim: Victim | None, measures: str, agreed_on: date, review_on: date | None = None
) -> VictimSafetyPlan:
    """Record a victim's safety plan: the measures, when agreed and when it is reviewed."""
    require(permissions.can_record_victim_work(by, case), NOT_PERMITTED)
    plan = VictimSafetyPlan(
        case=case,
        victim=victim,
        measures=stripped(measures),
        agreed_on=agreed_on,
        review_on=review_on,
        recorded_by=by,
    )
    return audited_create(plan, by=by, errors=_safety_plan_errors)


@transaction.atomic
def victim_safety_plan_update(*, plan: VictimSafetyPlan, by: User, **fields: Any) -> VictimSafetyPlan:
    """Change a safety plan's measures or dates (its review, once held, by a new review date)."""
    return _correct(
        plan,
        by=by,
        fields=fields,
        known=SAFETY_PLAN_FIELDS,
        kept=("review_on", "Enter the review date"),
        text="measures",
        errors=_safety_plan_errors,
    )
