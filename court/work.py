"""Court work on a person's work list (``yjs.work``, DESIGN.md §10, §11): referral order panels to
hold, pre-sentence reports to write or submit, reports awaiting a manager's approval and resettlement
plans due before a child's release.

Whose work is ``cases.work.work_scope``'s: a case worker's open cases allocated to them (and the
reports they write, on any case they may see), a manager's, their teams', the head of service's,
what is overdue across the service. Reports and initial panels are listed from the day they are set
(a report is due 15 working days after the court asks, an initial panel 20 after the order: both
are work from the first day); other panels and resettlement plans once due within the horizon
(``MY_WORK_DUE_SOON_DAYS``). One list a kind (``yjs.work.listed``: its rows and their count), two for
resettlement plans (the plans not completed, and the spells with an expected release and no plan at all).

Each item links to the page where it is done (the court app's pages, by name).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from cases.work import work_scope
from yjs.models import User
from yjs.validators import long_date
from yjs.work import WorkItem, WorkTally, combined, listed, register

from . import permissions, rules
from .models import CustodySpell, PanelType, PreSentenceReport, ReferralPanel, ReportStatus, ResettlementPlan

KINDS = {
    "referral_panel": "Referral order panels",
    "pre_sentence_report": "Pre-sentence reports",
    "report_approval": "Pre-sentence reports awaiting approval",
    "resettlement_plan": "Resettlement plans",
}
# A report with its author to act on: written, revised after a return, submitted once approved.
WITH_THE_AUTHOR = (ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.APPROVED)

Found = list[WorkItem | WorkTally]


def panels_due(*, user: User, today: date) -> Found:
    """Referral order panels not held, of orders still running: due by the horizon, and any initial
    panel (due 20 working days after the order, it is arranged at once); the head of service's, overdue."""
    scope = work_scope(user=user, today=today)
    if scope is None:
        return []
    due = Q(due_on__lte=scope.horizon)
    if not scope.service:
        # An initial panel is arranged from the day the order is made (volunteers, a venue, the family).
        due |= Q(panel_type=PanelType.INITIAL)
    rows = (
        ReferralPanel.objects.filter(due, held_on__isnull=True, order__outcome="")
        .filter(order__case__in=scope.cases.values("pk"))
        .select_related("order__case__child")
        .order_by("due_on", "id")
    )

    def item(panel: ReferralPanel) -> WorkItem:
        case = panel.order.case
        return WorkItem(
            kind="referral_panel",
            label=f"Hold the {panel.get_panel_type_display().lower()} of {case.child}'s referral order",
            link=reverse("court:panel_detail", args=[panel.pk]),
            due=panel.due_on,
            case_id=case.pk,
            child_name=str(case.child),
        )

    return listed(rows, kind="referral_panel", overdue=Q(due_on__lt=today), item=item)


REPORT_TASKS = {
    ReportStatus.DRAFT: "Write the pre-sentence report on {child}",
    ReportStatus.RETURNED: "Revise the pre-sentence report on {child}: a manager returned it",
    ReportStatus.APPROVED: "Submit the pre-sentence report on {child} to the court",
    ReportStatus.AWAITING_APPROVAL: "The pre-sentence report on {child} waits for a manager's approval",
}


def _report_item(report: PreSentenceReport, *, kind: str, label: str) -> WorkItem:
    """A report to act on, linked to its page."""
    return WorkItem(
        kind=kind,
        label=label,
        link=reverse("court:report_detail", args=[report.pk]),
        due=report.due_on,
        case_id=report.case_id,
        child_name=str(report.case.child),
    )


def reports_due(*, user: User, today: date) -> Found:
    """Pre-sentence reports not submitted, whatever their due date (written from the day the court asks):
    a case worker's own with them to act on (on cases they may see), a manager's teams' with their
    authors, the head of service's overdue ones (any not submitted)."""
    scope = work_scope(user=user, today=today)
    if scope is None:
        return []
    rows = PreSentenceReport.objects.all()
    if scope.service:
        rows = rows.exclude(status=ReportStatus.SUBMITTED).filter(due_on__lte=scope.horizon)
        rows = rows.filter(case__in=scope.cases.values("pk"))
    elif scope.team:
        rows = rows.filter(status__in=WITH_THE_AUTHOR, case__in=scope.cases.values("pk"))
    else:
        rows = rows.filter(status__in=WITH_THE_AUTHOR, author=user)
        rows = rows.filter(case__in=permissions.visible_cases(user).filter(status="open").values("pk"))
    rows = rows.select_related("case__child").order_by("due_on", "id")

    def item(report: PreSentenceReport) -> WorkItem:
        label = REPORT_TASKS[report.status].format(child=report.case.child)
        if report.stand_down:
            label += " (stand-down)"
        return _report_item(report, kind="pre_sentence_report", label=label)

    return listed(rows, kind="pre_sentence_report", overdue=Q(due_on__lt=today), item=item)


