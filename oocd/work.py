"""Out-of-court work on a person's work list (``yjs.work``, DESIGN.md §11): the panels coming up
(a case worker's and manager's: for their cases' referrals; the police officer's: this week's
panels), and the follow-ups of police outcomes given to children the YJS did not know, open until
someone records what the YJS did (the police officer's and managers': their teams'; the head of
service's: every one). One query a kind.
"""

from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse

from cases.work import work_scope
from yjs.models import User
from yjs.roles import Role
from yjs.validators import long_date
from yjs.work import WorkItem, WorkTally, listed, register

from . import permissions
from .models import FollowUp, Panel, PanelItem

KINDS = {
    "panel_date": "Out-of-court panels coming up",
    "panel_this_week": "Out-of-court panels this week",
    "follow_up": "Police outcomes to follow up",
}
WEEK = 6  # days after today: "this week" is the next seven days

Found = list[WorkItem | WorkTally]


def panel_dates(*, user: User, today: date) -> Found:
    """The panels that will decide referrals of the person's cases (a manager's: their teams')."""
    scope = work_scope(user=user, today=today)
    if scope is None or scope.service:
        return []
    rows = (
        PanelItem.objects.filter(referral__case__in=scope.cases.values("pk"))
        .filter(panel__held_on__gte=today, panel__held_on__lte=scope.horizon)
        .filter(referral__decision__isnull=True, referral__withdrawn_at__isnull=True)
        .select_related("panel", "referral__child")
        .order_by("panel__held_on", "id")
    )

    def item(panel_item: PanelItem) -> WorkItem:
        child = str(panel_item.referral.child)
        return WorkItem(
            kind="panel_date",
            label=f"{child}'s referral goes to the panel on {long_date(panel_item.panel.held_on)}",
            link=reverse("oocd:referral_detail", args=[panel_item.referral_id]),
            due=panel_item.panel.held_on,
            case_id=panel_item.referral.case_id,
            child_name=child,
        )

    return listed(rows, kind="panel_date", overdue=None, item=item)


def panels_this_week(*, user: User, today: date) -> Found:
    """The police officer's: every panel of the next seven days, with how many referrals it hears."""
    if not user.has_role(Role.POLICE_OFFICER):
        return []
    rows = (
        permissions.visible_panels(user)
        .filter(held_on__gte=today, held_on__lte=today + timedelta(days=WEEK))
        .annotate(referral_count=Count("items"))
        .order_by("held_on", "id")
    )

    def item(panel: Panel) -> WorkItem:
        where = f" at {panel.location}" if panel.location else ""
        count = panel.referral_count
        return WorkItem(
            kind="panel_this_week",
            label=f"Panel on {long_date(panel.held_on)}{where}: {count} referral{'s' if count != 1 else ''}",
            link=reverse("oocd:panel_detail", args=[panel.pk]),
            due=panel.held_on,
        )

    return listed(rows, kind="panel_this_week", overdue=None, item=item)


def follow_ups_open(*, user: User, today: date) -> Found:
    """Open follow-ups of police outcomes for children not known to the YJS: the police officer's and
    a manager's teams', every one for the head of service."""
    if user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        rows = FollowUp.objects.all()
    elif user.has_role(Role.POLICE_OFFICER, Role.TEAM_MANAGER):
        rows = FollowUp.objects.filter(team__in=list(user.team_ids))
    else:
        return []
    rows = (
        rows.filter(outcome="")
        .select_related("decision__referral__child", "decision__outcome")
        .order_by("due_on", "id")
    )

    def item(follow_up: FollowUp) -> WorkItem:
        decision = follow_up.decision
        child = str(decision.referral.child)
        return WorkItem(
            kind="follow_up",
            label=f"Consider an offer of voluntary support to {child} ({decision.outcome.name.lower()} "
            f"on {long_date(decision.decided_on)})",
            link=reverse("oocd:decision_detail", args=[decision.pk]),
            due=follow_up.due_on,
            case_id=decision.referral.case_id,
            child_name=child,
        )

    return listed(rows, kind="follow_up", overdue=Q(due_on__lt=today), item=item)


def register_sources() -> None:
    register(panel_dates, {"panel_date": KINDS["panel_date"]})
    register(panels_this_week, {"panel_this_week": KINDS["panel_this_week"]})
    register(follow_ups_open, {"follow_up": KINDS["follow_up"]})
