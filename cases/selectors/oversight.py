"""Reads for management oversight and a case's many assessments (DESIGN.md §9): which assessment
is current, and the work returned to its author that waits on their list."""

from django.db.models import Q, QuerySet

from yjs.models import User

from .. import permissions
from ..models import Assessment, Case, CaseStatus, Returned


def current_assessment(case: Case) -> Assessment | None:
    """The case's current assessment: the latest completed one (earlier ones stay readable)."""
    return (
        Assessment.objects.filter(case=case, completed_date__isnull=False)
        .select_related("completed_by", "countersigned_by")
        .order_by("-completed_date", "-id")
        .first()
    )


def returned_work(*, user: User) -> QuerySet[Returned]:
    """The user's assessments and plans a manager returned and they have not resubmitted, with the
    feedback, on the cases they may still work on: the oldest first."""
    if not permissions.can_see_case_records(user):
        return Returned.objects.none()
    open_cases = permissions.visible_cases(user).filter(status=CaseStatus.OPEN).values("pk")
    return (
        Returned.objects.filter(resubmitted_at__isnull=True)
        .filter(
            Q(assessment__completed_by=user, assessment__case__in=open_cases)
            | Q(plan__written_by=user, plan__case__in=open_cases)
        )
        .select_related("returned_by", "assessment__case__child", "plan__case__child")
        .order_by("returned_at", "id")
    )
