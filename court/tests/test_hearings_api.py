"""The hearings API (DESIGN.md §7): /api/v1/court/hearings/ — list and its filters, create, detail,
PATCH (a field left out is never erased); 400s naming each field; 403 and 404 by the case's rules."""

import datetime

import pytest
from rest_framework.test import APIClient

from cases.tests.factories import ChildFactory
from court.models import Hearing
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent

from .factories_hearings import *  # noqa: F403
from .factories_hearings import TODAY, court_case, court_hearing, days_ago

pytestmark = pytest.mark.django_db
HEARINGS = "/api/v1/court/hearings/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_recording_a_hearing(north_case, case_worker):
    body = {
        "child": north_case.child_id,
        "case": north_case.pk,
        "heard_on": days_ago(1).isoformat(),
        "court": "Leeds Youth Court",
        "hearing_type": "first_appearance",
        "outcome": "report_requested",
        "next_hearing_on": (TODAY + datetime.timedelta(days=21)).isoformat(),
        "duty_officer_note": "Pleaded guilty",
    }
    response = client_for(case_worker).post(HEARINGS, body, format="json")
    assert response.status_code == 201, response.content
    row = response.json()
    assert {key: row[key] for key in body} == body
    assert (row["hearing_type_display"], row["outcome_display"]) == (
        "First appearance",
        "Pre-sentence report requested",
    )
    assert row["recorded_by"] == case_worker.pk


def test_field_errors_are_400s_naming_each_field(north_case, case_worker, south_restricted_case):
    client = client_for(case_worker)
    response = client.post(
        HEARINGS,
        {"child": south_restricted_case.child_id, "heard_on": "2026-02-30", "court": "", "hearing_type": "appeal"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "child": ["Select a valid child"],
        "heard_on": ["Date of the hearing must be a real date, in the format YYYY-MM-DD"],
        "court": ["Enter the court"],
        "hearing_type": ["Select a valid type of hearing"],
    }
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        HEARINGS,
        {
            "child": north_case.child_id,
            "heard_on": tomorrow,
            "court": "Leeds",
            "hearing_type": "plea",
            "outcome": "sentenced",
            "next_hearing_on": tomorrow,
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"outcome", "next_hearing_on"}
    assert not Hearing.objects.exists()


def test_a_patch_changes_only_what_it_sends(north_case, case_worker):
    hearing = court_hearing(
        child=north_case.child, by=case_worker, case=north_case, next_hearing_on=TODAY + datetime.timedelta(days=9)
    )
    client = client_for(case_worker)
    response = client.patch(f"{HEARINGS}{hearing.pk}/", {"outcome": "bail"}, format="json")
    assert response.status_code == 200, response.content
    row = response.json()
    assert (row["outcome"], row["case"], row["court"], row["next_hearing_on"]) == (
        "bail",
        north_case.pk,
        "Leeds Youth Court",
        (TODAY + datetime.timedelta(days=9)).isoformat(),
    )
    response = client.patch(f"{HEARINGS}{hearing.pk}/", {"court": "", "heard_on": None}, format="json")
    assert response.status_code == 400
    assert response.json() == {"court": ["Enter the court"], "heard_on": ["Enter the date of the hearing"]}
    response = client.patch(f"{HEARINGS}{hearing.pk}/", {"case": None, "next_hearing_on": None}, format="json")
    assert (response.json()["case"], response.json()["next_hearing_on"]) == (None, None)


def test_the_list_filters(north_case, case_worker, team_north):
    other = court_case(team=team_north, worker=case_worker, child=ChildFactory(surname="Other"))
    today = court_hearing(child=north_case.child, by=case_worker, case=north_case, heard_on=TODAY)
    earlier = court_hearing(child=north_case.child, by=case_worker)
    theirs = court_hearing(child=other.child, by=case_worker, heard_on=TODAY)
    client = client_for(case_worker)
    assert [row["id"] for row in results(client.get(HEARINGS))] == [theirs.pk, today.pk, earlier.pk]
    assert [row["id"] for row in results(client.get(HEARINGS, {"child": north_case.child_id}))] == [
        today.pk,
        earlier.pk,
    ]
    assert [row["id"] for row in results(client.get(HEARINGS, {"case": north_case.pk}))] == [today.pk]
    assert [row["id"] for row in results(client.get(HEARINGS, {"on": TODAY.isoformat()}))] == [theirs.pk, today.pk]
    response = client.get(HEARINGS, {"on": "tomorrow", "child": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"on", "child"}


def test_another_teams_restricted_case_is_404_and_a_reader_may_not_write(
    north_case, case_worker, south_restricted_case, south_worker, head_of_service, police_officer
):
    theirs = court_hearing(child=south_restricted_case.child, by=south_worker, case=south_restricted_case)
    ours = court_hearing(child=north_case.child, by=case_worker)
    client = client_for(case_worker)
    assert client.get(f"{HEARINGS}{theirs.pk}/").status_code == 404
    assert client.patch(f"{HEARINGS}{theirs.pk}/", {"outcome": "bail"}, format="json").status_code == 404
    assert theirs.pk not in [row["id"] for row in results(client.get(HEARINGS))]
    # The head of service reads every case record, and records no hearing.
    reader = client_for(head_of_service)
    assert reader.get(f"{HEARINGS}{ours.pk}/").status_code == 200
    assert reader.patch(f"{HEARINGS}{ours.pk}/", {"outcome": "bail"}, format="json").status_code == 403
    # The police officer reads no case records.
    assert client_for(police_officer).get(f"{HEARINGS}{ours.pk}/").status_code == 404
    assert results(client_for(police_officer).get(HEARINGS)) == []


def test_reading_a_restricted_cases_hearing_is_audited(south_restricted_case, south_worker):
    hearing = court_hearing(child=south_restricted_case.child, by=south_worker, case=south_restricted_case)
    client = client_for(south_worker)
    assert client.get(f"{HEARINGS}{hearing.pk}/").status_code == 200
    results(client.get(HEARINGS))
    events = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(south_restricted_case.pk))
    assert sorted(event.detail["via"] for event in events) == ["court_hearings_api", "court_hearings_api"]
