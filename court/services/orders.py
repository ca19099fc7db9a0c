"""Writes for a court order case's order, its requirements and their progress, and breach proceedings
(DESIGN.md §10).

- ``order_record``: the order of a referral order, youth rehabilitation order or detention and
  training order case (one a case, of the case's type); its end date agrees with the case's
  (``case.order_end_date``, set from it when the case has none). A referral order's initial panel
  is scheduled at once (``panels.panel_schedule_initial``). ``order_update`` corrects it,
  ``order_end`` records how it ended.
- ``requirement_add``: a youth rehabilitation order's requirement, refused when the child's age on
  the day the order was made does not allow it (``rules.requirement_refusal``); unpaid work within
  ``rules.UNPAID_WORK_HOURS``. ``requirement_progress_record`` adds hours or days done (never more
  than remain): the requirement is completed when they reach those ordered; ``requirement_complete``
  completes one by hand (one with nothing to count, or all of it done).
- ``breach_lay``: breach proceedings laid before the court after the enforcement steps recorded in
  the case's contacts; ``breach_outcome_record`` the court's outcome (revoked and resentenced ends
  the order).

Each takes the member of staff (``by``), refuses who may not (``permissions.can_record_court_work``,
403) and answers bad input with field errors in GOV.UK's words, having changed nothing.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from cases.models import COURT_ORDER_TYPES, Case, Contact, EnforcementStep
from yjs.models import User
from yjs.services import audited_correction, audited_create, audited_update, locked, require, stripped
from yjs.validators import long_date, not_before, not_in_future

from .. import permissions, rules
from ..models import (
    BreachOutcome,
    BreachProceedings,
    Hearing,
    Order,
    OrderOutcome,
    OrderType,
    Requirement,
    RequirementProgress,
    RequirementStatus,
    RequirementType,
)
from .panels import panel_schedule_initial

NOT_PERMITTED = "You cannot record court work on this case."
# The contacts whose enforcement step may lead to breach proceedings.
BREACH_STEPS = (EnforcementStep.WARNING, EnforcementStep.BREACH)
LENGTH_MONTHS = (1, 36)


def _may_record(by: User, case: Case) -> None:
    require(permissions.can_record_court_work(by, case), NOT_PERMITTED)


def _to_change(order: Order, by: User) -> Order:
    """The order, locked for the change by one who may make it."""
    order = locked(order, "case__child")
    _may_record(by, order.case)
    return order


def _order_type_label(value: str) -> str:
    return OrderType(value).label.lower() if value in OrderType.values else value


def _date_errors(
    errors: dict[str, str], field: str, value: date | None, label: str, *, after: tuple[date, str] | None = None
) -> None:
    """``value`` given, not in the future and (``after``: a date and the words for it, "the date it
    was made") not before that date."""
    if value is None:
        errors.setdefault(field, f"Enter the {label}")
        return
    not_in_future(value, field, errors, label)
    if after is not None and after[0] is not None:
        not_before(value, after[0], field, errors, label, f"{after[1]}, {long_date(after[0])}")


def _hearing_errors(errors: dict[str, str], hearing: Hearing | None, case: Case) -> None:
    if hearing is not None and hearing.child_id != case.child_id:
        errors["hearing"] = "Select a hearing of this child"


# --- Orders ----------------------------------------------------------------------------------------


def order_ends_on(made_on: date, length_months: int) -> date:
    """An order's end by default: ``length_months`` after the day it was made."""
    return made_on + relativedelta(months=length_months)


def _order_errors(order: Order) -> dict[str, str]:
    errors: dict[str, str] = {}
    case = order.case
    if order.order_type not in OrderType.values:
        errors["order_type"] = "Select the type of order"
    elif order.order_type != case.case_type:
        errors["order_type"] = f"Select the case's order: this is a {_order_type_label(case.case_type)} case"
    if not stripped(order.court):
        errors["court"] = "Enter the court that made the order"
    _date_errors(errors, "made_on", order.made_on, "date the order was made")
    low, high = LENGTH_MONTHS
    if order.length_months is None or not low <= order.length_months <= high:
        errors["length_months"] = f"Enter the length of the order in months, from {low} to {high}"
    if order.ends_on is None:
        if not {"made_on", "length_months"} & set(errors):
            errors["ends_on"] = "Enter the date the order ends"
    elif order.made_on and order.ends_on < order.made_on:
        errors["ends_on"] = "The date the order ends must be the same as or after the date it was made"
    elif case.order_end_date is None and order.ends_on < case.start_date:
        errors["ends_on"] = (
            f"The date the order ends must be the same as or after the case started, {long_date(case.start_date)}"
        )
    elif case.order_end_date and order.ends_on != case.order_end_date:
        errors["ends_on"] = (
            f"The case records that the order ends on {long_date(case.order_end_date)}: "
            "enter that date, or correct the case's order end date first"
        )
    _hearing_errors(errors, order.hearing, case)
    return errors


def _set_case_end(case: Case, ends_on: date, by: User) -> None:
    """A case that did not yet know when its order ends learns it from the order."""
    if case.order_end_date is None:
        audited_update(case, by=by, order_end_date=ends_on)


@transaction.atomic
def order_record(
    *,
    case: Case,
    by: User,
    order_type: str,
    court: str,
    made_on: date,
    length_months: int,
    ends_on: date | None = None,
    hearing: Hearing | None = None,
) -> Order:
    """Record the order of a court order case (one a case); a referral order's initial panel is
    scheduled at once, due ``rules.initial_panel_due`` of the day it was made."""
    case = locked(case, "child")
    _may_record(by, case)
    if case.case_type not in COURT_ORDER_TYPES:
        raise ValidationError(
            {"case": f"A {case.get_case_type_display().lower()} case has no court order to record: only referral "
                     "order, youth rehabilitation order and detention and training order cases have one"}
        )  # fmt: skip
    if Order.objects.filter(case=case).exists():
        raise ValidationError({"case": "This case's order is already recorded: change it instead"})
    low, high = LENGTH_MONTHS
    # By default the length after the day it was made (not for a day in the future, which is refused).
    made_by_today = made_on is not None and made_on <= timezone.localdate()
    if ends_on is None and made_by_today and isinstance(length_months, int) and low <= length_months <= high:
        ends_on = order_ends_on(made_on, length_months)
    order = Order(
        case=case,
        order_type=order_type,
        court=stripped(court),
        made_on=made_on,
        length_months=length_months,
        ends_on=ends_on,
        hearing=hearing,
        recorded_by=by,
    )
    audited_create(order, by=by, errors=_order_errors)
    _set_case_end(case, order.ends_on, by)
    panel_schedule_initial(order=order)
    return order


ORDER_FIELDS = {"court", "made_on", "length_months", "ends_on", "hearing"}


@transaction.atomic
def order_update(*, order: Order, by: User, **fields: Any) -> Order:
    """Correct an order's court, dates, length or hearing (its type is the case's). Fields not given
    stay as they are; a required one cannot be emptied."""
    order = _to_change(order, by)
    audited_correction(order, by=by, fields=fields, known=ORDER_FIELDS, text=("court",), errors=_order_errors)
    _set_case_end(order.case, order.ends_on, by)
    return order


def _end(order: Order, *, by: User, outcome: str, ended_on: date) -> None:
    """End the order; its requirements still active end with it, before completion."""
    audited_update(order, by=by, outcome=outcome, ended_on=ended_on)
    order.requirements.filter(status=RequirementStatus.ACTIVE).update(status=RequirementStatus.ENDED_EARLY)


@transaction.atomic
def order_end(*, order: Order, by: User, outcome: str, ended_on: date) -> Order:
    """Record how and when the order ended: completed successfully, or revoked."""
    order = _to_change(order, by)
    if order.outcome:
        raise ValidationError(
            {
                "outcome": f"The order has already ended: {order.get_outcome_display().lower()} "
                f"on {long_date(order.ended_on)}"
            }
        )
    errors: dict[str, str] = {}
    if outcome not in OrderOutcome.values:
        errors["outcome"] = "Select how the order ended"
    _date_errors(errors, "ended_on", ended_on, "date the order ended", after=(order.made_on, "the date it was made"))
    if errors:
        raise ValidationError(errors)
    _end(order, by=by, outcome=outcome, ended_on=ended_on)
    return order


# --- Requirements --------------------------------------------------------------------------------------


def _requirement_errors(requirement: Requirement, order: Order) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = requirement.requirement_type
    if kind not in RequirementType.values:
        errors["requirement_type"] = "Select the type of requirement"
    elif refusal := rules.requirement_refusal(
        kind, date_of_birth=order.case.child.date_of_birth, made_on=order.made_on
    ):
        errors["requirement_type"] = refusal
    if requirement.starts_on is None:
        errors["starts_on"] = "Enter the date the requirement starts"
    not_before(
        requirement.starts_on,
        order.made_on,
        "starts_on",
        errors,
        "date the requirement starts",
        f"the date the order was made, {long_date(order.made_on)}",
    )
    if requirement.ends_on is not None:
        if requirement.starts_on and requirement.ends_on < requirement.starts_on:
            errors["ends_on"] = "The date the requirement ends must be the same as or after the date it starts"
        elif requirement.ends_on > order.ends_on:
            errors["ends_on"] = (
                "The date the requirement ends must be the same as or before the order ends, "
                f"{long_date(order.ends_on)}"
            )
    hours, days = requirement.hours_ordered, requirement.days_ordered
    if hours is not None and days is not None:
        errors["days_ordered"] = "Enter the hours or the days ordered, not both"
    if hours is not None and hours < 1:
        errors["hours_ordered"] = "The hours ordered must be 1 or more"
    if days is not None and days < 1:
        errors["days_ordered"] = "The days ordered must be 1 or more"
    if kind == RequirementType.UNPAID_WORK and "requirement_type" not in errors:
        low, high = rules.UNPAID_WORK_HOURS
        if hours is None or not low <= hours <= high:
            errors["hours_ordered"] = f"Enter the hours of unpaid work ordered, from {low} to {high}"
    return errors


@transaction.atomic
def requirement_add(
    *,
    order: Order,
    by: User,
    requirement_type: str,
    starts_on: date,
    ends_on: date | None = None,
    hours_ordered: int | None = None,
    days_ordered: int | None = None,
    details: str = "",
) -> Requirement:
    """Add a requirement of a youth rehabilitation order; one the child's age (on the day the order
    was made) does not allow is refused with the reason."""
    order = Order.objects.select_related("case__child").get(pk=order.pk)
    _may_record(by, order.case)
    if order.order_type != OrderType.YOUTH_REHABILITATION_ORDER:
        raise ValidationError(
            {"order": f"Requirements are set by a youth rehabilitation order: this order is a "
                      f"{_order_type_label(order.order_type)}"}
        )  # fmt: skip
    if order.outcome:
        raise ValidationError({"order": f"The order ended on {long_date(order.ended_on)}: no requirement can be added"})
    requirement = Requirement(
        order=order,
        requirement_type=requirement_type,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_ordered=hours_ordered,
        days_ordered=days_ordered,
        details=details or "",
        recorded_by=by,
    )
    if errors := _requirement_errors(requirement, order):
        raise ValidationError(errors)
    return audited_create(requirement, by=by)


def progress_done(requirement: Requirement) -> tuple[Decimal, int]:
    """The hours and days recorded towards the requirement."""
    done = requirement.progress.aggregate(hours=Sum("hours"), days=Sum("days"))
    return done["hours"] or Decimal(0), done["days"] or 0


def _number(value: Decimal | int) -> str:
    """2, 2.5 or 2.25: hours as people write them."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _progress_errors(requirement: Requirement, *, done_on, hours, days) -> dict[str, str]:
    errors: dict[str, str] = {}
    _date_errors(
        errors,
        "done_on",
        done_on,
        "date the work was done",
        after=(requirement.starts_on, "the date the requirement started"),
    )
    if hours is not None and days is not None:
        errors["days"] = "Enter the hours or the days done, not both"
    elif hours is None and days is None:
        counted = "days" if requirement.days_ordered is not None else "hours"
        errors[counted] = f"Enter the {counted} done"
    elif hours is not None and requirement.days_ordered is not None:
        errors["hours"] = "This requirement counts days: enter the days done"
    elif days is not None and requirement.hours_ordered is not None:
        errors["days"] = "This requirement counts hours: enter the hours done"
    if hours is not None and "hours" not in errors:
        if hours <= 0:
            errors["hours"] = "The hours done must be more than 0"
        elif Decimal(hours).as_tuple().exponent < -2:
            errors["hours"] = "Enter the hours done to at most 2 decimal places, like 2.5"
    if days is not None and days < 1 and "days" not in errors:
        errors["days"] = "The days done must be 1 or more"
    if errors:
        return errors
    hours_done, days_done = progress_done(requirement)
    if hours is not None and requirement.hours_ordered is not None:
        remaining = Decimal(requirement.hours_ordered) - hours_done
        if Decimal(hours) > remaining:
            errors["hours"] = (
                f"Only {_number(remaining)} of the {requirement.hours_ordered} hours ordered remain: "
                f"enter {_number(remaining)} or fewer"
            )
    if days is not None and requirement.days_ordered is not None and days > requirement.days_ordered - days_done:
        remaining = requirement.days_ordered - days_done
        errors["days"] = (
            f"Only {remaining} of the {requirement.days_ordered} days ordered remain: enter {remaining} or fewer"
        )
    return errors


def _complete(requirement: Requirement, *, by: User, on: date) -> None:
    audited_update(requirement, by=by, status=RequirementStatus.COMPLETED, completed_on=on)


def _requirement_to_change(requirement: Requirement, by: User) -> Requirement:
    """An active requirement, locked for the change by one who may make it."""
    requirement = locked(requirement, "order__case")
    _may_record(by, requirement.order.case)
    if requirement.status != RequirementStatus.ACTIVE:
        raise ValidationError(
            f"This requirement is {requirement.get_status_display().lower()}: nothing more can be recorded"
        )
    return requirement


@transaction.atomic
def requirement_progress_record(
    *,
    requirement: Requirement,
    by: User,
    done_on: date,
    hours: Decimal | None = None,
    days: int | None = None,
    note: str = "",
) -> RequirementProgress:
    """Hours or days done towards a requirement on a day, never more than remain; once they reach
    those ordered the requirement is completed (on that day)."""
    requirement = _requirement_to_change(requirement, by)
    if errors := _progress_errors(requirement, done_on=done_on, hours=hours, days=days):
        raise ValidationError(errors)
    progress = audited_create(
        RequirementProgress(
            requirement=requirement, done_on=done_on, hours=hours, days=days, note=note or "", recorded_by=by
        ),
        by=by,
    )
    hours_done, days_done = progress_done(requirement)
    reached_hours = requirement.hours_ordered is not None and hours_done >= requirement.hours_ordered
    reached_days = requirement.days_ordered is not None and days_done >= requirement.days_ordered
    if reached_hours or reached_days:
        latest = requirement.progress.order_by("-done_on").values_list("done_on", flat=True).first()
        _complete(requirement, by=by, on=latest)
    return progress


@transaction.atomic
def requirement_complete(*, requirement: Requirement, by: User, completed_on: date) -> Requirement:
    """Mark a requirement completed by hand: one with no hours or days to count (a curfew, a
    supervision requirement). One with hours or days ordered completes when they are all done."""
    requirement = _requirement_to_change(requirement, by)
    errors: dict[str, str] = {}
    _date_errors(
        errors,
        "completed_on",
        completed_on,
        "date the requirement was completed",
        after=(requirement.starts_on, "the date it started"),
    )
    if requirement.hours_ordered is not None or requirement.days_ordered is not None:
        hours_done, days_done = progress_done(requirement)
        if requirement.hours_ordered is not None:
            left = f"{_number(requirement.hours_ordered - hours_done)} of the {requirement.hours_ordered} hours"
        else:
            left = f"{requirement.days_ordered - days_done} of the {requirement.days_ordered} days"
        errors["completed_on"] = f"{left} ordered remain: record them as progress, and it completes when they are done"
    if errors:
        raise ValidationError(errors)
    _complete(requirement, by=by, on=completed_on)
    return requirement


# --- Breach proceedings --------------------------------------------------------------------------------


def contacts_for_breach(case: Case):
    """The case's contacts whose enforcement step may lead to breach proceedings (a warning, a breach)."""
    return Contact.objects.filter(case=case, enforcement_step__in=BREACH_STEPS).order_by("-scheduled_at", "-id")


@transaction.atomic
def breach_lay(
    *,
    order: Order,
    by: User,
    laid_on: date,
    reason: str,
    enforcement_contacts: Iterable[Contact] = (),
    hearing: Hearing | None = None,
) -> BreachProceedings:
    """Breach proceedings laid before the court, naming the case's contacts whose warnings or
    breaches led to them."""
    order = Order.objects.select_related("case__child").get(pk=order.pk)
    _may_record(by, order.case)
    if order.outcome:
        raise ValidationError(
            {"order": f"The order ended on {long_date(order.ended_on)}: breach proceedings cannot be laid"}
        )
    errors: dict[str, str] = {}
    _date_errors(
        errors, "laid_on", laid_on, "date the breach was laid", after=(order.made_on, "the date the order was made")
    )
    if not stripped(reason):
        errors["reason"] = "Enter the reason for the breach proceedings"
    contacts = list(enforcement_contacts or ())
    allowed = set(contacts_for_breach(order.case).values_list("pk", flat=True))
    if any(contact.pk not in allowed for contact in contacts):
        errors["enforcement_contacts"] = "Select contacts of this case that recorded a warning or a breach"
    _hearing_errors(errors, hearing, order.case)
    if errors:
        raise ValidationError(errors)
    breach = audited_create(
        BreachProceedings(order=order, laid_on=laid_on, reason=stripped(reason), hearing=hearing, recorded_by=by),
        by=by,
        detail={"enforcement_contacts": sorted(contact.pk for contact in contacts)},
    )
    breach.enforcement_contacts.set(contacts)
    return breach


@transaction.atomic
def breach_outcome_record(
    *, breach: BreachProceedings, by: User, outcome: str, outcome_on: date, hearing: Hearing | None = None
) -> BreachProceedings:
    """The court's outcome of breach proceedings; an order revoked and the child resentenced ends
    (revoked after breach, on the outcome's date)."""
    breach = locked(breach, "order__case")
    order = breach.order
    _may_record(by, order.case)
    if breach.outcome:
        raise ValidationError({"outcome": "The outcome of these breach proceedings is already recorded"})
    errors: dict[str, str] = {}
    if outcome not in BreachOutcome.values:
        errors["outcome"] = "Select the outcome of the breach proceedings"
    _date_errors(
        errors, "outcome_on", outcome_on, "date of the outcome", after=(breach.laid_on, "the date the breach was laid")
    )
    _hearing_errors(errors, hearing, order.case)
    ends_order = outcome == BreachOutcome.REVOKED_RESENTENCED
    if ends_order and order.outcome and "outcome" not in errors:
        errors["outcome"] = f"The order already ended on {long_date(order.ended_on)}"
    if errors:
        raise ValidationError(errors)
    values = {"outcome": outcome, "outcome_on": outcome_on}
    if hearing is not None:
        values["hearing"] = hearing
    audited_update(breach, by=by, **values)
    if ends_order:
        _end(order, by=by, outcome=OrderOutcome.REVOKED_BREACH, ended_on=outcome_on)
    return breach
