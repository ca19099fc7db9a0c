"""Who may see and record the family around the child and the child's needs: one place for the app.

The family and needs are case records about the child (DESIGN.md §2, §11), read and recorded
through the child's cases, as the child's social care status is in ``risk``:

- read: whoever may read case records (case workers, team managers, victim workers, the head of
  service) and may see one of the child's cases (``cases.permissions.visible_cases``: another
  team's restricted case is not there); the police officer and the board do not;
- record: case workers and managers who may work on one of the child's open cases;
- a family member's contact details (phone, email, address), like a victim's, go further than
  who they are: a case worker, manager or head of service who may read the family, each read
  audited (``services.family_member_contact_details_view_many``); not a victim worker.
"""

from django.db.models import QuerySet

from cases import permissions as case_permissions
from cases.models import Case, CaseStatus, Child
from yjs.models import User
from yjs.roles import Role


def visible_cases(user: User) -> QuerySet[Case]:
    """The cases through which the user may read a child's family and needs."""
    if not case_permissions.can_see_case_records(user):
        return Case.objects.none()
    return case_permissions.visible_cases(user)


def visible_children(user: User) -> QuerySet[Child]:
    """The children whose family and needs the user may read."""
    return Child.objects.filter(pk__in=visible_cases(user).values("child"))


def can_view_family(user: User, child: Child) -> bool:
    return visible_cases(user).filter(child=child).exists()


def can_record_family(user: User, child: Child) -> bool:
    """Through one of the child's open cases the user may work on."""
    if not user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER):
        return False
    open_cases = Case.objects.filter(child=child, status=CaseStatus.OPEN)
    return case_permissions.visible_cases(user).filter(pk__in=open_cases.values("pk")).exists()


def sees_contact_details(user: User) -> bool:
    """The roles that may read a family member's contact details (of a family they may read)."""
    return user.is_active and user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)


def can_see_contact_details(user: User, child: Child) -> bool:
    return sees_contact_details(user) and can_view_family(user, child)
