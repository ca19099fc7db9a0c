"""Reads of orders, requirements with their progress, and breach proceedings, within the cases the
user may read (``court.permissions.visible_cases``: another team's restricted case is not there).
The figures of orders ended and unpaid work done are ``governance.indicators.court``'s.
Each runs a fixed number of queries however many rows."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, IntegerField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from cases.models import Case, Child, Contact
from cases.selectors import CaseEvents, TimelineEvent
from yjs.models import User
from yjs.selectors import one_or_404
from yjs.validators import long_date

from .. import permissions
from ..models import (
    BreachProceedings,
    Order,
    Requirement,
    RequirementProgress,
)
from ..services.orders import contacts_for_breach

ZERO_HOURS = Value(Decimal(0), output_field=DecimalField(max_digits=7, decimal_places=2))


def _of_visible_cases(user: User) -> QuerySet[Case]:
    return permissions.visible_cases(user).values("pk")


# --- Lists (the API) and one row ------------------------------------------------------------------


def order_list(*, user: User) -> QuerySet[Order]:
    return Order.objects.filter(case__in=_of_visible_cases(user)).select_related(
        "case__child", "hearing", "recorded_by"
    )


def with_progress(requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    """Each requirement with the hours and days done towards it (``hours_done``, ``days_done``)."""
    return requirements.annotate(
        hours_done=Coalesce(Sum("progress__hours"), ZERO_HOURS),
        days_done=Coalesce(Sum("progress__days"), Value(0), output_field=IntegerField()),
    )


def requirement_list(*, user: User) -> QuerySet[Requirement]:
    return with_progress(
        Requirement.objects.filter(order__case__in=_of_visible_cases(user)).select_related(
            "order__case__child", "recorded_by"
        )
    )


def requirement_get(*, user: User, requirement_id: int) -> Requirement:
    return one_or_404(requirement_list(user=user), requirement_id, "requirement")


def progress_of(requirement: Requirement) -> list[RequirementProgress]:
    return list(requirement.progress.select_related("recorded_by").order_by("done_on", "id"))


def hours_remaining(requirement: Requirement) -> Decimal | None:
    """Of a requirement from ``with_progress``: the hours ordered not yet done (None: no hours ordered)."""
    if requirement.hours_ordered is None:
        return None
    return max(Decimal(requirement.hours_ordered) - requirement.hours_done, Decimal(0))


def days_remaining(requirement: Requirement) -> int | None:
    if requirement.days_ordered is None:
        return None
    return max(requirement.days_ordered - requirement.days_done, 0)


def number_text(value: Decimal | int) -> str:
    """2, 2.5 or 2.25: hours as people write them."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Counted:
    """What a page shows of a requirement's hours or days: ordered ("60 hours"), done and remaining."""

    ordered: str
    done: str
    remaining: str


def counted(requirement: Requirement) -> Counted | None:
    """Of a requirement from ``with_progress``; None when it counts neither hours nor days."""
    if requirement.hours_ordered is not None:
        return Counted(
            f"{requirement.hours_ordered} hours",
            number_text(requirement.hours_done),
            number_text(hours_remaining(requirement)),
        )
    if requirement.days_ordered is not None:
        days = requirement.days_ordered
        return Counted(
            f"{days} day{'s' if days != 1 else ''}", str(requirement.days_done), str(days_remaining(requirement))
        )
    return None


def breach_list(*, user: User) -> QuerySet[BreachProceedings]:
    return (
        BreachProceedings.objects.filter(order__case__in=_of_visible_cases(user))
        .select_related("order__case__child", "hearing", "recorded_by")
        .prefetch_related(Prefetch("enforcement_contacts", queryset=Contact.objects.order_by("scheduled_at", "id")))
    )


def breach_get(*, user: User, breach_id: int) -> BreachProceedings:
    return one_or_404(breach_list(user=user), breach_id, "breach proceedings")


# --- Pages ------------------------------------------------------------------------------------------------


