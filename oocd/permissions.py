"""Who may see and do what with out-of-court disposals: the one place these rules live.

- Police officers see every referral, panel and decision; they record police-only
  decisions, the warning, conditions' breaches and delivery.
- Team managers see their teams' referrals and chair panels.
- Panel members see the referrals on panels they attend.
- Case workers and victim workers see referrals whose case they can see.
- The head of service reads everything.
- Follow-ups of police outcomes for children not known: the police officer, and the managers and
  case workers of the team, see and record them; the head of service reads them.
"""

from django.db.models import Q, QuerySet

from cases import permissions as case_permissions
from yjs.models import User
from yjs.roles import Role

from .models import FollowUp, Panel, Referral


def sees_every_referral(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.POLICE_OFFICER, Role.HEAD_OF_SERVICE))


def visible_referrals(user: User) -> QuerySet[Referral]:
    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    if sees_every_referral(user):
        return Referral.objects.all()
    visible = Q(case__in=case_permissions.visible_cases(user).values("pk"))
    if user.has_role(Role.PANEL_MEMBER):
        visible |= Q(panel_items__panel__attendees__user=user)
    return Referral.objects.filter(pk__in=Referral.objects.filter(visible).values("pk"))


def visible_panels(user: User) -> QuerySet[Panel]:
    if not user.is_authenticated or not user.is_active:
        return Panel.objects.none()
    if sees_every_referral(user) or user.has_role(Role.TEAM_MANAGER):
        return Panel.objects.all()
    return Panel.objects.filter(pk__in=Panel.objects.filter(attendees__user=user).values("pk"))


def can_refer(user: User) -> bool:
    return user.has_role(Role.POLICE_OFFICER, Role.CASE_WORKER, Role.TEAM_MANAGER)


def can_prepare(user: User, referral: Referral) -> bool:
    """Record views before the panel: YJS staff working on the case, victim workers, police."""
    if user.has_role(Role.POLICE_OFFICER):
        return True
    return user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER, Role.VICTIM_WORKER) and (
        case_permissions.can_view_case(user, referral.case)
    )


def can_run_panel(user: User) -> bool:
    return user.has_role(Role.TEAM_MANAGER, Role.POLICE_OFFICER)


def can_record_decision(user: User, panel: Panel | None) -> bool:
    if panel is None:
        return user.has_role(Role.POLICE_OFFICER)
    return panel.chair_id == user.pk or user.has_role(Role.TEAM_MANAGER, Role.POLICE_OFFICER)


def can_deliver(user: User) -> bool:
    return user.has_role(Role.POLICE_OFFICER, Role.CASE_WORKER, Role.TEAM_MANAGER)


def can_inform_victim(user: User) -> bool:
    return can_deliver(user) or user.has_role(Role.VICTIM_WORKER)


def can_record_compliance(user: User) -> bool:
    return user.has_role(Role.POLICE_OFFICER, Role.CASE_WORKER, Role.TEAM_MANAGER)


def can_scrutinise(user: User) -> bool:
    return user.has_role(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.POLICE_OFFICER)


def can_see_aggregates(user: User) -> bool:
    """Numbers without names (e.g. first-time entrants): managers, the head of service, police, the board."""
    return user.is_active and (
        user.is_superuser
        or user.has_role(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.POLICE_OFFICER, Role.BOARD_MEMBER)
    )


# --- Follow-ups of police outcomes for children not known to the YJS (DESIGN.md §11) -------------


def visible_follow_ups(user: User) -> QuerySet[FollowUp]:
    """The police officer and the head of service: every follow-up; managers and case workers:
    their teams' follow-ups on cases they may see."""
    if not user.is_authenticated or not user.is_active:
        return FollowUp.objects.none()
    if sees_every_referral(user):
        return FollowUp.objects.all()
    if not user.has_role(Role.TEAM_MANAGER, Role.CASE_WORKER):
        return FollowUp.objects.none()
    cases = case_permissions.visible_cases(user).values("pk")
    return FollowUp.objects.filter(team__in=list(user.team_ids), decision__referral__case__in=cases)


def sees_follow_ups(user: User) -> bool:
    return user.is_active and (
        user.is_superuser
        or user.has_role(Role.POLICE_OFFICER, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER, Role.CASE_WORKER)
    )


def can_record_follow_up(user: User, follow_up: FollowUp) -> bool:
    """The police officer, and the YJS staff of the follow-up's team (who make the offer of support)."""
    if user.has_role(Role.POLICE_OFFICER):
        return True
    return user.has_role(Role.TEAM_MANAGER, Role.CASE_WORKER) and follow_up.team_id in user.team_ids
