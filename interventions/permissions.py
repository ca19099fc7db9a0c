"""Who may do what with interventions: one place for the app (DESIGN.md §2, §10).

- the catalogue: read by whoever may read case records; kept (added, changed, set inactive) by team
  managers and the head of service;
- a case's referrals, reparation, restorative justice and victim safety plans are case records:
  read through the case (``cases.permissions.visible_cases``), recorded by those who work on the
  open case; restorative justice and victim safety plans also by the victim worker, who works
  with the case's victims (``cases.permissions.can_manage_victims``).
"""

from django.db.models import QuerySet

from cases import permissions as case_permissions
from cases.models import Case
from yjs.models import User
from yjs.roles import Role


def visible_cases(user: User) -> QuerySet[Case]:
    if not case_permissions.can_see_case_records(user):
        return Case.objects.none()
    return case_permissions.visible_cases(user)


def can_view_interventions(user: User, case: Case) -> bool:
    return case_permissions.can_see_case_records(user) and case_permissions.can_view_case(user, case)


def can_see_catalogue(user: User) -> bool:
    return user.is_active and case_permissions.can_see_case_records(user)


def can_keep_catalogue(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE))


def can_record_interventions(user: User, case: Case) -> bool:
    """Referrals, sessions attended, reparation: those who work on the open case."""
    return case_permissions.can_work_on_case(user, case)


def can_record_victim_work(user: User, case: Case) -> bool:
    """Restorative justice and victim safety plans: those who work on the case and the victim worker."""
    return case_permissions.can_manage_victims(user, case)
