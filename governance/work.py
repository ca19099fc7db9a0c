"""The board member's work list (``yjs.work``, DESIGN.md §11): the board's coming meetings and the
open actions assigned to them, on the boards they sit on (every board when their account is linked to
none). Three queries (their seats, the meetings, the actions); nothing about a named child.
"""

from datetime import date

from django.db.models import Exists, Q
from django.urls import reverse

from yjs.models import User
from yjs.roles import Role
from yjs.validators import long_date
from yjs.work import WorkItem, WorkTally, listed, register

from . import permissions, selectors
from .models import ActionStatus, Board, BoardAction, BoardMeeting, BoardMember

KINDS = {"board_meeting": "Board meetings coming up", "board_action": "Board actions"}


def board_work(*, user: User, today: date) -> list[WorkItem | WorkTally]:
    if not user.has_role(Role.BOARD_MEMBER):
        return []
    seats = BoardMember.objects.filter(user=user, active=True)
    boards = Board.objects.filter(Q(pk__in=seats.values("board")) | ~Exists(seats))
    # The board's meetings and actions, where the person may open them; otherwise the board's reports.
    link = reverse("governance:board_meetings" if permissions.can_see_board_meetings(user) else "governance:index")
    meetings = BoardMeeting.objects.filter(board__in=boards, held_on__gte=today).select_related("board")
    # The actions assigned to them: those whose owner is their name or post on the board.
    owners = Q(pk__in=[])
    for member in selectors.board_seats_of(user=user, boards=boards).values():
        owners |= selectors.owned_by(member)
    actions = (
        BoardAction.objects.filter(owners)
        .filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
        .order_by("due_date", "id")
    )
    return [
        *listed(
            meetings.order_by("held_on", "id"),
            kind="board_meeting",
            overdue=None,
            item=lambda meeting: WorkItem(
                kind="board_meeting",
                label=f"{meeting.board} meets on {long_date(meeting.held_on)}",
                link=link,
                due=meeting.held_on,
            ),
        ),
        *listed(
            actions,
            kind="board_action",
            overdue=Q(due_date__lt=today),
            item=lambda action: WorkItem(
                kind="board_action",
                label=f"Board action: {action.description[:120]}",
                link=f"{link}#actions",
                due=action.due_date,
            ),
        ),
    ]


def register_sources() -> None:
    register(board_work, KINDS)
