import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import indicators, services
from governance.models import (
    Board,
    BoardAction,
    BoardAttendance,
    BoardMeeting,
    BoardReport,
    Recommendation,
    RecommendationAction,
)

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


# --- Dates within sensible bounds ----------------------------------------------------------

TODAY = timezone.localdate()


@pytest.fixture
def board_with_a_member(team_manager):
    board = Board.objects.create(name="Board")
    services.board_member_add(
        by=team_manager, board=board, name="Ruth", agency="local_authority", role="Chair", seniority="executive"
    )
    return board


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "The date of the meeting must be today or in the past"),
        (datetime.date(2040, 1, 1), "The date of the meeting must be today or in the past"),
        (datetime.date(1999, 12, 31), "The date of the meeting must be in 2000 or later"),
    ],
)
def test_no_attendance_is_recorded_for_a_meeting_that_has_not_happened(
    team_manager, board_with_a_member, held_on, message
):
    member = board_with_a_member.members.get()
    with pytest.raises(ValidationError) as raised:
        services.board_meeting_record(by=team_manager, board=board_with_a_member, held_on=held_on, present=[member.pk])
    assert raised.value.message_dict == {"held_on": [message]}
    assert not BoardMeeting.objects.exists() and not BoardAttendance.objects.exists()
    services.board_meeting_record(by=team_manager, board=board_with_a_member, held_on=TODAY, present=[member.pk])
    assert BoardAttendance.objects.get().attended


def test_the_board_page_says_a_future_meeting_cannot_be_recorded(client, team_manager, board_with_a_member):
    client.force_login(team_manager)
    member = board_with_a_member.members.get()
    Board.objects.exclude(pk=board_with_a_member.pk).delete()
    board_with_a_member.name = "Youth justice management board"
    board_with_a_member.save()
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(
        reverse("governance:board"),
        {
            "form": "meeting",
            "meeting-held_on_0": str(tomorrow.day),
            "meeting-held_on_1": str(tomorrow.month),
            "meeting-held_on_2": str(tomorrow.year),
            "meeting-present": [str(member.pk)],
        },
    )
    assert response.status_code == 200
    assert "The date of the meeting must be today or in the past" in response.content.decode()
    assert not BoardAttendance.objects.exists()


@pytest.mark.parametrize(
    ("due_date", "message"),
    [
        (datetime.date(1, 1, 1), "The due date must be in 2000 or later"),
        (TODAY.replace(year=TODAY.year + 6), "The due date must be within 5 years from today"),
        (datetime.date(9999, 12, 31), "The due date must be within 5 years from today"),
    ],
)
def test_board_and_recommendation_action_due_dates_are_within_bounds(team_manager, due_date, message):
    board = Board.objects.create(name="Board")
    with pytest.raises(ValidationError) as raised:
        services.board_action_add(by=team_manager, board=board, description="Act", owner="Chair", due_date=due_date)
    assert raised.value.message_dict == {"due_date": [message]}
    recommendation = Recommendation.objects.first()
    with pytest.raises(ValidationError) as raised:
        services.recommendation_action_add(
            by=team_manager, recommendation=recommendation, description="Act", owner="Chair", due_date=due_date
        )
    assert raised.value.message_dict == {"due_date": [message]}
    assert not BoardAction.objects.exists() and not RecommendationAction.objects.exists()


def test_a_board_action_is_not_due_before_the_meeting_it_comes_from(team_manager, board_with_a_member):
    held_on = TODAY - datetime.timedelta(days=10)
    services.board_meeting_record(by=team_manager, board=board_with_a_member, held_on=held_on, present=[])
    with pytest.raises(ValidationError) as raised:
        services.board_action_add(
            by=team_manager,
            board=board_with_a_member,
            description="Act",
            owner="Chair",
            due_date=held_on - datetime.timedelta(days=1),
        )
    assert raised.value.message_dict == {
        "due_date": [f"The due date must be the same as or after the meeting on {held_on:%-d %B %Y}"]
    }
    action = services.board_action_add(
        by=team_manager, board=board_with_a_member, description="Act", owner="Chair", due_date=held_on
    )
    assert action.meeting.held_on == held_on


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"period_start": "0001-01-01", "period_end": "0001-12-31"}, "period_start"),
        ({"period_start": "9999-01-01", "period_end": "9999-12-31"}, "period_end"),
    ],
)
def test_a_report_period_outside_sensible_dates_is_400(api_client, head_of_service, payload, field):
    api_client.force_authenticate(head_of_service)
    response = api_client.post("/api/v1/governance/reports/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not BoardReport.objects.exists()
