"""The pre-sentence reports API (DESIGN.md §7): /api/v1/court/reports/ and its steps — 400s naming each
field or saying why a step is refused, 403 to whoever may not take it, 404 for another team's
restricted case; issue #21's acceptance 3 through the API."""

import pytest
from rest_framework.test import APIClient

from court.models import PreSentenceReport, ReportStatus
from yjs.api.tokens import api_token_create

from .factories_hearings import *  # noqa: F403
from .factories_hearings import TODAY, court_hearing, court_report, days_ago, report_at

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/court/reports/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_starting_a_report(north_case, case_worker, team_manager):
    hearing = court_hearing(child=north_case.child, by=case_worker, outcome="report_requested")
    body = {"case": north_case.pk, "requested_on": TODAY.isoformat(), "stand_down": True, "hearing": hearing.pk}
    response = client_for(team_manager).post(REPORTS, body | {"author": case_worker.pk}, format="json")
    assert response.status_code == 201, response.content
    row = response.json()
    assert (row["case"], row["hearing"], row["due_on"], row["author"], row["status"]) == (
        north_case.pk,
        hearing.pk,
        TODAY.isoformat(),
        case_worker.pk,
        "draft",
    )
    assert (row["returns"], row["concordant"], row["on_time"]) == ([], None, None)


def test_start_field_errors(north_case, case_worker, south_restricted_case):
    response = client_for(case_worker).post(
        REPORTS,
        {"case": south_restricted_case.pk, "requested_on": "someday", "stand_down": "perhaps", "author": 999999},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "case": ["Select a valid case"],
        "requested_on": ["Date the court asked for the report must be a real date, in the format YYYY-MM-DD"],
        "stand_down": ["Stand-down report must be true or false"],
        "author": ["Select a valid author"],
    }
    assert not PreSentenceReport.objects.exists()


def test_acceptance_3_through_the_api(north_case, case_worker, team_manager):
    worker, manager = client_for(case_worker), client_for(team_manager)
    report = court_report(case=north_case, by=case_worker)
    url = f"{REPORTS}{report.pk}/"
    assert worker.post(f"{url}send/").json()["status"] == "awaiting_approval"
    response = manager.post(f"{url}return/", {"feedback": ""}, format="json")
    assert (response.status_code, response.json()) == (400, {"feedback": ["Enter the feedback"]})
    response = manager.post(f"{url}return/", {"feedback": "Say what the victim wants"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"
    assert [r["feedback"] for r in response.json()["returns"]] == ["Say what the victim wants"]

    # Returned: refused at the court, with why.
    response = worker.post(f"{url}submit/", {"submitted_on": TODAY.isoformat()}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "The report cannot be submitted to the court: it is returned by a manager, and only a report a manager "
            "has approved can be"
        ]
    }
    response = worker.post(f"{url}resubmit/", {"proposal_detail": "The victim wants a letter"}, format="json")
    assert response.status_code == 200, response.content
    row = response.json()
    assert (row["status"], row["proposal"], row["proposal_detail"]) == (
        "awaiting_approval",
        "referral_order",
        "The victim wants a letter",
    )
    assert row["returns"][0]["resubmitted_at"] is not None
    # Resubmitted but not approved: still refused.
    assert worker.post(f"{url}submit/", {"submitted_on": TODAY.isoformat()}, format="json").status_code == 400
    assert manager.post(f"{url}approve/").json()["status"] == "approved"
    response = worker.post(f"{url}submit/", {"submitted_on": TODAY.isoformat()}, format="json")
    assert (response.status_code, response.json()["status"], response.json()["submitted_on"]) == (
        200,
        "submitted",
        TODAY.isoformat(),
    )
    response = worker.post(
        f"{url}sentence/", {"sentence_given": "referral_order", "sentenced_on": TODAY.isoformat()}, format="json"
    )
    assert (response.json()["sentence_given"], response.json()["concordant"]) == ("referral_order", True)


def test_step_inputs_name_their_fields(north_case, case_worker, team_manager):
    report = report_at("approved", case=north_case, author=case_worker, manager=team_manager)
    client = client_for(case_worker)
    response = client.post(f"{REPORTS}{report.pk}/submit/", {"submitted_on": "2026-13-01"}, format="json")
    assert response.json() == {
        "submitted_on": ["Date the report was submitted must be a real date, in the format YYYY-MM-DD"]
    }
    response = client.post(f"{REPORTS}{report.pk}/sentence/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "sentence_given": ["Select the sentence given"],
        "sentenced_on": ["Enter the date of the sentence"],
    }


def test_the_proposal_is_patched_only_while_writable(north_case, case_worker, team_manager):
    report = court_report(case=north_case, by=case_worker, proposal_detail="First draft")
    client = client_for(case_worker)
    response = client.patch(f"{REPORTS}{report.pk}/", {"proposal": "fine"}, format="json")
    assert (response.json()["proposal"], response.json()["proposal_detail"]) == ("fine", "First draft")
    response = client.patch(f"{REPORTS}{report.pk}/", {"proposal": "prison"}, format="json")
    assert response.json() == {"proposal": ["Select a valid proposed sentence"]}
    client.post(f"{REPORTS}{report.pk}/send/")
    response = client.patch(f"{REPORTS}{report.pk}/", {"proposal": "referral_order"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_who_may_take_each_step(north_case, case_worker, team_manager, head_of_service, south_manager):
    report = report_at("awaiting_approval", case=north_case, author=case_worker, manager=team_manager)
    url = f"{REPORTS}{report.pk}/"
    assert client_for(case_worker).post(f"{url}approve/").status_code == 403
    assert client_for(head_of_service).get(url).status_code == 200
    assert client_for(head_of_service).post(f"{url}approve/").status_code == 403
    assert client_for(south_manager).post(f"{url}approve/").status_code == 404
    assert client_for(south_manager).get(url).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_APPROVAL


def test_another_teams_restricted_case_is_404(north_case, case_worker, south_restricted_case, south_worker):
    theirs = court_report(case=south_restricted_case, by=south_worker)
    ours = court_report(case=north_case, by=case_worker, requested_on=days_ago(3))
    client = client_for(case_worker)
    for step in ("", "send/", "approve/"):
        method = client.get if not step else client.post
        assert method(f"{REPORTS}{theirs.pk}/{step}").status_code == 404
    assert [row["id"] for row in results(client.get(REPORTS))] == [ours.pk]
    assert [row["id"] for row in results(client.get(REPORTS, {"status": "draft", "case": north_case.pk}))] == [ours.pk]
    assert results(client.get(REPORTS, {"status": "submitted"})) == []
    assert client.get(REPORTS, {"status": "lost"}).status_code == 400
