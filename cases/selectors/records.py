"""Reads for cases and the records that hang off them, each scoped to what the user may read."""

from django.db.models import Count, Prefetch, QuerySet

from yjs.models import User
from yjs.selectors import one_or_404

from .. import permissions
from ..models import (
    Assessment,
    Case,
    CaseStatus,
    CaseTransfer,
    Contact,
    Flag,
    Plan,
    Returned,
    Review,
    Victim,
)

# The loop of each assessment or plan returned to its author (``Returned``), oldest first.
_RETURNS = Prefetch("returns", queryset=Returned.objects.select_related("returned_by").order_by("returned_at", "id"))


def case_list(*, user: User) -> QuerySet[Case]:
    return permissions.visible_cases(user).select_related("child", "team", "allocated_to")


def case_get(*, user: User, case_id: int) -> Case:
    return one_or_404(case_list(user=user), case_id, "case")


def assessment_list(*, user: User) -> QuerySet[Assessment]:
    return (
        permissions.visible_records(Assessment, user)
        .select_related("case__child", "case__team", "completed_by", "countersigned_by")
        .prefetch_related(_RETURNS)
    )


def victim_list(*, user: User) -> QuerySet[Victim]:
    victims = permissions.visible_records(Victim, user).select_related("case__child")
    if permissions.can_see_victim_contact_details(user):
        victims = victims.select_related("contact_details")
    return victims


def plan_list(*, user: User) -> QuerySet[Plan]:
    return (
        permissions.visible_records(Plan, user)
        .select_related("case__child", "written_by", "countersigned_by")
        .prefetch_related("targets", _RETURNS)
    )


def review_list(*, user: User) -> QuerySet[Review]:
    reassessments = Prefetch("reassessments", queryset=Assessment.objects.only("pk", "review_id").order_by("pk"))
    return (
        permissions.visible_records(Review, user)
        .select_related("case__child", "completed_by")
        .prefetch_related(reassessments)
    )


def contact_list(*, user: User) -> QuerySet[Contact]:
    return permissions.visible_records(Contact, user).select_related("case__child", "recorded_by")


def case_transfer_list(*, user: User) -> QuerySet[CaseTransfer]:
    return permissions.visible_records(CaseTransfer, user).select_related("case__child", "requested_by")


def flag_list(*, user: User) -> QuerySet[Flag]:
    """Flags of the children the user may see (police officers: every child's)."""
    return Flag.objects.filter(child__in=permissions.visible_children(user).values("pk")).select_related(
        "child", "raised_by", "removed_by"
    )


def team_open_case_counts(*, user: User) -> dict[int, int]:
    rows = case_list(user=user).filter(status=CaseStatus.OPEN).values("team").annotate(n=Count("id"))
    return {row["team"]: row["n"] for row in rows}
