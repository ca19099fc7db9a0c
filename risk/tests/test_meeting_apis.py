"""The risk and vulnerability meeting's API (DESIGN.md §7, §9): each rule answered with a 400 naming the
field (and nothing changed), who sees what (another team's restricted case stays 404, and its reading
is audited), and query counts that do not grow with rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from risk.models import Action, Attendee, Hearing, Meeting, ReferralStatus
from risk.services import meetings as services
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent

from .factories_meetings import DECISION, meetings_case, meetings_decide, meetings_meeting, meetings_referral
from .fixtures_meetings import *  # noqa: F403 (the fixtures)

pytestmark = pytest.mark.django_db

API = "/api/v1/risk"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def restricted_reads(user, case) -> int:
    return AuditEvent.objects.filter(
        actor=user, action=AuditAction.VIEW_SENSITIVE, content_type__model="case", object_id=str(case.pk)
    ).count()


# --- Meetings ------------------------------------------------------------------------------------------


def test_a_manager_arranges_a_meeting(team_north, team_manager, case_worker, today):
    response = client_for(team_manager).post(
        f"{API}/meetings/",
        {"team": team_north.pk, "held_on": today.isoformat(), "chair": case_worker.pk, "notes": "Room 4"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["team"], body["team_name"], body["chair"], body["notes"]) == (
        team_north.pk,
        "North",
        case_worker.pk,
        "Room 4",
    )
    assert body["attendees"] == body["hearings"] == []


def test_arranging_a_meeting_answers_bad_input_by_field(team_north, team_south, team_manager, manager_south, today):
    client = client_for(team_manager)
    response = client.post(f"{API}/meetings/", {"team": team_south.pk, "held_on": "31/12/2026"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "team": ["Select a valid team"],
        "held_on": ["Date of the meeting must be a real date, in the format YYYY-MM-DD"],
        "chair": ["Select the chair"],
    }
    response = client.post(
        f"{API}/meetings/",
        {"team": team_north.pk, "held_on": today.isoformat(), "chair": manager_south.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"chair": ["Select a member of the North team to chair the meeting"]}
    assert not Meeting.objects.exists()


def test_a_case_worker_may_not_arrange_a_meeting(team_north, case_worker, today):
    response = client_for(case_worker).post(
        f"{API}/meetings/",
        {"team": team_north.pk, "held_on": today.isoformat(), "chair": case_worker.pk},
        format="json",
    )
    assert response.status_code == 403


def test_meetings_are_filtered_by_team_and_date(team_north, team_south, team_manager, manager_south, head, today):
    north = meetings_meeting(team=team_north, by=team_manager)
    last_month = meetings_meeting(team=team_north, by=team_manager, held_on=today - datetime.timedelta(days=30))
    south = meetings_meeting(team=team_south, by=manager_south)
    client = client_for(head)
    ids = lambda **query: [row["id"] for row in results(client.get(f"{API}/meetings/", query))]  # noqa: E731
    assert ids() == [south.pk, north.pk, last_month.pk]  # newest first
    assert ids(team=team_south.pk) == [south.pk]
    assert ids(**{"from": (today - datetime.timedelta(days=1)).isoformat()}) == sorted(
        [north.pk, south.pk], reverse=True
    )
    assert ids(to=(today - datetime.timedelta(days=1)).isoformat()) == [last_month.pk]
    assert client.get(f"{API}/meetings/", {"from": "yesterday"}).status_code == 400
    assert [row["id"] for row in results(client_for(team_manager).get(f"{API}/meetings/"))] == [north.pk, last_month.pk]


def test_a_meeting_shows_its_attendees_hearings_referrals_decisions_and_actions(
    meeting, hearing, team_manager, case_worker, referral, today
):
    services.attendee_add(meeting=meeting, by=team_manager, name="PC Hall", agency="Police", role="Officer")
    meetings_decide(hearing, by=team_manager)
    services.action_add(hearing=hearing, by=team_manager, description="Visit", due_on=today, owner=case_worker)
    body = client_for(case_worker).get(f"{API}/meetings/{meeting.pk}/").json()
    assert body["attendees"] == [
        {"id": Attendee.objects.get().pk, "name": "PC Hall", "agency": "Police", "role": "Officer"}
    ]
    [shown] = body["hearings"]
    assert (shown["case"], shown["decided"], shown["risk_of_serious_harm"], shown["decision"]) == (
        hearing.case_id, True, "high", DECISION["decision"]
    )  # fmt: skip
    assert [(r["id"], r["status"]) for r in shown["referrals"]] == [(referral.pk, "heard")]
    [action] = shown["actions"]
    assert (action["description"], action["owner"], action["overdue"]) == ("Visit", case_worker.pk, False)


def test_another_teams_meeting_is_not_found(meeting, case_worker_south, police_officer, board_member):
    for user in (case_worker_south, police_officer, board_member):
        assert client_for(user).get(f"{API}/meetings/{meeting.pk}/").status_code == 404
        assert results(client_for(user).get(f"{API}/meetings/")) == []


def test_a_restricted_cases_hearing_is_hidden_from_others_and_its_reading_audited(
    meeting, hearing, restricted_hearing, team_manager, case_worker
):
    case = restricted_hearing.case
    shown = client_for(case_worker).get(f"{API}/meetings/{meeting.pk}/").json()["hearings"]
    assert [row["case"] for row in shown] == [hearing.case_id]
    for url in (f"{API}/meetings/{meeting.pk}/", f"{API}/meetings/"):
        before = restricted_reads(team_manager, case)
        response = client_for(team_manager).get(url)
        assert f'"case":{case.pk}'.encode() in response.content
        assert restricted_reads(team_manager, case) == before + 1
    assert restricted_reads(case_worker, case) == 0


# --- Attendees and hearings ---------------------------------------------------------------------------


def test_recording_an_attendee(meeting, team_manager, case_worker):
    url = f"{API}/meetings/{meeting.pk}/attendees/"
    response = client_for(team_manager).post(url, {"name": "Dr Lee", "agency": "Health"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["attendees"][0]["name"] == "Dr Lee"
    response = client_for(team_manager).post(url, {"name": " "}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": ["Enter the attendee's name"], "agency": ["Enter the attendee's agency"]}
    response = client_for(team_manager).post(
        url, {"name": "Dr Lee", "agency": "Health", "role": "x" * 151}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"role": ["Attendee's role must be 150 characters or fewer"]}
    assert client_for(case_worker).post(url, {"name": "Dr Lee", "agency": "Health"}, format="json").status_code == 403
    assert Attendee.objects.count() == 1


def test_putting_a_case_on_the_agenda(meeting, team_manager, case, referral, restricted_case, case_worker):
    url = f"{API}/meetings/{meeting.pk}/hearings/"
    response = client_for(team_manager).post(url, {"case": case.pk}, format="json")
    assert response.status_code == 201, response.content
    assert [row["id"] for row in response.json()["referrals"]] == [referral.pk]
    again = client_for(team_manager).post(url, {"case": case.pk}, format="json")
    assert again.status_code == 400 and again.json() == {"case": ["This case is already on the meeting's agenda"]}
    # A case the user may not see is a field error, whether or not it exists.
    hidden = client_for(case_worker).post(url, {"case": restricted_case.pk}, format="json")
    assert hidden.status_code == 400 and hidden.json() == {"case": ["Select a valid case"]}
    assert Hearing.objects.count() == 1


def test_a_case_of_another_team_is_not_heard(meeting, team_manager, head, south_case):
    url = f"{API}/meetings/{meeting.pk}/hearings/"
    assert client_for(team_manager).post(url, {"case": south_case.pk}, format="json").json() == {
        "case": ["Select a valid case"]
    }
    assert client_for(head).post(url, {"case": south_case.pk}, format="json").status_code == 403


# --- Decisions -----------------------------------------------------------------------------------------


def _decision(hearing, **changes) -> dict:
    next_review = (hearing.meeting.held_on + datetime.timedelta(days=28)).isoformat()
    return {**DECISION, "next_review_on": next_review, **changes}


def test_recording_a_decision(hearing, team_manager, referral):
    response = client_for(team_manager).post(
        f"{API}/hearings/{hearing.pk}/decision/", _decision(hearing), format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decided"] and body["decided_by"] == team_manager.pk and body["external_controls"]
    assert [row["status"] for row in body["referrals"]] == [ReferralStatus.HEARD]


def test_a_decision_answers_each_rule_by_field(hearing, team_manager):
    url = f"{API}/hearings/{hearing.pk}/decision/"
    response = client_for(team_manager).post(
        url,
        _decision(
            hearing, risk_of_serious_harm="very_high", external_controls="", contingency="", next_review_on="2001-01-01"
        ),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"external_controls", "contingency", "next_review_on"}
    response = client_for(team_manager).post(url, _decision(hearing, safety_and_wellbeing="extreme"), format="json")
    assert response.status_code == 400 and set(response.json()) == {"safety_and_wellbeing"}
    response = client_for(team_manager).post(url, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"risk_of_serious_harm", "safety_and_wellbeing", "next_review_on"}
    hearing.refresh_from_db()
    assert not hearing.is_decided


def test_only_the_team_managers_decide(hearing, restricted_hearing, case_worker, manager_south):
    url = f"{API}/hearings/{hearing.pk}/decision/"
    assert client_for(case_worker).post(url, _decision(hearing), format="json").status_code == 403
    assert client_for(manager_south).post(url, _decision(hearing), format="json").status_code == 404
    hidden = f"{API}/hearings/{restricted_hearing.pk}/decision/"
    assert client_for(case_worker).post(hidden, _decision(restricted_hearing), format="json").status_code == 404


# --- Actions -------------------------------------------------------------------------------------------


def test_setting_an_action(hearing, team_manager, case_worker, today):
    client = client_for(team_manager)
    response = client.post(
        f"{API}/actions/",
        {"hearing": hearing.pk, "description": "Home visit", "due_on": today.isoformat(), "owner": case_worker.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["owner"], response.json()["child"]) == (case_worker.pk, hearing.case.child_id)
    response = client.post(
        f"{API}/actions/",
        {"hearing": hearing.pk, "description": "Check", "due_on": today.isoformat(), "owner_agency": "Police"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["owner"] is None
    both = client.post(
        f"{API}/actions/",
        {"hearing": hearing.pk, "description": "x", "due_on": today.isoformat(), "owner": case_worker.pk,
         "owner_agency": "Police"},
        format="json",
    )  # fmt: skip
    assert both.status_code == 400 and both.json() == {"owner": ["Select a person or name a partner agency, not both"]}
    early = client.post(
        f"{API}/actions/",
        {"hearing": hearing.pk, "description": "x", "due_on": "2020-01-01", "owner_agency": "Police"},
        format="json",
    )
    assert early.status_code == 400 and set(early.json()) == {"due_on"}
    assert Action.objects.count() == 2


def test_actions_are_filtered_by_case_owner_and_overdue(hearing, restricted_hearing, team_manager, case_worker, today):
    yesterday = today - datetime.timedelta(days=1)
    meeting = meetings_meeting(team=hearing.meeting.team, by=team_manager, held_on=yesterday)
    earlier = services.hearing_add(meeting=meeting, by=team_manager, case=hearing.case)
    overdue = services.action_add(
        hearing=earlier, by=team_manager, description="Late", due_on=yesterday, owner=case_worker
    )
    due = services.action_add(hearing=hearing, by=team_manager, description="Now", due_on=today, owner_agency="Police")
    earlier_restricted = services.hearing_add(meeting=meeting, by=team_manager, case=restricted_hearing.case)
    hidden = services.action_add(
        hearing=earlier_restricted, by=team_manager, description="Hidden", due_on=yesterday, owner_agency="Police"
    )
    client = client_for(team_manager)
    ids = lambda **query: {row["id"] for row in results(client.get(f"{API}/actions/", query))}  # noqa: E731
    assert ids() == {overdue.pk, due.pk, hidden.pk}
    assert ids(overdue="true") == {overdue.pk, hidden.pk}
    assert ids(overdue="false") == {due.pk}
    assert ids(owner=case_worker.pk) == {overdue.pk}
    assert ids(case=restricted_hearing.case_id) == {hidden.pk}
    assert client.get(f"{API}/actions/", {"case": "one"}).status_code == 400
    assert {row["id"] for row in results(client_for(case_worker).get(f"{API}/actions/"))} == {overdue.pk, due.pk}
    [row] = results(client.get(f"{API}/actions/", {"overdue": "true", "owner": case_worker.pk}))
    assert row["overdue"] is True
    assert restricted_reads(case_worker, restricted_hearing.case) == 0
    assert restricted_reads(team_manager, restricted_hearing.case) >= 1


def test_completing_an_action(hearing, team_manager, case_worker, other_case_worker, today):
    action = services.action_add(hearing=hearing, by=team_manager, description="Visit", due_on=today, owner=case_worker)
    url = f"{API}/actions/{action.pk}/complete/"
    assert client_for(other_case_worker).post(url, {}, format="json").status_code == 403
    future = client_for(case_worker).post(
        url, {"done_on": (today + datetime.timedelta(days=1)).isoformat()}, format="json"
    )
    assert future.status_code == 400 and future.json() == {
        "done_on": ["The date it was done must be today or in the past"]
    }
    response = client_for(case_worker).post(url, {}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["done_on"], response.json()["done_by"]) == (today.isoformat(), case_worker.pk)
    again = client_for(case_worker).post(url, {}, format="json")
    assert again.status_code == 400


def test_a_restricted_cases_action_is_not_found_by_others(restricted_hearing, team_manager, case_worker, today):
    action = services.action_add(
        hearing=restricted_hearing, by=team_manager, description="Secret", due_on=today, owner_agency="Police"
    )
    assert client_for(case_worker).post(f"{API}/actions/{action.pk}/complete/", {}, format="json").status_code == 404
    assert client_for(team_manager).post(f"{API}/actions/{action.pk}/complete/", {}, format="json").status_code == 200


# --- Query counts ----------------------------------------------------------------------------------------


def _meetings_with_rows(n: int, *, team, manager, case_worker) -> None:
    """n meetings, each with two attendees, and a case heard (with two referrals), decided, with two actions."""
    for _ in range(n):
        meeting = meetings_meeting(team=team, by=manager)
        for name in ("PC Hall", "Dr Lee"):
            services.attendee_add(meeting=meeting, by=manager, name=name, agency="Police")
        case = meetings_case(by=manager, team=team, allocated_to=case_worker)
        meetings_referral(case)
        meetings_referral(case, reason="weapons")
        hearing = meetings_decide(services.hearing_add(meeting=meeting, by=manager, case=case), by=manager)
        for owner in (case_worker, None):
            services.action_add(
                hearing=hearing, by=manager, description="Do it", due_on=timezone.localdate(), owner=owner,
                owner_agency="" if owner else "Police",
            )  # fmt: skip


def _count(client, url: str) -> tuple[int, int]:
    """The queries of a GET and how many rows it answered (a list's results, or a meeting's hearings)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, response.content
    body = response.json()
    return len(queries), len(body["results"] if "results" in body else body["hearings"])


