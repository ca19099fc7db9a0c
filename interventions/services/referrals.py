"""A case's referrals to interventions (DESIGN.md §10): made to an intervention in use, started,
sessions offered and attended recorded as they go (never more attended than offered), and ended
with an outcome. Recorded by those who work on the open case."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case
from yjs.models import User
from yjs.services import audited_create, keep_recorded, locked, only_known_fields, require, strip_given, stripped
from yjs.validators import not_before, not_in_future, required_not_in_future

from .. import permissions
from ..models import Intervention, InterventionReferral, ReferralOutcome
from .common import save_changes

NOT_PERMITTED = "You cannot record interventions on this case."
MAX_SESSIONS = 500
UPDATE_FIELDS = {"referred_on", "reason", "started_on", "sessions_offered", "sessions_attended"}
# Outcomes that say the child did the intervention (in part or whole): it must have started.
DONE = (ReferralOutcome.COMPLETED, ReferralOutcome.PARTLY_COMPLETED)


def _errors(referral: InterventionReferral) -> dict[str, str]:
    errors: dict[str, str] = {}
    required_not_in_future(referral.referred_on, "referred_on", errors, "date of the referral")
    not_in_future(referral.started_on, "started_on", errors, "date the intervention started")
    not_before(
        referral.started_on, referral.referred_on, "started_on", errors, "date the intervention started", "the referral"
    )
    for name in ("sessions_offered", "sessions_attended"):
        value = getattr(referral, name)
        if value is None or not 0 <= value <= MAX_SESSIONS:
            errors[name] = f"Enter the {name.replace('_', ' ')} as a whole number from 0 to {MAX_SESSIONS}"
    offered, attended = referral.sessions_offered, referral.sessions_attended
    if "sessions_offered" not in errors and "sessions_attended" not in errors and attended > offered:
        errors["sessions_attended"] = "The sessions attended cannot be more than the sessions offered"
    if attended and referral.started_on is None and "started_on" not in errors:
        errors["started_on"] = "Enter the date the intervention started: sessions have been attended"
    return errors


def _end_errors(referral: InterventionReferral) -> dict[str, str]:
    errors = _errors(referral)
    if referral.outcome not in ReferralOutcome.values:
        errors["outcome"] = "Select how the referral ended"
    elif referral.outcome in DONE and referral.started_on is None:
        errors["outcome"] = "Record the date the intervention started before saying the child completed it"
    required_not_in_future(referral.ended_on, "ended_on", errors, "date the referral ended")
    latest = max(day for day in (referral.referred_on, referral.started_on) if day) if referral.referred_on else None
    not_before(referral.ended_on, latest, "ended_on", errors, "date the referral ended", "it was made and started")
    return errors


@transaction.atomic
def referral_make(
    *, case: Case, by: User, intervention: Intervention, referred_on: date, reason: str = ""
) -> InterventionReferral:
    """Refer the case's child to an intervention of the catalogue that is in use."""
    require(permissions.can_record_interventions(by, case), NOT_PERMITTED)
    # As the catalogue holds it now (a manager may have just taken it out of use).
    if intervention is None or not Intervention.objects.filter(pk=intervention.pk, active=True).exists():
        raise ValidationError({"intervention": "Select an intervention that is in use"})
    referral = InterventionReferral(
        case=case, intervention=intervention, referred_on=referred_on, reason=stripped(reason), recorded_by=by
    )
    return audited_create(referral, by=by, errors=_errors)


def _to_change(referral: InterventionReferral, by: User) -> InterventionReferral:
    referral = locked(referral, "case__child", "intervention", only_its_row=True)
    require(permissions.can_record_interventions(by, referral.case), NOT_PERMITTED)
    return referral


@transaction.atomic
def referral_update(*, referral: InterventionReferral, by: User, **fields: Any) -> InterventionReferral:
    """Record the start and the sessions offered and attended, or correct the referral. A date
    recorded is changed, never erased; an ended referral is kept as it ended."""
    referral = _to_change(referral, by)
    only_known_fields(fields, UPDATE_FIELDS)
    if referral.ended_on is not None:
        raise ValidationError("This referral has ended: it cannot be changed")
    strip_given(fields, "reason")
    keep_recorded(referral, fields, "started_on", "Enter the date the intervention started")
    save_changes(referral, by=by, fields=fields, errors=_errors)
    return referral


@transaction.atomic
def referral_end(
    *,
    referral: InterventionReferral,
    by: User,
    ended_on: date,
    outcome: str,
    sessions_offered: int | None = None,
    sessions_attended: int | None = None,
) -> InterventionReferral:
    """End the referral with its outcome (and the final count of sessions, if given)."""
    referral = _to_change(referral, by)
    if referral.ended_on is not None:
        raise ValidationError({"ended_on": "This referral has already ended"})
    fields: dict[str, Any] = {"ended_on": ended_on, "outcome": outcome or ""}
    if sessions_offered is not None:
        fields["sessions_offered"] = sessions_offered
    if sessions_attended is not None:
        fields["sessions_attended"] = sessions_attended
    return save_changes(referral, by=by, fields=fields, errors=_end_errors, more={"ended": True})
