"""Oversight and many assessments through the API (DESIGN.md §7, §9; issue #19, acceptance 2):
``POST /api/v1/assessments/{id}/return/``, plans' return and resubmit, ``POST /api/v1/assessments/``
with a reason, and the loop in each assessment's and plan's ``returns``."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from drf_spectacular.drainage import reset_generator_stats
from rest_framework.test import APIClient

from cases import services
from cases.models import Returned, ReviewTrigger
from cases.tests.factories import ChildFactory
from yjs.api.tokens import api_token_create
from yjs.roles import Role
from yjs.tests.factories import UserFactory

API = "/api/v1"
TODAY = timezone.localdate()
RATINGS = {"likelihood_of_reoffending": "medium", "risk_of_serious_harm": "low", "safety_and_wellbeing": "medium"}
FEEDBACK = "Say what the child's own view is: it is missing."


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def open_case(by, team, **kwargs):
    kwargs.setdefault("child", ChildFactory())
    return services.case_open(
        by=by, team=team, case_type="referral_order", start_date=TODAY - datetime.timedelta(days=20), **kwargs
    )


@pytest.fixture
def north_case(team_manager, team_north, case_worker):
    return open_case(team_manager, team_north, allocated_to=case_worker)


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


def complete_through_the_api(client, assessment_id: int):
    response = client.patch(f"{API}/assessments/{assessment_id}/", {**RATINGS, "completed_date": str(TODAY)})
    assert response.status_code == 200, response.content
    return response.json()


# --- Issue #19, acceptance 2 -----------------------------------------------------------------------


def test_a_manager_returns_an_assessment_with_feedback_and_it_shows_on_the_workers_list(
    client, case_worker, team_manager, north_case
):
    assessment_id = north_case.assessments.get().pk
    complete_through_the_api(client_for(case_worker), assessment_id)

    response = client_for(team_manager).post(f"{API}/assessments/{assessment_id}/return/", {"feedback": FEEDBACK})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["completed_date"] is None
    assert body["countersigned_at"] is None
    [returned] = body["returns"]
    assert (returned["returned_by"], returned["feedback"], returned["resubmitted_at"]) == (
        team_manager.pk,
        FEEDBACK,
        None,
    )
    assert returned["returned_at"]
    # On the worker's list (their Cases page), with the feedback and a link to change it.
    client.force_login(case_worker)
    page = client.get(reverse("cases:index")).content.decode()
    assert "Returned to you" in page
    assert escape(FEEDBACK) in page
    assert reverse("cases:assessment_record", args=[north_case.pk, assessment_id]) in page


def test_the_author_cannot_countersign_their_own_assessment_and_is_told_why(team_manager, north_case):
    client = client_for(team_manager)
    assessment_id = north_case.assessments.get().pk
    complete_through_the_api(client, assessment_id)

    response = client.post(f"{API}/assessments/{assessment_id}/countersign/")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You cannot countersign your own assessment: another manager of the team must countersign it."
    }
    returned = client.post(f"{API}/assessments/{assessment_id}/return/", {"feedback": FEEDBACK})
    assert returned.status_code == 403
    assert "your own assessment" in returned.json()["detail"]


def test_a_case_worker_cannot_return_and_is_told_why(case_worker, north_case):
    assessment_id = north_case.assessments.get().pk
    complete_through_the_api(client_for(case_worker), assessment_id)

    response = client_for(case_worker).post(f"{API}/assessments/{assessment_id}/return/", {"feedback": FEEDBACK})

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only a manager of the case's team can return an assessment")
    countersign = client_for(case_worker).post(f"{API}/assessments/{assessment_id}/countersign/")
    assert countersign.json()["detail"].startswith("Only a manager of the case's team can countersign an assessment")


def test_returning_needs_feedback_and_a_completed_assessment(case_worker, team_manager, north_case):
    assessment_id = north_case.assessments.get().pk
    manager = client_for(team_manager)
    not_yet = manager.post(f"{API}/assessments/{assessment_id}/return/", {"feedback": FEEDBACK})
    assert not_yet.status_code == 400
    assert not_yet.json() == {"non_field_errors": ["The assessment must be completed before it is returned"]}

    complete_through_the_api(client_for(case_worker), assessment_id)
    for body in ({}, {"feedback": ""}, {"feedback": "  "}):
        response = manager.post(f"{API}/assessments/{assessment_id}/return/", body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["feedback"]
    assert not Returned.objects.exists()


def test_the_loop_is_kept_across_return_resubmit_and_countersign(case_worker, team_manager, north_case):
    assessment_id = north_case.assessments.get().pk
    worker, manager = client_for(case_worker), client_for(team_manager)
    complete_through_the_api(worker, assessment_id)
    assert manager.post(f"{API}/assessments/{assessment_id}/return/", {"feedback": FEEDBACK}).status_code == 200

    refused = manager.post(f"{API}/assessments/{assessment_id}/countersign/")
    assert refused.status_code == 400
    assert "has not been resubmitted" in refused.json()["non_field_errors"][0]

    resubmitted = complete_through_the_api(worker, assessment_id)  # completing again resubmits it
    assert resubmitted["returns"][0]["resubmitted_at"]
    signed = manager.post(f"{API}/assessments/{assessment_id}/countersign/")
    assert signed.status_code == 200, signed.content
    body = signed.json()
    assert body["countersigned_by"] == team_manager.pk
    [returned] = body["returns"]
    assert returned["feedback"] == FEEDBACK and returned["resubmitted_at"]
    listed = worker.get(f"{API}/assessments/", {"case": north_case.pk}).json()["results"]
    assert listed[0]["returns"] == body["returns"]


def test_another_teams_assessment_cannot_be_returned(team_south, south_worker, team_manager, case_worker):
    south_manager = UserFactory(username="manager2", roles=[Role.TEAM_MANAGER], teams=[team_south])
    case = open_case(south_manager, team_south, allocated_to=south_worker)
    assessment = case.assessments.get()
    services.assessment_record(assessment=assessment, by=south_worker, completed_date=TODAY, **RATINGS)
    response = client_for(team_manager).post(f"{API}/assessments/{assessment.pk}/return/", {"feedback": FEEDBACK})
    assert response.status_code == 404


# --- Plans -------------------------------------------------------------------------------------------------


def test_a_plan_is_returned_resubmitted_and_countersigned(case_worker, team_manager, north_case):
    worker, manager = client_for(case_worker), client_for(team_manager)
    plan = worker.post(
        f"{API}/plans/",
        {
            "case": north_case.pk,
            "contingency": "Keep an eye on him",
            "targets": [{"what": "College", "who": "Me", "by_when": str(TODAY), "how_i_will_know": "Enrolled"}],
        },
        format="json",
    ).json()
    assert plan["returns"] == []

    assert worker.post(f"{API}/plans/{plan['id']}/return/", {"feedback": FEEDBACK}).status_code == 403
    returned = manager.post(f"{API}/plans/{plan['id']}/return/", {"feedback": "Say who acts, and when."})
    assert returned.status_code == 200, returned.content
    assert returned.json()["returns"][0]["feedback"] == "Say who acts, and when."
    assert manager.post(f"{API}/plans/{plan['id']}/countersign/").status_code == 400

    resubmitted = worker.post(
        f"{API}/plans/{plan['id']}/resubmit/", {"contingency": "If missing: police and manager told the same day"}
    )
    assert resubmitted.status_code == 200, resubmitted.content
    assert resubmitted.json()["contingency"] == "If missing: police and manager told the same day"
    assert resubmitted.json()["returns"][0]["resubmitted_at"]
    again = worker.post(f"{API}/plans/{plan['id']}/resubmit/", {})
    assert again.status_code == 400
    assert manager.post(f"{API}/plans/{plan['id']}/countersign/").status_code == 200


# --- Many assessments a case ------------------------------------------------------------------------------


def test_an_assessment_is_started_with_a_reason(case_worker, north_case):
    client = client_for(case_worker)
    review = services.review_schedule(case=north_case, by=case_worker, trigger=ReviewTrigger.NEW_ARREST, due_date=TODAY)

    response = client.post(
        f"{API}/assessments/",
        {"case": north_case.pk, "assessment_type": "asset_plus", "reason": "significant_event", "review": review.pk},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["case"], body["reason"], body["review"], body["returns"]) == (
        north_case.pk,
        "significant_event",
        review.pk,
        [],
    )
    assert body["due_date"] == str(services.assessment_due_date(TODAY))
    assert north_case.assessments.count() == 2
    plain = client.post(
        f"{API}/assessments/",
        {"case": north_case.pk, "assessment_type": "asset_plus", "due_date": str(TODAY + datetime.timedelta(days=7))},
    )
    assert plain.status_code == 201, plain.content
    assert (plain.json()["reason"], plain.json()["review"]) == ("initial", None)


def test_starting_an_assessment_answers_field_errors(case_worker, south_worker, north_case, team_south):
    client = client_for(case_worker)
    assert client.post(f"{API}/assessments/", {}).json().keys() == {"case", "assessment_type"}
    bad = client.post(
        f"{API}/assessments/", {"case": north_case.pk, "assessment_type": "asset_plus", "reason": "whim"}
    ).json()
    assert list(bad) == ["reason"]
    south = open_case(south_worker, team_south, allocated_to=south_worker)
    unseen = client.post(f"{API}/assessments/", {"case": south.pk, "assessment_type": "asset_plus"})
    assert unseen.status_code == 400 and list(unseen.json()) == ["case"]
    other_review = services.review_schedule(case=south, by=south_worker, trigger="scheduled", due_date=TODAY)
    hidden_review = client.post(
        f"{API}/assessments/",
        {"case": north_case.pk, "assessment_type": "asset_plus", "review": other_review.pk},
    )
    assert hidden_review.status_code == 400 and list(hidden_review.json()) == ["review"]


def test_the_reviews_of_a_case_are_listed_with_their_trigger(case_worker, north_case):
    review = services.significant_event_record(case=north_case, trigger=ReviewTrigger.THREAT_TO_LIFE, detail="Osman")
    rows = client_for(case_worker).get(f"{API}/reviews/", {"case": north_case.pk}).json()["results"]
    assert [(row["id"], row["trigger"], row["reassessment"]) for row in rows] == [(review.pk, "threat_to_life", None)]


def test_the_assessment_list_runs_the_same_queries_however_many_returns(
    case_worker, team_manager, team_north, django_assert_max_num_queries
):
    client = client_for(team_manager)

    def returned_assessments(n: int) -> None:
        for _ in range(n):
            case = open_case(team_manager, team_north, allocated_to=case_worker)
            assessment = case.assessments.get()
            services.assessment_record(assessment=assessment, by=case_worker, completed_date=TODAY, **RATINGS)
            services.assessment_return(assessment=assessment, by=team_manager, feedback=FEEDBACK)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/assessments/").status_code == 200
        return len(captured)

    returned_assessments(2)
    client.get(f"{API}/assessments/")
    few = count()
    returned_assessments(8)
    with django_assert_max_num_queries(few):
        rows = client.get(f"{API}/assessments/").json()["results"]
    assert sum(len(row["returns"]) for row in rows) == 10


def test_the_schema_documents_the_oversight_endpoints_without_warnings(db, tmp_path):
    reset_generator_stats()
    target = tmp_path / "schema.json"

    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))

    paths = json.loads(target.read_text())["paths"]
    assert "post" in paths["/api/v1/assessments/"]
    for path in (
        "/api/v1/assessments/{assessment_id}/return/",
        "/api/v1/plans/{plan_id}/return/",
        "/api/v1/plans/{plan_id}/resubmit/",
    ):
        assert "post" in paths[path], path
