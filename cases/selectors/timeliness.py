"""Timeliness, computed (never stored): what is due and what is late, for a worker's caseload
and a manager's dashboard."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from yjs.models import User

from ..models import (
    Assessment,
    Case,
    CaseStatus,
    Flag,
    Review,
)
from .records import assessment_list, case_list


def overdue_assessments(assessments: QuerySet[Assessment], today: date | None = None) -> QuerySet[Assessment]:
    today = today or timezone.localdate()
    return assessments.filter(completed_date__isnull=True, due_date__lt=today, case__status=CaseStatus.OPEN)


def completed_late_assessments(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.filter(completed_date__gt=F("due_date"))


def awaiting_countersignature(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.filter(completed_date__isnull=False, countersigned_at__isnull=True)


def reviews_due(reviews: QuerySet[Review], within_days: int = 14, today: date | None = None) -> QuerySet[Review]:
    today = today or timezone.localdate()
    return reviews.filter(completed_date__isnull=True, due_date__lte=today + relativedelta(days=within_days))


def turning_18_soon(cases: QuerySet[Case], today: date | None = None) -> QuerySet[Case]:
    """Open cases whose child turns 18 within the warning period (default 3 months)."""
    today = today or timezone.localdate()
    horizon = today + relativedelta(months=settings.TRANSITION_WARNING_MONTHS)
    return cases.filter(
        status=CaseStatus.OPEN,
        child__date_of_birth__gt=today - relativedelta(years=18),
        child__date_of_birth__lte=horizon - relativedelta(years=18),
    )


@dataclass
class CaseloadRow:
    case: Case
    next_assessment_due: date | None
    assessment_overdue: bool
    review_due: date | None
    active_flags: list[Flag]


def caseload(*, user: User, today: date | None = None) -> list[CaseloadRow]:
    """The user's open allocated cases, with what is due and what is late."""
    today = today or timezone.localdate()
    open_assessments = Assessment.objects.filter(completed_date__isnull=True).order_by("due_date")
    open_reviews = Review.objects.filter(completed_date__isnull=True).order_by("due_date")
    cases = (
        case_list(user=user)
        .filter(allocated_to=user, status=CaseStatus.OPEN)
        .prefetch_related(
            Prefetch("assessments", queryset=open_assessments, to_attr="open_assessments"),
            Prefetch("reviews", queryset=open_reviews, to_attr="open_reviews"),
            Prefetch("child__flags", queryset=Flag.objects.filter(removed_at__isnull=True), to_attr="active_flags"),
        )
        .order_by("child__surname", "child__forenames")
    )
    rows = []
    for case in cases:
        next_due = case.open_assessments[0].due_date if case.open_assessments else None
        rows.append(
            CaseloadRow(
                case=case,
                next_assessment_due=next_due,
                assessment_overdue=bool(next_due and next_due < today),
                review_due=case.open_reviews[0].due_date if case.open_reviews else None,
                active_flags=case.child.active_flags,
            )
        )
    return rows


@dataclass
class ManagerDashboard:
    overdue_assessments: list[Assessment]
    awaiting_countersignature: list[Assessment]
    completed_late: int
    reviews_due: list[Review]
    turning_18: list[Case]
    caseload_per_worker: list[dict]


def manager_dashboard(*, user: User, today: date | None = None) -> ManagerDashboard:
    today = today or timezone.localdate()
    # Without the returns the API nests (a returned assessment is not completed, so not awaiting).
    assessments = assessment_list(user=user).filter(case__team__in=user.team_ids).prefetch_related(None)
    reviews = Review.objects.filter(case__in=case_list(user=user).filter(team__in=user.team_ids).values("pk"))
    cases = case_list(user=user).filter(team__in=user.team_ids)
    # Each worker's open cases counted from the allocation index (a join of workers to every case
    # they ever had, times their groups, misled PostgreSQL into a plan costly enough to JIT-compile).
    open_allocated = (
        Case.objects.filter(allocated_to=OuterRef("pk"), status=CaseStatus.OPEN, team__in=user.team_ids)
        .order_by()
        .values("allocated_to")
        .annotate(n=Count("pk"))
        .values("n")
    )
    per_worker = (
        User.objects.filter(teams__in=user.team_ids, is_active=True)
        .annotate(open_cases=Coalesce(Subquery(open_allocated), 0))
        .filter(Q(open_cases__gt=0) | Q(groups__name="case_worker"))
        .distinct()
        .order_by("-open_cases", "last_name")
        .values("id", "first_name", "last_name", "username", "open_cases")
    )
    return ManagerDashboard(
        overdue_assessments=list(overdue_assessments(assessments, today).order_by("due_date")[:100]),
        awaiting_countersignature=list(awaiting_countersignature(assessments).order_by("completed_date")[:100]),
        completed_late=completed_late_assessments(assessments).count(),
        reviews_due=list(reviews_due(reviews, today=today).select_related("case__child").order_by("due_date")[:100]),
        turning_18=list(turning_18_soon(cases, today).order_by("child__date_of_birth")[:100]),
        caseload_per_worker=list(per_worker),
    )