@pytest.mark.parametrize("viewer", ["team_manager", "case_worker", "head"])
@pytest.mark.parametrize(("path", "rows_each"), [("meetings/", 1), ("actions/", 2)])
def test_list_queries_do_not_grow_with_rows(
    request, viewer, path, rows_each, team_north, team_manager, case_worker, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(viewer))
    url = f"{API}/{path}"
    _meetings_with_rows(2, team=team_north, manager=team_manager, case_worker=case_worker)
    client.get(url)  # once first: per-process caches are filled
    queries, rows = _count(client, url)
    assert rows == 2 * rows_each
    _meetings_with_rows(4, team=team_north, manager=team_manager, case_worker=case_worker)
    with django_assert_max_num_queries(queries):
        response = client.get(url, {"page_size": 100})
    assert len(response.json()["results"]) == 6 * rows_each


def test_a_meetings_queries_do_not_grow_with_its_hearings(meeting, team_north, team_manager, case_worker):
    client = client_for(team_manager)

    def hear(n: int) -> None:
        for _ in range(n):
            case = meetings_case(by=team_manager, team=team_north, allocated_to=case_worker)
            meetings_referral(case)
            hearing = meetings_decide(
                services.hearing_add(meeting=meeting, by=team_manager, case=case), by=team_manager
            )
            services.action_add(
                hearing=hearing, by=team_manager, description="Do it", due_on=timezone.localdate(), owner=case_worker
            )

    url = f"{API}/meetings/{meeting.pk}/"
    hear(2)
    client.get(url)
    queries, rows = _count(client, url)
    hear(4)
    assert _count(client, url) == (queries, rows + 4)
