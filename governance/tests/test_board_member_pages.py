"""What a board member sees of the board (issue #20): its meetings with attendance, and the actions they
own; never a child. Their account is linked to their place on the board, or found by their name."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import selectors, services
from governance.demo import load_governance_demo
from governance.models import ActionStatus, Board, BoardAction
from yjs.roles import Role
from yjs.tests.factories import UserFactory
from yjs.work import my_work

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
URL = reverse("governance:board_meetings")


@pytest.fixture
def board(team_manager, board_member):
    board = services.board_get_or_create()
    clerk = services.board_member_add(
        by=team_manager, board=board, name="Michael Price", agency="courts", role="Deputy justices' clerk, HMCTS",
        seniority="senior", user=board_member,
    )  # fmt: skip
    doctor = services.board_member_add(
        by=team_manager, board=board, name="Dr Owen Pritchard", agency="health",
        role="Designated doctor, integrated care board", seniority="senior",
    )  # fmt: skip
    services.board_meeting_record(
        by=team_manager, board=board, held_on=TODAY - datetime.timedelta(days=10), present=[doctor.pk],
        notes="Disproportionality discussed",
    )  # fmt: skip
    add = {"by": team_manager, "board": board}
    services.board_action_add(**add, description="Bring remand figures", owner="Michael Price", due_date=TODAY)
    services.board_action_add(**add, description="Court data protocol", owner="deputy justices' clerk", due_date=TODAY)
    services.board_action_add(**add, description="Health attendance", owner="Designated doctor", due_date=TODAY)
    return {"board": board, "clerk": clerk, "doctor": doctor}


def test_a_board_member_sees_the_meetings_and_only_the_actions_they_own(client, board_member, board):
    client.force_login(board_member)
    assert f'href="{URL}"' in client.get(reverse("governance:index")).content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bring remand figures" in page and "Court data protocol" in page  # by name, and by post
    assert "Health attendance" not in page
    assert "Disproportionality discussed" in page
    assert "1 of 2" in page  # members present
    assert ">Absent</td>" in page  # their own attendance
    assert "Dr Owen Pritchard, Health: present" in page


def test_actions_go_to_the_member_of_the_users_name_when_no_account_is_linked(board):
    doctor = UserFactory(first_name="Owen", last_name="Pritchard", roles=[Role.BOARD_MEMBER])
    assert selectors.board_member_of(board=board["board"], user=doctor) is None  # "Dr Owen Pritchard"
    owen = UserFactory(first_name="Dr Owen", last_name="Pritchard", roles=[Role.BOARD_MEMBER])
    member = selectors.board_member_of(board=board["board"], user=owen)
    assert member == board["doctor"]
    owned = selectors.board_actions_owned(board=board["board"], member=member)
    assert [action.description for action in owned] == ["Health attendance"]


def test_a_board_member_on_no_member_of_the_board_is_told_so(client, board):
    stranger = UserFactory(roles=[Role.BOARD_MEMBER])
    client.force_login(stranger)
    page = client.get(URL).content.decode()
    assert "Your account is not linked to a member of the board" in page
    assert "No actions are assigned to you." in page


def test_an_overdue_action_is_tagged(client, board_member, board):
    BoardAction.objects.filter(description="Bring remand figures").update(due_date=TODAY - datetime.timedelta(days=1))
    BoardAction.objects.filter(description="Court data protocol").update(
        due_date=TODAY - datetime.timedelta(days=1), status=ActionStatus.DONE
    )
    client.force_login(board_member)
    assert client.get(URL).content.decode().count("Overdue") == 1


def test_the_page_is_for_those_who_read_board_reports(client, case_worker, police_officer, team_manager, board):
    for user in (case_worker, police_officer):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.force_login(team_manager)
    assert client.get(URL).status_code == 200


def test_a_members_account_must_be_one_that_reads_board_reports(team_manager, case_worker):
    with pytest.raises(ValidationError) as refused:
        services.board_member_add(
            by=team_manager, board=Board.objects.create(name="B"), name="Sam", agency="yjs", role="Worker",
            seniority="practitioner", user=case_worker,
        )  # fmt: skip
    assert refused.value.message_dict == {"user": ["Select the account of someone who reads board reports"]}


def test_the_managers_board_page_links_a_member_to_their_account(client, team_manager, board_member):
    client.force_login(team_manager)
    response = client.post(
        reverse("governance:board"),
        {
            "form": "member",
            "member-name": "Janet Moss",
            "member-agency": "probation",
            "member-role": "Head of delivery unit",
            "member-seniority": "senior",
            "member-user": board_member.pk,
        },
    )
    assert response.status_code == 302
    assert selectors.board_member_of(board=services.board_get_or_create(), user=board_member).name == "Janet Moss"


def test_the_demo_board_member_owns_an_action(board_member):
    UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE])
    load_governance_demo(generate_report=False)
    board = Board.objects.get()
    member = selectors.board_member_of(board=board, user=board_member)
    assert member.name == "Michael Price"
    assert selectors.board_actions_owned(board=board, member=member).count() == 1


def test_the_open_actions_a_member_owns_are_on_their_work_list(board_member, board):
    BoardAction.objects.filter(description="Court data protocol").update(status=ActionStatus.DONE)
    items = [item for item in my_work(user=board_member, today=TODAY) if item.kind == "board_action"]
    assert [(item.label, item.due, item.link) for item in items] == [
        ("Board action: Bring remand figures", TODAY, f"{URL}#actions")
    ]
