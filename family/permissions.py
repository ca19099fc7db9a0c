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

from cases import permissions as case_permissions
from yjs.models import User
from yjs.roles import Role

# The cases and children through which the user may read a child's family and needs.
visible_cases = case_permissions.record_visible_cases
visible_children = case_permissions.record_visible_children
can_view_family = case_permissions.can_view_child_records
# Through one of the child's open cases the user may work on.
can_record_family = case_permissions.can_work_for_child


def sees_contact_details(user: User) -> bool:
    """The roles that may read a family member's contact details (of a family they may read)."""
    return user.is_active and user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)
