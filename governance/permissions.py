"""Who may do what in governance: the one place these rules live.

- The head of service and team managers generate board reports (managers for their own
  teams), keep the board's records and the population figures, and prepare for inspection.
- Board members read finished board reports only: figures, never a named child, and small
  numbers suppressed (``sees_small_numbers``); so do managers, for a report on teams beyond their own.
  They also see the board's meetings and the actions they own (``can_see_board_meetings``).
"""

from django.conf import settings

from yjs.models import User
from yjs.roles import Role

from .models import BoardReport

STAFF_ROLES = (Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER)


def small_number_threshold() -> int:
    return int(getattr(settings, "BOARD_SMALL_NUMBER", 3))


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_staff_reader(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(*STAFF_ROLES))


def can_view_reports(user: User) -> bool:
    return is_staff_reader(user) or (_active(user) and user.has_role(Role.BOARD_MEMBER))


def can_generate_report(user: User, team_ids=()) -> bool:
    """The head of service for any teams; a manager for teams of their own (not the whole service)."""
    if not _active(user):
        return False
    if user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        return True
    return user.has_role(Role.TEAM_MANAGER) and bool(team_ids) and set(team_ids) <= set(user.team_ids)


def sees_small_numbers(user: User, board_report: BoardReport | None = None) -> bool:
    """Board members who hold no staff role see counts below the threshold suppressed; so does a
    manager reading a report on more than their own teams (a whole-service report, another team's):
    they see every figure only of what they see on a page, their teams (DESIGN.md §2, §12)."""
    if not is_staff_reader(user):
        return False
    if board_report is None or user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        return True
    team_ids = {team.pk for team in board_report.teams.all()}
    return bool(team_ids) and team_ids <= set(user.team_ids)


def can_see_board_meetings(user: User) -> bool:
    """The board's meetings with their attendance, and the actions a member owns: no child in them,
    so board members see them as staff do (DESIGN.md §3 "governance")."""
    return can_view_reports(user)


def can_manage_board(user: User) -> bool:
    return is_staff_reader(user)


def can_manage_population(user: User) -> bool:
    return is_staff_reader(user)


def can_audit_cases(user: User) -> bool:
    """Case audits show named children's cases: staff only, never the board."""
    return is_staff_reader(user)


def can_judge_standards(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE))


def can_track_recommendations(user: User) -> bool:
    return is_staff_reader(user)


def can_import_recommendations(user: User) -> bool:
    return is_staff_reader(user)
