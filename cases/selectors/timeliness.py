"""Timeliness, computed (never stored): what is due and what is late, for a worker's caseload
and a manager's dashboard."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from yjs.models import User

from ..models import (
    Assessment,
    Case,
    CaseStatus,
    Flag,
    Review,
)
from .records import case_list


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
