"""The case page's section "Court and orders" (``cases.sections``), registered by ``CourtConfig.ready``:
the order (type, made, ends, outcome), its requirements with hours or days done of those ordered and
its breach proceedings, the referral order's panels (the next due), the child's last and next hearing,
the case's pre-sentence reports and its custody spells with their resettlement plans. Each links to
its court page.

Nine queries at most whatever the rows (eight reads, and whether the user may record); none for a
user who may not read case records."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from cases.models import COURT_ORDER_TYPES, Case, CaseType
from cases.permissions import can_see_case_records
from yjs.models import User

from . import permissions
from .models import (
    BreachProceedings,
    CustodySpell,
    Hearing,
    Order,
    OrderType,
    PreSentenceReport,
    ReferralPanel,
    Requirement,
)

# The case types whose section shows even before anything is recorded: the orders, and remands (time in custody).
COURT_CASE_TYPES = {*COURT_ORDER_TYPES, CaseType.REMAND}

SECTION_TEMPLATE = "court/case_section.html"


@dataclass(frozen=True)
class Linked:
    """A record and the page where it is read."""

    record: object
    link: str


def _requirements(order: Order) -> list[Linked]:
    rows = Requirement.objects.filter(order=order).annotate(
        hours_done=Sum("progress__hours"), days_done=Sum("progress__days")
    )
    return [Linked(row, reverse("court:requirement_detail", args=[row.pk])) for row in rows]


def _hearings(case: Case, today: date) -> tuple[Linked | None, Linked | None]:
    """The last hearing of the case (or of the child, with no case) and the next one, in one query."""
    mine = Hearing.objects.filter(Q(case=case) | Q(case__isnull=True, child_id=case.child_id))
    last = mine.filter(heard_on__lte=today).order_by("-heard_on", "-id").values("pk")[:1]
    coming = mine.filter(heard_on__gt=today).order_by("heard_on", "id").values("pk")[:1]
    link = reverse("court:child_hearings", args=[case.child_id])
    found = {"last": None, "next": None}
    for hearing in Hearing.objects.filter(Q(pk__in=Subquery(last)) | Q(pk__in=Subquery(coming))):
        found["next" if hearing.heard_on > today else "last"] = Linked(hearing, link)
    return found["last"], found["next"]


def case_court_section(*, user: User, case: Case) -> dict | None:
    """The case page has checked that the user may see the case (and audited a restricted one's read).
    None when the case has no court work and is not a court order case."""
    if not can_see_case_records(user):
        return None
    today = timezone.localdate()
    order = Order.objects.filter(case=case).first()
    requirements, panels, breaches, next_panel = [], [], [], None
    if order is not None:
        requirements = _requirements(order)
        panels = [
            Linked(panel, reverse("court:panel_detail", args=[panel.pk]))
            for panel in ReferralPanel.objects.filter(order=order).order_by("due_on", "id")
        ]
        next_panel = next((row for row in panels if row.record.held_on is None), None)
        breaches = list(BreachProceedings.objects.filter(order=order).order_by("laid_on", "id"))
    last_hearing, next_hearing = _hearings(case, today)
    reports = [
        Linked(report, reverse("court:report_detail", args=[report.pk]))
        for report in PreSentenceReport.objects.filter(case=case)
        .select_related("author")
        .order_by("requested_on", "id")
    ]
    spells = [
        Linked(spell, reverse("court:custody_spell_detail", args=[spell.pk]))
        for spell in CustodySpell.objects.filter(case=case).select_related("resettlement_plan").order_by("custody_from")
    ]
    anything = order or reports or spells or last_hearing or next_hearing
    if not anything and case.case_type not in COURT_CASE_TYPES:
        return None
    return {
        "actions": _actions(user, case, order),
        "court": {
            "order": order,
            "order_link": reverse("court:order_detail", args=[case.pk]) if order else "",
            "requirements": requirements,
            "breaches": breaches,
            "panels": panels,
            "next_panel": next_panel,
            "panels_held": sum(1 for row in panels if row.record.held_on),
            "last_hearing": last_hearing,
            "next_hearing": next_hearing,
            "hearings_link": reverse("court:child_hearings", args=[case.child_id]),
            "reports": reports,
            "spells": [
                {
                    "spell": row,
                    "plan": getattr(row.record, "resettlement_plan", None),
                    "plan_link": reverse("court:resettlement_plan", args=[row.record.pk]),
                }
                for row in spells
            ],
        },
        "today": today,
    }


def _actions(user: User, case: Case, order: Order | None) -> list[tuple[str, str]]:
    """What the user may record from here (one query: whether they work on the case)."""
    if not permissions.can_record_court_work(user, case):
        return []
    links = [("Record a hearing", reverse("court:hearing_add", args=[case.child_id]))]
    if order is None and case.case_type in COURT_ORDER_TYPES:
        links.append(("Record the order", reverse("court:order_record", args=[case.pk])))
    if order is not None and order.order_type == OrderType.YOUTH_REHABILITATION_ORDER and not order.outcome:
        links.append(("Add a requirement", reverse("court:requirement_add", args=[case.pk])))
    if order is not None and order.order_type == OrderType.REFERRAL_ORDER and not order.outcome:
        links.append(("Schedule a panel", reverse("court:panel_schedule", args=[case.pk])))
    links.append(("Start a pre-sentence report", reverse("court:report_add", args=[case.pk])))
    if case.case_type in (CaseType.DETENTION_AND_TRAINING_ORDER, CaseType.REMAND):
        links.append(("Record time in custody", reverse("court:custody_spell_add", args=[case.pk])))
    return links


def register() -> None:
    from cases.sections import CASE_PAGE_SECTIONS, Section, add_section

    add_section(CASE_PAGE_SECTIONS, Section("Court and orders", SECTION_TEMPLATE, case_court_section, anchor="court"))
