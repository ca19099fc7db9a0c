"""Risk work on a person's work list (``yjs.work``, DESIGN.md §9, §11): the risk meeting's actions
they own (a manager: their teams'), and, for managers, referrals waiting for the meeting.

Within ``cases.work.work_scope`` (the head of service: what is overdue across the service) and the
risk records the person may read; one query a kind.
"""

from datetime import date

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases.work import work_scope
from yjs.models import User
from yjs.work import WorkItem, WorkTally, late_if_made_before, listed, register
from yjs.working_days import add_working_days

from . import permissions
from .models import Action, Referral, ReferralStatus

KINDS = {"risk_action": "Risk meeting actions", "risk_referral": "Referrals awaiting the risk meeting"}


def risk_actions_due(*, user: User, today: date) -> list[WorkItem | WorkTally]:
    """Open actions overdue or due soon: a case worker's own (on any case they may see), a
    manager's teams', the head of service's overdue ones."""
    scope = work_scope(user=user, today=today)
    if scope is None:
        return []
    actions = Action.objects.filter(done_on__isnull=True, due_on__lte=scope.horizon)
    if scope.team or scope.service:
        actions = actions.filter(case__in=scope.cases.values("pk"))
    else:
        actions = actions.filter(owner=user, case__in=permissions.visible_cases(user).values("pk"))
    rows = actions.select_related("case__child", "hearing").order_by("due_on", "id")

    def item(action: Action) -> WorkItem:
        child = str(action.case.child)
        return WorkItem(
            kind="risk_action",
            label=f"{action.description[:100]} ({child})",
            link=reverse("risk:meeting_detail", args=[action.hearing.meeting_id]),
            due=action.due_on,
            case_id=action.case_id,
            child_name=child,
        )

    return listed(rows, kind="risk_action", overdue=Q(due_on__lt=today), item=item)


def referrals_awaiting(*, user: User, today: date) -> list[WorkItem | WorkTally]:
    """A manager's teams' referrals waiting for the meeting, due within
    ``RISK_MEETING_WITHIN_WORKING_DAYS`` working days of being made (the head of service: those late)."""
    scope = work_scope(user=user, today=today)
    if scope is None or not (scope.team or scope.service):
        return []
    days = settings.RISK_MEETING_WITHIN_WORKING_DAYS
    late = Q(referred_at__lt=late_if_made_before(today, days))
    rows = Referral.objects.filter(status=ReferralStatus.AWAITING, case__in=scope.cases.values("pk"))
    if scope.service:
        rows = rows.filter(late)
    rows = rows.select_related("case__child").order_by("referred_at", "id")

    def item(referral: Referral) -> WorkItem:
        child = str(referral.case.child)
        return WorkItem(
            kind="risk_referral",
            label=f"Hear {child} at the risk meeting ({referral.get_reason_display().lower()})",
            link=reverse("risk:referral_list"),
            due=add_working_days(timezone.localdate(referral.referred_at), days),
            case_id=referral.case_id,
            child_name=child,
        )

    return listed(rows, kind="risk_referral", overdue=late, item=item)


def register_sources() -> None:
    register(risk_actions_due, {"risk_action": KINDS["risk_action"]})
    register(referrals_awaiting, {"risk_referral": KINDS["risk_referral"]})
