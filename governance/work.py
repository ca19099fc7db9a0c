"""The board's actions on their owner's work list (``yjs.work``, DESIGN.md §11): a board member's, or
that of a member of staff who sits on the board. No child in them."""

from datetime import date

from django.urls import reverse

from yjs.models import User
from yjs.work import WorkItem

from . import permissions, selectors
from .models import ActionStatus, Board

BOARD_ACTION = "board_action"


def board_work(*, user: User, today: date) -> list[WorkItem]:
    """The open board actions the user owns, each due by its date."""
    if not permissions.can_see_board_meetings(user):
        return []
    board = Board.objects.order_by("pk").first()
    member = selectors.board_member_of(board=board, user=user) if board else None
    if member is None:
        return []
    link = reverse("governance:board_meetings") + "#actions"
    actions = selectors.board_actions_owned(board=board, member=member).filter(
        status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
    )
    return [
        WorkItem(kind=BOARD_ACTION, label=f"Board action: {action.description}", link=link, due=action.due_date)
        for action in actions
    ]
