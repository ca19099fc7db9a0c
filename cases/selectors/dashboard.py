"""The manager's dashboard: its figures (caseload per worker, late work week by week) and its lists
(late assessments, assessments awaiting countersignature, reviews due, children turning 18), each
of the manager's own teams, filtered by case worker and by kind, and each a fixed number of queries
however many rows.

A list's ``worker`` is the case's allocated worker: a user's id, ``UNALLOCATED`` for cases allocated
to no one, or None for any; its ``kind`` is one of the list's kinds (its ``KINDS`` entry), or "" for any.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from yjs.models import User

from ..models import Assessment, AssessmentType, Case, CaseStatus, CaseType, Review, ReviewTrigger
from .records import assessment_list, case_list
from .timeliness import (
    awaiting_countersignature,
    completed_late_assessments,
    overdue_assessments,
    reviews_due,
    turning_18_soon,
)

UNALLOCATED = 0  # the worker filter's value for cases allocated to no one
WEEKS = 12  # of late work on the chart
REVIEWS_WITHIN_DAYS = 14  # reviews due this soon are listed as due


def team_cases(*, user: User) -> QuerySet[Case]:
    """The cases of the user's own teams that the user may see (the dashboard is of their teams)."""
    return case_list(user=user).filter(team__in=user.team_ids)


def of_worker(rows: QuerySet, worker: int | None, case: str = "case__") -> QuerySet:
    """Rows of cases allocated to ``worker`` (``case``: the path from a row to its case)."""
    if worker is None:
        return rows
    if worker == UNALLOCATED:
        return rows.filter(**{f"{case}allocated_to__isnull": True})
    return rows.filter(**{f"{case}allocated_to": worker})


def _of_kind(rows: QuerySet, field: str, kind: str) -> QuerySet:
    return rows.filter(**{field: kind}) if kind else rows


def _assessments(user: User) -> QuerySet[Assessment]:
    # Without the returns the API nests (a returned assessment is not completed, so not awaiting).
    return assessment_list(user=user).filter(case__team__in=user.team_ids).prefetch_related(None)


# --- The lists ------------------------------------------------------------------------------------------


def late_assessments(*, user: User, today: date, worker: int | None = None, kind: str = "") -> QuerySet[Assessment]:
    """Assessments past their due date and not completed, on open cases: the longest overdue first."""
    rows = _of_kind(of_worker(overdue_assessments(_assessments(user), today), worker), "assessment_type", kind)
    return rows.select_related("case__allocated_to").order_by("due_date", "id")


def assessments_awaiting_countersignature(
    *, user: User, today: date, worker: int | None = None, kind: str = ""
) -> QuerySet[Assessment]:
    """Completed assessments not yet countersigned (nor returned), the longest waiting first."""
    rows = _of_kind(of_worker(awaiting_countersignature(_assessments(user)), worker), "assessment_type", kind)
    return rows.order_by("completed_date", "id")


def reviews_due_soon(*, user: User, today: date, worker: int | None = None, kind: str = "") -> QuerySet[Review]:
    """Reviews not completed that are overdue or due within ``REVIEWS_WITHIN_DAYS`` days, the earliest first."""
    reviews = Review.objects.filter(case__in=team_cases(user=user).values("pk"))
    rows = _of_kind(of_worker(reviews_due(reviews, REVIEWS_WITHIN_DAYS, today), worker), "trigger", kind)
    return rows.select_related("case__child", "case__allocated_to").order_by("due_date", "id")


def cases_turning_18(*, user: User, today: date, worker: int | None = None, kind: str = "") -> QuerySet[Case]:
    """Open cases whose child turns 18 within the warning period, the soonest first."""
    rows = _of_kind(of_worker(turning_18_soon(team_cases(user=user), today), worker, case=""), "case_type", kind)
    return rows.order_by("child__date_of_birth", "id")


# The kinds each list is filtered by: (label of the filter, choices).
KINDS = {
    "assessments": ("Assessment", AssessmentType.choices),
    "reviews": ("Reason for the review", ReviewTrigger.choices),
    "cases": ("Type of case", CaseType.choices),
}


