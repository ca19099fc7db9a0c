"""Who may do what with a case's risk work: one place for the app (DESIGN.md §2, §9).

Risk records are case records: they follow the case's permissions (another team's restricted
case stays invisible) and, like assessments, are not for the police officer's or the board's
eyes in the application (the officer attends the meeting; the board sees figures).
"""

from cases import permissions as case_permissions
from cases.models import Case
from yjs.models import Team, User
from yjs.roles import Role

# The cases whose risk work the user may read.
visible_cases = case_permissions.record_visible_cases
can_view_risk = case_permissions.can_view_case_records


# Refer to the meeting, record MAPPA, MARAC, social care status and safeguarding referrals.
can_record_risk = case_permissions.can_work_on_case


def can_decline_referral(user: User, case: Case) -> bool:
    """A manager of the case's team decides a referral need not go to the meeting."""
    return case_permissions.can_manage_case(user, case)


def can_run_meeting(user: User, team: Team) -> bool:
    """Arrange a team's meeting, record who attended, hear cases, record decisions and actions:
    the team's managers (who chair it, DESIGN.md §2)."""
    return user.is_active and user.has_role(Role.TEAM_MANAGER) and team.pk in user.team_ids


def can_complete_action(user: User, owner_id: int | None, case: Case) -> bool:
    """An action's owner marks it done, or a manager of the case's team does for a partner agency."""
    if owner_id is not None and owner_id == user.pk:
        return can_view_risk(user, case)
    return case_permissions.can_manage_case(user, case)
