import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance import indicators, services
from governance.models import Board, BoardAction, BoardAttendance

pytestmark = pytest.mark.django_db


def test_a_meeting_records_every_active_member_present_or_absent(team_manager):
    board = Board.objects.create(name="Board")
    chair = services.board_member_add(
        by=team_manager, board=board, name="Ruth", agency="local_authority", role="Chair", seniority="executive"
    )
    services.board_member_add(
        by=team_manager, board=board, name="Owen", agency="health", role="Doctor", seniority="senior", interim=True
    )
    services.board_meeting_record(by=team_manager, board=board, held_on=datetime.date(2025, 5, 1), present=[chair.pk])
    assert dict(BoardAttendance.objects.values_list("member__name", "attended")) == {"Ruth": True, "Owen": False}
    figure = indicators.board_attendance(indicators.Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)))
    assert (figure.numerator, figure.denominator) == (1, 2)
    with pytest.raises(ValidationError):
        services.board_meeting_record(by=team_manager, board=board, held_on=datetime.date(2025, 5, 1), present=[])


def test_board_members_cannot_keep_the_records(board_member):
    with pytest.raises(PermissionDenied):
        services.board_member_add(
            by=board_member,
            board=Board.objects.create(name="B"),
            name="X",
            agency="police",
            role="Y",
            seniority="senior",
        )


def test_the_board_page(client, team_manager):
    client.force_login(team_manager)
    url = reverse("governance:board")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "form": "action",
            "action-description": "Report s38(6) transfers",
            "action-owner": "Head of service",
            "action-due_date_0": "1",
            "action-due_date_1": "3",
            "action-due_date_2": "2026",
        },
    )
    assert response.status_code == 302
    action = BoardAction.objects.get()
    client.post(url, {"form": "status", "action_id": action.pk, "status": "done"})
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on
    response = client.post(url, {"form": "member", "member-name": "", "member-role": ""})
    assert response.status_code == 200 and "Enter the member&#x27;s name" in response.content.decode()
