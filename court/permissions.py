"""Who may do what with court work: one place for the app (DESIGN.md §2, §10).

Hearings, reports, orders, panels and custody spells are case records: they follow the case's
permissions (another team's restricted case stays invisible) and are not for the police officer's
or the board's eyes in the application (the board sees figures; the police area receives a
resettlement notice as an information request).

- read: whoever may read case records and see the case (``cases.permissions.visible_cases``);
- record: case workers and managers who may work on the case (an open case);
- a pre-sentence report is approved or returned by a manager of the case's team, never its author;
- community panel volunteers are kept by team managers and the head of service; their names are
  read by whoever may read case records (a panel lists them), their email and phone only by those
  who keep them;
- a panel's record is the YJS's: case workers and managers of the case.
"""

from cases import permissions as case_permissions
from cases.models import Case
from yjs.models import User
from yjs.roles import Role

# The cases whose court work, and the children whose hearings, the user may read.
visible_cases = case_permissions.record_visible_cases
visible_children = case_permissions.record_visible_children
can_view_court_work = case_permissions.can_view_case_records
can_view_hearings = case_permissions.can_view_child_records


def can_see_court_list(user: User) -> bool:
    """The team's court list for a day (the hearings of children the user may see)."""
    return case_permissions.can_see_case_records(user)


# Record hearings, reports, orders, requirements and their progress, breaches, panels and custody
# spells: those who work on the open case.
can_record_court_work = case_permissions.can_work_on_case


# A hearing is the child's: through one of the child's open cases the user may work on.
can_record_hearing = case_permissions.can_work_for_child


def can_quality_assure(user: User, case: Case, author_id: int | None) -> bool:
    """Approve or return a pre-sentence report: a manager of the case's team, not the author."""
    return case_permissions.can_countersign(user, case, author_id)


can_see_volunteers = case_permissions.can_read_team_lists
# Add volunteers, record their vetting and training, see their contact details.
can_keep_volunteers = case_permissions.can_keep_team_lists


def can_sit_as_yjs_member(user: User, case: Case) -> bool:
    """The YJS member of a referral order panel: an active case worker or manager of the case's team."""
    return bool(user.is_active and user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER) and case.team_id in user.team_ids)
