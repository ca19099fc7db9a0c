"""Case work on a person's work list (``yjs.work``, DESIGN.md §11): assessments, reviews and plan
targets overdue or due soon, work a manager returned, and what waits for a manager's countersignature.

Whose work: a case worker's open cases allocated to them; a manager's, their teams' open cases; the
head of service's, every open case but only what is overdue (service-wide figures). Always within
``permissions.visible_cases``, so another team's restricted case never shows. Each kind is listed and
counted by ``yjs.work.listed``, the cases read as a subquery; the scope is worked out once a request.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from yjs.models import User
from yjs.roles import Role
from yjs.validators import long_date
from yjs.work import WORK_SHOWN, WorkItem, WorkTally, combined, due_soon_horizon, listed, register

from . import permissions
from .models import Assessment, Case, CaseStatus, Plan, PlanTarget, Returned, Review
from .selectors import returned_work
from .services.reads import restricted_case_records_viewed

KINDS = {
    "assessment": "Assessments",
    "review": "Reviews",
    "plan_target": "Plan targets",
    "returned": "Returned work",
    "countersignature": "Awaiting countersignature",
}

Found = list[WorkItem | WorkTally]


@dataclass(frozen=True)
class WorkScope:
    """The open cases whose work is the person's, and the last due date listed."""

    cases: QuerySet[Case]
    horizon: date
    team: bool = False  # a manager's: their teams' cases, whoever holds them
    service: bool = False  # the head of service's: every case, overdue work only

    def case_link(self, case_id: int, anchor: str = "") -> str:
        url = reverse("cases:case_detail", args=[case_id])
        return f"{url}#{anchor}" if anchor else url


