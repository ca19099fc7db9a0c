"""Reparation (DESIGN.md §10): a placement where the child makes amends to the community, with the
hours ordered, and each session's hours. The hours done are the sessions' sum, never typed over; a
session beyond the hours remaining is refused, and the placement is completed on the day of the
session that makes up the hours ordered."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum

from cases.models import Case
from yjs.models import User
from yjs.services import audited_create, audited_update, locked, only_known_fields, require, strip_given, stripped
from yjs.validators import not_before, required_not_in_future

from .. import permissions
from ..models import ReparationPlacement, ReparationSession
from .common import save_changes

NOT_PERMITTED = "You cannot record reparation on this case."
MAX_HOURS_ORDERED = 300
MAX_SESSION_HOURS = Decimal(12)
PLACEMENT_FIELDS = {"placement", "description", "hours_ordered", "started_on"}


def hours_done(placement: ReparationPlacement) -> Decimal:
    return placement.sessions.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def _placement_errors(placement: ReparationPlacement, done: Decimal = Decimal(0)) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not placement.placement:
        errors["placement"] = "Enter where the reparation takes place"
    ordered = placement.hours_ordered
    if ordered is None or not 1 <= ordered <= MAX_HOURS_ORDERED:
        errors["hours_ordered"] = f"Enter the hours ordered as a whole number from 1 to {MAX_HOURS_ORDERED}"
    elif ordered < done:
        errors["hours_ordered"] = f"The hours ordered cannot be fewer than the {done.normalize():f} hours done"
    required_not_in_future(placement.started_on, "started_on", errors, "date the placement started")
    return errors


@transaction.atomic
def reparation_placement_add(
    *, case: Case, by: User, placement: str, hours_ordered: int, started_on: date, description: str = ""
) -> ReparationPlacement:
    """Record a reparation placement and the hours ordered."""
    require(permissions.can_record_interventions(by, case), NOT_PERMITTED)
    row = ReparationPlacement(
        case=case,
        placement=stripped(placement),
        description=stripped(description),
        hours_ordered=hours_ordered,
        started_on=started_on,
        recorded_by=by,
    )
    return audited_create(row, by=by, errors=_placement_errors)


def _to_change(placement: ReparationPlacement, by: User) -> ReparationPlacement:
    placement = locked(placement, "case__child", only_its_row=True)
    require(permissions.can_record_interventions(by, placement.case), NOT_PERMITTED)
    return placement


def _complete_if_done(placement: ReparationPlacement, *, by: User) -> None:
    """Completed on the day of the last session once the hours ordered are done; open again if not."""
    totals = placement.sessions.aggregate(total=Sum("hours"), last=Max("done_on"))
    done = totals["total"] or Decimal(0)
    completed_on = totals["last"] if done >= placement.hours_ordered else None
    if completed_on != placement.completed_on:
        audited_update(
            placement,
            by=by,
            detail={"completed_on": [str(placement.completed_on), str(completed_on)]},
            completed_on=completed_on,
        )


@transaction.atomic
def reparation_placement_update(*, placement: ReparationPlacement, by: User, **fields: Any) -> ReparationPlacement:
    """Correct a placement (never its hours ordered below the hours done, nor its start after a session)."""
    placement = _to_change(placement, by)
    only_known_fields(fields, PLACEMENT_FIELDS)
    strip_given(fields, "placement", "description")
    done = hours_done(placement)
    first = placement.sessions.order_by("done_on").values_list("done_on", flat=True).first()

    def errors(row: ReparationPlacement) -> dict[str, str]:
        found = _placement_errors(row, done)
        if first and row.started_on and row.started_on > first and "started_on" not in found:
            found["started_on"] = "The date the placement started must be the same as or before its first session"
        return found

    save_changes(placement, by=by, fields=fields, errors=errors)
    _complete_if_done(placement, by=by)
    return placement


@transaction.atomic
def reparation_session_record(
    *, placement: ReparationPlacement, by: User, done_on: date, hours: Decimal, note: str = ""
) -> ReparationSession:
    """Record a session's hours; the session that makes up the hours ordered completes the placement."""
    placement = _to_change(placement, by)
    remaining = placement.hours_ordered - hours_done(placement)
    errors: dict[str, str] = {}
    if remaining <= 0:
        errors["hours"] = "The hours ordered are all done: no more sessions can be recorded"
    elif hours is None or not Decimal(0) < hours <= MAX_SESSION_HOURS:
        errors["hours"] = f"Enter the hours of the session, more than 0 and at most {MAX_SESSION_HOURS}"
    elif hours > remaining:
        errors["hours"] = f"Enter no more than the {remaining.normalize():f} hours remaining of the hours ordered"
    required_not_in_future(done_on, "done_on", errors, "date of the session")
    not_before(done_on, placement.started_on, "done_on", errors, "date of the session", "the placement started")
    if errors:
        raise ValidationError(errors)
    session = audited_create(
        ReparationSession(placement=placement, done_on=done_on, hours=hours, note=stripped(note), recorded_by=by), by=by
    )
    _complete_if_done(placement, by=by)
    return session