def reports_awaiting_approval(*, user: User, today: date) -> Found:
    """A manager's: their teams' reports sent for approval (not their own), whatever their due date,
    the earliest due first."""
    scope = work_scope(user=user, today=today)
    if scope is None or not scope.team:
        return []
    rows = (
        PreSentenceReport.objects.filter(status=ReportStatus.AWAITING_APPROVAL, case__in=scope.cases.values("pk"))
        .exclude(author=user)
        .select_related("case__child", "author")
        .order_by("due_on", "id")
    )

    def item(report: PreSentenceReport) -> WorkItem:
        author = report.author.get_full_name() or report.author.username
        label = f"Approve or return the pre-sentence report on {report.case.child}, written by {author}"
        return _report_item(report, kind="report_approval", label=label)

    return listed(rows, kind="report_approval", overdue=Q(due_on__lt=today), item=item)


def latest_release_due_by(horizon: date) -> date:
    """The latest release date whose resettlement plan (``rules.resettlement_plan_due``) is due by
    ``horizon``: a filter in SQL that agrees with the rule (which counts working days)."""
    day = horizon + timedelta(days=2 * settings.RESETTLEMENT_PLAN_WORKING_DAYS_BEFORE_RELEASE + 14)
    while rules.resettlement_plan_due(day) > horizon:
        day -= timedelta(days=1)
    return day


def resettlement_plans_due(*, user: User, today: date) -> Found:
    """Resettlement plans not completed of children not yet released, due by the horizon; and a
    spell with an expected release and no plan at all, due by the rule (two lists)."""
    scope = work_scope(user=user, today=today)
    if scope is None:
        return []
    cases = scope.cases.values("pk")
    plans = (
        ResettlementPlan.objects.filter(completed_on__isnull=True, spell__released_on__isnull=True)
        .filter(due_on__lte=scope.horizon, spell__case__in=cases)
        .select_related("spell__case__child")
        .order_by("due_on", "id")
    )
    no_plan = (
        CustodySpell.objects.filter(released_on__isnull=True, release_on__isnull=False, resettlement_plan__isnull=True)
        .filter(release_on__lte=latest_release_due_by(scope.horizon), case__in=cases)
        .select_related("case__child")
        .order_by("release_on", "id")
    )

    def item(spell: CustodySpell, due: date, what: str) -> WorkItem:
        child = str(spell.case.child)
        return WorkItem(
            kind="resettlement_plan",
            label=f"{what} the resettlement plan of {child}, released from {spell.establishment}"
            + (f" on {long_date(spell.release_on)}" if spell.release_on else ""),
            link=reverse("court:resettlement_plan", args=[spell.pk]),
            due=due,
            case_id=spell.case_id,
            child_name=child,
        )

    return combined(
        "resettlement_plan",
        today,
        listed(
            plans,
            kind="resettlement_plan",
            overdue=Q(due_on__lt=today),
            item=lambda plan: item(plan.spell, plan.due_on, "Complete"),
        ),
        listed(
            no_plan,
            kind="resettlement_plan",
            overdue=Q(release_on__lte=latest_release_due_by(today - timedelta(days=1))),
            item=lambda spell: item(spell, rules.resettlement_plan_due(spell.release_on), "Start"),
        ),
    )


def register_sources() -> None:
    register(panels_due, {"referral_panel": KINDS["referral_panel"]})
    register(reports_due, {"pre_sentence_report": KINDS["pre_sentence_report"]})
    register(reports_awaiting_approval, {"report_approval": KINDS["report_approval"]})
    register(resettlement_plans_due, {"resettlement_plan": KINDS["resettlement_plan"]})
