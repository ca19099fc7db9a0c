"""Reads of referral order panels, within the cases the user may read (``permissions.visible_cases``:
another team's restricted case is not there). The work lists' panels due are ``court.work``'s, the
board's figures ``governance.indicators.court``'s (one definition each)."""

from django.db.models import Prefetch, Q, QuerySet

from cases.models import Case, CaseStatus
from cases.permissions import visible_records
from yjs.models import User
from yjs.roles import Role
from yjs.selectors import one_or_404

from .. import permissions
from ..models import Order, OrderType, ReferralPanel, Volunteer


def panel_list(*, user: User) -> QuerySet[ReferralPanel]:
    """Every panel of the referral orders of the cases the user may read."""
    return (
        visible_records(ReferralPanel, user, through="order__case")
        .select_related("order__case__child", "yjs_member", "contract")
        .prefetch_related(Prefetch("volunteers", queryset=Volunteer.objects.order_by("name", "id")))
    )


def panel_get(*, user: User, panel_id: int) -> ReferralPanel:
    return one_or_404(panel_list(user=user), panel_id, "panel")


def order_panels(*, order: Order) -> list[ReferralPanel]:
    """The order's panels, in the order they are due."""
    return list(order.panels.select_related("contract").order_by("due_on", "id"))


def referral_order_of(*, user: User, case_id: int) -> Order | None:
    """The referral order of a case the user may read (404 for a case they may not); None when the
    case has no referral order."""
    case = one_or_404(permissions.visible_cases(user).select_related("child", "team"), case_id, "case")
    return Order.objects.filter(case=case, order_type=OrderType.REFERRAL_ORDER).select_related("case__child").first()


def my_panel_cases(*, user: User) -> QuerySet[Case]:
    """The open cases whose panels the user follows: a case worker's own, a manager's team's, and every
    case the head of service (or anyone else who reads case records) may read."""
    cases = permissions.visible_cases(user).filter(status=CaseStatus.OPEN)
    if user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        return cases
    mine = Q(pk__in=[])
    if user.has_role(Role.CASE_WORKER):
        mine |= Q(allocated_to=user)
    if user.has_role(Role.TEAM_MANAGER):
        mine |= Q(team__in=list(user.team_ids))
    if not user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER):
        return cases
    return cases.filter(mine)


def panels_waiting(*, user: User) -> QuerySet[ReferralPanel]:
    """The panels still to be held of the user's cases (``my_panel_cases``), overdue first."""
    return (
        ReferralPanel.objects.filter(
            order__case__in=my_panel_cases(user=user).values("pk"), order__outcome="", held_on__isnull=True
        )
        .select_related("order__case__child", "order__case__allocated_to")
        .order_by("due_on", "id")
    )


def yjs_members(*, case: Case) -> QuerySet[User]:
    """Who may sit on the case's panels for the YJS: active case workers and managers of its team."""
    return (
        User.objects.filter(is_active=True, teams=case.team_id, groups__name__in=[Role.CASE_WORKER, Role.TEAM_MANAGER])
        .distinct()
        .order_by("first_name", "last_name", "id")
    )


# --- Figures -----------------------------------------------------------------------------------------