def case_for_order(*, user: User, case_id: int) -> Case:
    """The case, when the user may read its court work (404 otherwise)."""
    return one_or_404(permissions.visible_cases(user).select_related("child", "court_order"), case_id, "case")


@dataclass
class CaseOrder:
    """A case's order page: the order (None until recorded), its requirements with their progress
    and its breach proceedings."""

    case: Case
    order: Order | None
    requirements: list[Requirement] = field(default_factory=list)
    breaches: list[BreachProceedings] = field(default_factory=list)
    contacts_for_breach: int = 0  # the case's contacts with a warning or breach

    @property
    def takes_requirements(self) -> bool:
        return self.order is not None and self.order.order_type == "youth_rehabilitation_order"


def case_order(*, user: User, case: Case) -> CaseOrder:
    """Everything the order page shows; 404 when the user may not read the case's court work."""
    if not permissions.can_view_court_work(user, case):
        raise Http404("No such case")
    order = Order.objects.filter(case=case).select_related("hearing", "recorded_by").first()
    if order is None:
        return CaseOrder(case=case, order=None)
    requirements = with_progress(order.requirements.select_related("recorded_by"))
    breaches = (
        order.breaches.select_related("hearing", "recorded_by")
        .prefetch_related(Prefetch("enforcement_contacts", queryset=Contact.objects.order_by("scheduled_at", "id")))
        .order_by("-laid_on", "-id")
    )
    return CaseOrder(
        case=case,
        order=order,
        requirements=list(requirements),
        breaches=list(breaches),
        contacts_for_breach=contacts_for_breach(case).count(),
    )


def requirement_for_page(*, user: User, requirement_id: int) -> Requirement:
    return one_or_404(
        requirement_list(user=user).select_related("order__case__child", "order__hearing"),
        requirement_id,
        "requirement",
    )


# --- Figures for the board's and the inspection's reports -----------------------------------------------


# --- The child's timeline -------------------------------------------------------------------------------


def timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    """Orders made and ended, requirements added and completed, breach proceedings laid and decided, on
    the child's cases whose court work the user may read (for ``cases.selectors.TIMELINE_SOURCES``). An
    event of a restricted case carries the case as its ``audit_object``, so the page showing it records
    the read. Four queries however many rows."""
    cases = {case.pk: case for case in permissions.visible_cases(user).filter(child=child)}
    if not cases:
        return []
    events = CaseEvents(cases, "court")
    add = events.add

    orders = {order.pk: order for order in Order.objects.filter(case__in=list(cases)).select_related("recorded_by")}
    for order in orders.values():
        kind = order.get_order_type_display()
        detail = f"{order.length_months} months at {order.court}, ending {long_date(order.ends_on)}"
        add(order.made_on, f"{kind} made", detail, order.recorded_by, order.case_id)
        if order.outcome:
            add(order.ended_on, f"{kind} ended: {order.get_outcome_display().lower()}", "", "", order.case_id)
    for requirement in Requirement.objects.filter(order__in=list(orders)).select_related("recorded_by"):
        case_id = orders[requirement.order_id].case_id
        kind = requirement.get_requirement_type_display()
        ordered = ""
        if requirement.hours_ordered is not None:
            ordered = f"{requirement.hours_ordered} hours ordered"
        elif requirement.days_ordered is not None:
            ordered = f"{requirement.days_ordered} days ordered"
        add(requirement.starts_on, f"Requirement: {kind}", ordered, requirement.recorded_by, case_id)
        if requirement.completed_on:
            add(requirement.completed_on, f"Requirement completed: {kind}", "", "", case_id)
    for breach in BreachProceedings.objects.filter(order__in=list(orders)).select_related("recorded_by"):
        case_id = orders[breach.order_id].case_id
        add(breach.laid_on, "Breach proceedings laid", breach.reason, breach.recorded_by, case_id)
        if breach.outcome:
            add(breach.outcome_on, f"Breach outcome: {breach.get_outcome_display()}", "", "", case_id)
    return events.events