# --- The figures ----------------------------------------------------------------------------------------


def caseload_per_worker(*, user: User) -> list[dict]:
    """Open cases allocated to each worker of the user's teams (every case worker, and anyone else
    with open cases there), the busiest first: ``id``, names, ``username``, ``open_cases``."""
    # Each worker's open cases counted from the allocation index (a join of workers to every case
    # they ever had, times their groups, misled PostgreSQL into a plan costly enough to JIT-compile).
    open_allocated = (
        Case.objects.filter(allocated_to=OuterRef("pk"), status=CaseStatus.OPEN, team__in=user.team_ids)
        .order_by()
        .values("allocated_to")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        User.objects.filter(teams__in=user.team_ids, is_active=True)
        .annotate(open_cases=Coalesce(Subquery(open_allocated), 0))
        .filter(Q(open_cases__gt=0) | Q(groups__name="case_worker"))
        .distinct()
        .order_by("-open_cases", "last_name", "first_name", "id")
        .values("id", "first_name", "last_name", "username", "open_cases")
    )


@dataclass(frozen=True)
class LateWeek:
    ending: date  # the week's last day
    assessments: int
    reviews: int

    @property
    def total(self) -> int:
        return self.assessments + self.reviews


def overdue_on(day: date) -> Q:
    """An assessment or review overdue at the end of ``day``: due before it, not completed by then
    (not completed, or completed after it), on a case open then (started by then, and still open
    or ended after it)."""
    return (
        Q(due_date__lt=day)
        & (Q(completed_date__isnull=True) | Q(completed_date__gt=day))
        & Q(case__start_date__lte=day)
        & (Q(case__status=CaseStatus.OPEN) | Q(case__end_date__gt=day))
    )


def late_work_by_week(*, user: User, today: date | None = None, weeks: int = WEEKS) -> list[LateWeek]:
    """Late work on the user's teams' cases in each of the last ``weeks`` weeks, the one ending
    ``today`` last: the assessments and the reviews overdue at the end of each week's last day
    (``overdue_on``). Plans carry no due date, so none is counted late. Two queries."""
    today = today or timezone.localdate()
    endings = [today - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    cases = team_cases(user=user).values("pk")
    # Work that could be overdue on any of the days: due before the last, open after the first.
    window = Q(due_date__lt=today) & (Q(completed_date__isnull=True) | Q(completed_date__gt=endings[0]))
    counts = {}
    for model in (Assessment, Review):
        figures = (
            model.objects.filter(window, case__in=cases)
            .order_by()
            .aggregate(**{f"week{number}": Count("pk", filter=overdue_on(day)) for number, day in enumerate(endings)})
        )
        counts[model] = [figures[f"week{number}"] for number in range(weeks)]
    return [LateWeek(day, counts[Assessment][number], counts[Review][number]) for number, day in enumerate(endings)]


def assessments_completed_late(*, user: User) -> int:
    return completed_late_assessments(_assessments(user)).count()


# --- All of it at once (the selectors' own tests, and other apps) ----------------------------------------


@dataclass
class ManagerDashboard:
    overdue_assessments: list[Assessment]
    awaiting_countersignature: list[Assessment]
    completed_late: int
    reviews_due: list[Review]
    turning_18: list[Case]
    caseload_per_worker: list[dict]


def manager_dashboard(*, user: User, today: date | None = None, rows: int = 100) -> ManagerDashboard:
    """The first ``rows`` of each list, and the figures."""
    today = today or timezone.localdate()
    return ManagerDashboard(
        overdue_assessments=list(late_assessments(user=user, today=today)[:rows]),
        awaiting_countersignature=list(assessments_awaiting_countersignature(user=user, today=today)[:rows]),
        completed_late=assessments_completed_late(user=user),
        reviews_due=list(reviews_due_soon(user=user, today=today)[:rows]),
        turning_18=list(cases_turning_18(user=user, today=today)[:rows]),
        caseload_per_worker=caseload_per_worker(user=user),
    )
