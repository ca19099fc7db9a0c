"""Referral order panels: scheduled from the order, held with two volunteers and a YJS member (DESIGN.md §10).

- ``panel_schedule_initial``: a referral order's initial panel, due ``rules.initial_panel_due``;
- ``panel_schedule``: the worker schedules a final or an extension (variation) panel;
- ``panel_hold``: a panel held, quorate (exactly two volunteers who may sit that day, and a YJS
  member of the case's team), with an outcome its type allows and, when agreed or varied, the
  contract. Then the next panel: another of the same type when adjourned (due when the adjourned one
  was: the deadline does not move), a progress panel due ``rules.progress_panel_due`` of the day held
  while the order goes on (until a final panel, or an outcome that ends the panels).
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from court import permissions, rules
from court.models import Contract, Order, OrderType, PanelOutcome, PanelType, ReferralPanel, Volunteer
from yjs.audit import audit_record
from yjs.models import AuditAction, User
from yjs.services import audited_create, locked, require
from yjs.validators import long_date, not_before, not_in_future

NOT_PERMITTED = "You cannot record panels on this case."

# The outcomes each type of panel may have.
OUTCOMES: dict[str, tuple[str, ...]] = {
    PanelType.INITIAL: (PanelOutcome.CONTRACT_AGREED, PanelOutcome.NO_CONTRACT, PanelOutcome.ADJOURNED),
    PanelType.PROGRESS: (
        PanelOutcome.PROGRESS_SATISFACTORY,
        PanelOutcome.CONTRACT_VARIED,
        PanelOutcome.REFERRED_BACK,
        PanelOutcome.ADJOURNED,
    ),
    PanelType.EXTENSION: (
        PanelOutcome.PROGRESS_SATISFACTORY,
        PanelOutcome.CONTRACT_VARIED,
        PanelOutcome.REFERRED_BACK,
        PanelOutcome.ADJOURNED,
    ),
    PanelType.FINAL: (PanelOutcome.COMPLETED, PanelOutcome.REFERRED_BACK),
}
# Outcomes after which no further panel is held (the order is completed or goes back to court).
ENDING = {PanelOutcome.NO_CONTRACT, PanelOutcome.REFERRED_BACK, PanelOutcome.COMPLETED}
# Outcomes that record a contract: required when agreed, optional when varied.
CONTRACT_REQUIRED = {PanelOutcome.CONTRACT_AGREED}
CONTRACT_ALLOWED = {PanelOutcome.CONTRACT_AGREED, PanelOutcome.CONTRACT_VARIED}
# The panels a worker schedules by hand (initial and progress panels are scheduled by rule).
SCHEDULED_BY_HAND = (PanelType.FINAL, PanelType.EXTENSION)
CONTRACT_FIELDS = ("activities", "reparation", "child_signed_on", "parent_signed_on", "parent_not_required")
QUORUM = 2


@transaction.atomic
def panel_schedule_initial(*, order: Order) -> ReferralPanel | None:
    """A referral order's initial panel, due ``rules.initial_panel_due`` of the order (once: a second
    call returns the panel already scheduled). None for any other order."""
    if order.order_type != OrderType.REFERRAL_ORDER:
        return None
    panel = order.panels.filter(panel_type=PanelType.INITIAL).first()
    if panel is None:
        panel = ReferralPanel.objects.create(
            order=order, panel_type=PanelType.INITIAL, due_on=rules.initial_panel_due(order.made_on)
        )
    return panel


def _order_goes_on(order: Order) -> bool:
    return order.order_type == OrderType.REFERRAL_ORDER and not order.outcome


@transaction.atomic
def panel_schedule(*, order: Order, by: User, panel_type: str, due_on: date | None) -> ReferralPanel:
    """Schedule a final panel or an extension (variation) panel of a referral order."""
    require(permissions.can_record_court_work(by, order.case), NOT_PERMITTED)
    errors: dict[str, str] = {}
    if order.order_type != OrderType.REFERRAL_ORDER:
        errors["order"] = "Panels are held for referral orders only"
    elif order.outcome:
        errors["order"] = "The order has ended: no more panels are held"
    if panel_type not in SCHEDULED_BY_HAND:
        errors["panel_type"] = "Select a final panel or an extension or variation panel"
    elif (
        panel_type == PanelType.FINAL and order.panels.filter(panel_type=PanelType.FINAL, held_on__isnull=True).exists()
    ):
        errors["panel_type"] = "A final panel is already scheduled"
    if due_on is None:
        errors["due_on"] = "Enter the date the panel is due"
    not_before(
        due_on,
        order.made_on,
        "due_on",
        errors,
        "date the panel is due",
        f"the order was made ({long_date(order.made_on)})",
    )
    if errors:
        raise ValidationError(errors)
    panel = ReferralPanel(order=order, panel_type=panel_type, due_on=due_on)
    return audited_create(panel, by=by)


def _volunteer_refusal(volunteer: Volunteer, day: date) -> str:
    """Why the volunteer may not sit on ``day`` ("" when they may)."""
    if volunteer.may_sit_on(day):
        return ""
    name, on = volunteer.name, long_date(day)
    if not volunteer.active:
        return f"{name} is no longer an active volunteer"
    if not volunteer.vetted_on or not volunteer.vetting_expires_on:
        return f"{name} cannot sit on a panel: no DBS check is recorded"
    if volunteer.vetted_on > day:
        return f"{name} cannot sit on a panel on {on}: their DBS check was on {long_date(volunteer.vetted_on)}"
    if volunteer.vetting_expires_on < day:
        return (
            f"{name} cannot sit on a panel on {on}: their DBS check lapsed on {long_date(volunteer.vetting_expires_on)}"
        )
    if not volunteer.trained_on or volunteer.trained_on > day:
        return f"{name} cannot sit on a panel on {on}: they have not completed panel training"
    return f"{name} cannot sit on a panel on {on}"


def _volunteer_errors(volunteers: list[Volunteer], held_on: date | None) -> list[str]:
    distinct = list({volunteer.pk: volunteer for volunteer in volunteers}.values())
    if len(distinct) < QUORUM:
        return ["A panel needs two community volunteers: with fewer it is not quorate"]
    if len(distinct) > QUORUM:
        return ["A panel has two community volunteers: select two"]
    if held_on is None:
        return []
    return [refusal for volunteer in distinct if (refusal := _volunteer_refusal(volunteer, held_on))]


def _contract_errors(contract: dict[str, Any], held_on: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (contract.get("activities") or "").strip():
        errors["contract.activities"] = "Enter the activities the contract agrees"
    if not (contract.get("reparation") or "").strip():
        errors["contract.reparation"] = "Enter the reparation the contract agrees"
    child_signed_on = contract.get("child_signed_on")
    parent_signed_on = contract.get("parent_signed_on")
    if child_signed_on is None:
        errors["contract.child_signed_on"] = "Enter the date the child signed the contract"
    if contract.get("parent_not_required"):
        if parent_signed_on is not None:
            errors["contract.parent_signed_on"] = (
                "Leave the date the parent or carer signed blank when no parent or carer signature is needed"
            )
    elif parent_signed_on is None:
        errors["contract.parent_signed_on"] = (
            "Enter the date the parent or carer signed the contract, or say no parent or carer signature is needed"
        )
    for field, label in (("child_signed_on", "child signed"), ("parent_signed_on", "parent or carer signed")):
        day, key = contract.get(field), f"contract.{field}"
        if day is None or key in errors:
            continue
        not_in_future(day, key, errors, f"date the {label} the contract")
        not_before(day, held_on, key, errors, f"date the {label} the contract", "the panel was held")
    return errors


def _hold_errors(
    panel: ReferralPanel,
    *,
    held_on: date | None,
    volunteers: list[Volunteer],
    yjs_member: User | None,
    outcome: str,
    contract: dict[str, Any] | None,
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    order, case = panel.order, panel.order.case
    if panel.held_on is not None:
        errors["held_on"] = "This panel has already been recorded as held"
        return errors
    if held_on is None:
        errors["held_on"] = "Enter the date the panel was held"
    else:
        not_in_future(held_on, "held_on", errors, "date the panel was held")
        not_before(
            held_on,
            order.made_on,
            "held_on",
            errors,
            "date the panel was held",
            f"the order was made ({long_date(order.made_on)})",
        )
    if found := _volunteer_errors(volunteers, held_on if "held_on" not in errors else None):
        errors["volunteers"] = found
    if yjs_member is None:
        errors["yjs_member"] = "Select the YJS member of the panel"
    elif not permissions.can_sit_as_yjs_member(yjs_member, case):
        errors["yjs_member"] = "Select a case worker or manager of the case's team as the YJS member"
    allowed = OUTCOMES[panel.panel_type]
    if not outcome:
        errors["outcome"] = "Select the panel's outcome"
    elif outcome not in allowed:
        labels = ", ".join(PanelOutcome(value).label.lower() for value in allowed)
        errors["outcome"] = f"An {panel.get_panel_type_display().lower()}'s outcome is one of: {labels}"
    if outcome in CONTRACT_REQUIRED and contract is None:
        errors["contract"] = "Record the contract agreed at the panel"
    elif contract is not None and outcome and outcome not in CONTRACT_ALLOWED and "outcome" not in errors:
        errors["contract"] = "A contract is recorded only when the panel agrees or varies one"
    elif contract is not None:
        unknown = set(contract).difference(CONTRACT_FIELDS)
        errors |= {f"contract.{name}": "Unknown field" for name in unknown}
        errors |= _contract_errors(contract, held_on)
    return errors


def _schedule_next(panel: ReferralPanel) -> ReferralPanel | None:
    """The panel that follows one held: another of the same type when adjourned; a progress panel
    while the order goes on (none once a final panel is due before it)."""
    order = panel.order
    if not _order_goes_on(order) or panel.outcome in ENDING or panel.panel_type == PanelType.FINAL:
        return None
    if panel.outcome == PanelOutcome.ADJOURNED:
        return ReferralPanel.objects.create(order=order, panel_type=panel.panel_type, due_on=panel.due_on)
    due_on = rules.progress_panel_due(panel.held_on)
    waiting = order.panels.filter(held_on__isnull=True)
    if waiting.filter(panel_type=PanelType.PROGRESS).exists():
        return None
    if waiting.filter(panel_type=PanelType.FINAL, due_on__lte=due_on).exists():
        return None
    return ReferralPanel.objects.create(order=order, panel_type=PanelType.PROGRESS, due_on=due_on)


@transaction.atomic
def panel_hold(
    *,
    panel: ReferralPanel,
    by: User,
    held_on: date | None,
    volunteers: list[Volunteer],
    yjs_member: User | None,
    outcome: str,
    notes: str = "",
    contract: dict[str, Any] | None = None,
) -> ReferralPanel:
    """Record a panel held: two volunteers who may sit that day and a YJS member of the case's team
    (not quorate otherwise), an outcome its type allows, notes and the contract agreed or varied.
    Schedules the next panel (``_schedule_next``)."""
    panel = locked(panel, "order__case")
    require(permissions.can_record_court_work(by, panel.order.case), NOT_PERMITTED)
    volunteers = list(volunteers or [])
    outcome = outcome or ""
    if errors := _hold_errors(
        panel, held_on=held_on, volunteers=volunteers, yjs_member=yjs_member, outcome=outcome, contract=contract
    ):
        raise ValidationError(errors)
    panel.held_on, panel.yjs_member, panel.outcome = held_on, yjs_member, outcome
    panel.notes = notes or ""
    panel.recorded_by, panel.recorded_at = by, timezone.now()
    panel.save(update_fields=["held_on", "yjs_member", "outcome", "notes", "recorded_by", "recorded_at"])
    panel.volunteers.set(volunteers)
    detail = {
        "held_on": held_on.isoformat(),
        "outcome": outcome,
        "volunteers": sorted(volunteer.pk for volunteer in volunteers),
        "yjs_member": yjs_member.pk,
    }
    audit_record(actor=by, action=AuditAction.UPDATE, obj=panel, detail=detail)
    if contract is not None:
        agreed = Contract(
            panel=panel,
            activities=contract["activities"].strip(),
            reparation=contract["reparation"].strip(),
            child_signed_on=contract.get("child_signed_on"),
            parent_signed_on=contract.get("parent_signed_on"),
            parent_not_required=bool(contract.get("parent_not_required")),
        )
        audited_create(agreed, by=by)
    _schedule_next(panel)
    return panel