def work_scope(*, user: User, today: date) -> WorkScope | None:
    """Whose case work is on ``user``'s list (None: no case work, e.g. the police officer, the board).
    Kept on the user for the request: each app's source asks, the visibility rule is built once."""
    cached = getattr(user, "_work_scope", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    scope = _scope(user, today)
    user._work_scope = (today, scope)
    return scope


def _scope(user: User, today: date) -> WorkScope | None:
    if not permissions.can_see_case_records(user):
        return None
    open_cases = permissions.visible_cases(user).filter(status=CaseStatus.OPEN)
    if user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        return WorkScope(open_cases, today - timedelta(days=1), service=True)
    if user.has_role(Role.TEAM_MANAGER):
        return WorkScope(open_cases.filter(team__in=list(user.team_ids)), due_soon_horizon(today), team=True)
    if user.has_role(Role.CASE_WORKER):
        return WorkScope(open_cases.filter(allocated_to=user), due_soon_horizon(today))
    return None


def _child(row) -> str:
    return str(row.case.child)


def _open_return(**link) -> Exists:
    return Exists(Returned.objects.filter(resubmitted_at__isnull=True, **link))


def _records_due(
    *, user: User, today: date, model, kind: str, url_name: str, anchor: str, label, mine: Q | None = None
) -> Found:
    """Assessments or reviews not completed, due by the scope's horizon; each links to the page
    where it is done (the head of service's, to the case's section: they read, they do not do)."""
    scope = work_scope(user=user, today=today)
    if scope is None:
        return []
    rows = model.objects.filter(case__in=scope.cases.values("pk"), completed_date__isnull=True)
    rows = rows.filter(due_date__lte=scope.horizon)
    if mine is not None:
        rows = rows.filter(mine)

    def item(row) -> WorkItem:
        link = scope.case_link(row.case_id, anchor) if scope.service else reverse(url_name, args=[row.case_id, row.pk])
        return WorkItem(
            kind=kind, label=label(row), link=link, due=row.due_date, case_id=row.case_id, child_name=_child(row)
        )

    rows = rows.select_related("case__child").order_by("due_date", "id")
    return listed(rows, kind=kind, overdue=Q(due_date__lt=today), item=item)


def assessments_due(*, user: User, today: date) -> Found:
    """Assessments not completed (nor returned: those are returned work)."""
    return _records_due(
        user=user,
        today=today,
        model=Assessment,
        kind="assessment",
        url_name="cases:assessment_record",
        anchor="assessments",
        label=lambda assessment: f"Complete the {assessment.get_reason_display().lower()} of {_child(assessment)}",
        mine=~_open_return(assessment=OuterRef("pk")),
    )


def reviews_due(*, user: User, today: date) -> Found:
    return _records_due(
        user=user,
        today=today,
        model=Review,
        kind="review",
        url_name="cases:review_complete",
        anchor="reviews",
        label=lambda review: (
            f"Review the assessment and plan of {_child(review)} ({review.get_trigger_display().lower()})"
        ),
    )


def plan_targets_due(*, user: User, today: date) -> Found:
    """The child's targets in the current plan of each case (its latest), not yet achieved."""
    scope = work_scope(user=user, today=today)
    if scope is None or scope.service:
        return []
    newer_plan = Plan.objects.filter(case=OuterRef("plan__case"), written_at__gt=OuterRef("plan__written_at"))
    rows = (
        PlanTarget.objects.filter(plan__case__in=scope.cases.values("pk"), achieved_at__isnull=True)
        .filter(by_when__lte=scope.horizon)
        .filter(~Exists(newer_plan))
        .select_related("plan__case__child")
        .order_by("by_when", "id")
    )

    def item(target: PlanTarget) -> WorkItem:
        child = str(target.plan.case.child)
        return WorkItem(
            kind="plan_target",
            label=f"{child}'s target: {target.what[:100]}",
            link=scope.case_link(target.plan.case_id, "plans"),
            due=target.by_when,
            case_id=target.plan.case_id,
            child_name=child,
        )

    return listed(rows, kind="plan_target", overdue=Q(by_when__lt=today), item=item)


def _returned_item(returned: Returned, *, yours: bool) -> WorkItem:
    """The author's: the page to resubmit it; a manager's: the case's section where it waits."""
    record = returned.assessment or returned.plan
    case = record.case
    noun = "assessment" if returned.assessment_id else "plan"
    if not yours:
        link = reverse("cases:case_detail", args=[case.pk]) + f"#{noun}s"
    elif returned.assessment_id:
        link = reverse("cases:assessment_record", args=[case.pk, record.pk])
    else:
        link = reverse("cases:plan_resubmit", args=[case.pk, record.pk])
    what = f"Resubmit the {noun} of {case.child}" if yours else f"The {noun} of {case.child} waits to be resubmitted"
    return WorkItem(
        kind="returned",
        label=f"{what}: returned by {returned.returned_by.get_full_name() or returned.returned_by} "
        f"on {long_date(returned.returned_at.date())}",
        link=link,
        case_id=case.pk,
        child_name=str(case.child),
    )


def work_returned(*, user: User, today: date) -> Found:
    """A case worker's assessments and plans returned to them; a manager's, their teams'."""
    scope = work_scope(user=user, today=today)
    if scope is None or scope.service:
        return []
    if scope.team:
        cases = scope.cases.values("pk")
        rows = (
            Returned.objects.filter(resubmitted_at__isnull=True)
            .filter(Q(assessment__case__in=cases) | Q(plan__case__in=cases))
            .select_related("returned_by", "assessment__case__child", "plan__case__child")
            .order_by("returned_at", "id")
        )
    else:
        rows = returned_work(user=user)
    return listed(rows, kind="returned", overdue=None, item=lambda r: _returned_item(r, yours=not scope.team))


def awaiting_countersignature(*, user: User, today: date) -> Found:
    """A manager's: their teams' completed assessments and plans not yet countersigned (not their own,
    nor any returned and not yet resubmitted): two queries, one per kind of record."""
    scope = work_scope(user=user, today=today)
    if scope is None or not scope.team:
        return []
    cases = scope.cases.values("pk")
    assessments = (
        Assessment.objects.filter(case__in=cases, completed_date__isnull=False, countersigned_at__isnull=True)
        .exclude(completed_by=user)
        .select_related("case__child")
        .order_by("completed_date", "id")
    )
    plans = (
        Plan.objects.filter(case__in=cases, countersigned_at__isnull=True)
        .exclude(written_by=user)
        .filter(~_open_return(plan=OuterRef("pk")))
        .select_related("case__child")
        .order_by("written_at", "id")
    )

    def assessment_item(assessment: Assessment) -> WorkItem:
        return WorkItem(
            kind="countersignature",
            label=f"Countersign the assessment of {_child(assessment)}, completed on "
            f"{long_date(assessment.completed_date)}",
            link=reverse("cases:assessment_countersign", args=[assessment.case_id, assessment.pk]),
            case_id=assessment.case_id,
            child_name=_child(assessment),
        )

    def plan_item(plan: Plan) -> WorkItem:
        return WorkItem(
            kind="countersignature",
            label=f"Countersign the plan of {_child(plan)}, written on {long_date(plan.written_at.date())}",
            link=reverse("cases:plan_countersign", args=[plan.case_id, plan.pk]),
            case_id=plan.case_id,
            child_name=_child(plan),
        )

    return combined(
        "countersignature",
        today,
        listed(assessments, kind="countersignature", overdue=None, item=assessment_item),
        listed(plans, kind="countersignature", overdue=None, item=plan_item),
    )


def restricted_work_viewed(*, user: User, items: list[WorkItem], request=None, via: str) -> None:
    """Showing work on a restricted case is a sensitive view of it, as its page is (one query, and
    one statement writing the events when any is restricted)."""
    case_ids = {item.case_id for item in items if item.case_id is not None}
    if case_ids:
        restricted = list(Case.objects.filter(pk__in=case_ids, restricted=True))
        restricted_case_records_viewed(records=restricted, user=user, via=via, request=request)


def register_sources() -> None:
    if restricted_work_viewed not in WORK_SHOWN:
        WORK_SHOWN.append(restricted_work_viewed)
    register(assessments_due, {"assessment": KINDS["assessment"]})
    register(reviews_due, {"review": KINDS["review"]})
    register(plan_targets_due, {"plan_target": KINDS["plan_target"]})
    register(work_returned, {"returned": KINDS["returned"]})
    register(awaiting_countersignature, {"countersignature": KINDS["countersignature"]})
