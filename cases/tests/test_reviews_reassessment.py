"""Significant events re-open the thinking (DESIGN.md §9): completing a review records whether the
assessment and plan still hold; when they do not, a reassessment starts from the review."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from cases.models import Assessment, AssessmentReason, AssessmentType, CaseType, Level, ReviewTrigger
from yjs.api.tokens import api_token_create

TODAY = timezone.localdate()
STILL_HOLDS_NEEDED = "Select yes if the assessment and plan still hold after this event"
RATINGS = {"likelihood_of_reoffending": Level.LOW, "risk_of_serious_harm": Level.MEDIUM, "safety_and_wellbeing": "low"}


@pytest.fixture
def case(case_worker, team_north):
    child = services.child_create(
        by=case_worker, surname="Review", forenames="Rory", date_of_birth=date(2011, 1, 9), gender="M"
    )
    return services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.PREVENTION,
        team=team_north,
        start_date=TODAY - timedelta(days=40),
        allocated_to=case_worker,
    )


@pytest.fixture
def assessed(case, case_worker):
    """The case with a current (completed) assessment."""
    services.assessment_record(
        assessment=case.assessments.get(), by=case_worker, completed_date=TODAY - timedelta(days=5), **RATINGS
    )
    return case


@pytest.fixture
def event_review(assessed):
    return services.significant_event_record(
        case=assessed, trigger=ReviewTrigger.THREAT_TO_LIFE, detail="Threat-to-life notice served"
    )


def test_a_significant_event_review_must_say_whether_the_assessment_still_holds(event_review, case_worker):
    with pytest.raises(ValidationError) as error:
        services.review_complete(review=event_review, by=case_worker, outcome="Talked to the child")
    assert error.value.message_dict == {
        "assessment_still_holds": ["Select yes if the assessment and plan still hold after this event"]
    }
    event_review.refresh_from_db()
    assert event_review.completed_date is None


def test_when_it_no_longer_holds_a_reassessment_starts_from_the_review(event_review, assessed, case_worker):
    review = services.review_complete(
        review=event_review, by=case_worker, outcome="The threat changes the picture", assessment_still_holds=False
    )

    reassessment = review.reassessment
    assert isinstance(reassessment, Assessment)
    assert (reassessment.case, reassessment.reason, reassessment.review) == (
        assessed,
        AssessmentReason.SIGNIFICANT_EVENT,
        event_review,
    )
    assert reassessment.assessment_type == AssessmentType.PREVENTION  # as the assessment it replaces
    assert reassessment.due_date == services.assessment_due_date(TODAY)
    assert reassessment.completed_date is None
    event_review.refresh_from_db()
    assert event_review.assessment_still_holds is False
    assert list(event_review.reassessments.all()) == [reassessment]


def test_when_it_still_holds_nothing_starts(event_review, assessed, case_worker):
    review = services.review_complete(
        review=event_review, by=case_worker, outcome="No change to risk", assessment_still_holds=True
    )
    assert review.reassessment is None
    assert review.assessment_still_holds is True
    assert assessed.assessments.count() == 1


def test_a_scheduled_review_or_a_case_with_no_current_assessment_may_leave_it_unsaid(case, case_worker):
    unassessed = services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_ARREST, detail="Custody")
    services.review_complete(review=unassessed, by=case_worker, outcome="Assessment still to be done")
    scheduled = services.review_schedule(
        case=case, by=case_worker, trigger=ReviewTrigger.SCHEDULED, due_date=TODAY + timedelta(days=1)
    )
    done = services.review_complete(review=scheduled, by=case_worker, outcome="Fine", assessment_still_holds=False)
    assert done.reassessment.reason == AssessmentReason.REVIEW  # a scheduled review's reassessment


# --- API ------------------------------------------------------------------------------------------------


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def test_through_the_api_the_answer_is_required_and_false_starts_a_reassessment(event_review, assessed, case_worker):
    client = client_for(case_worker)
    url = f"/api/v1/reviews/{event_review.pk}/complete/"

    missing = client.post(url, {"outcome": "Met the child"})
    assert missing.status_code == 400
    assert missing.json() == {"assessment_still_holds": [STILL_HOLDS_NEEDED]}

    done = client.post(url, {"outcome": "Met the child", "assessment_still_holds": False}, format="json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["assessment_still_holds"] is False
    reassessment = Assessment.objects.get(review=event_review)
    assert body["reassessment"] == reassessment.pk
    listed = client.get("/api/v1/assessments/", {"case": assessed.pk}).json()["results"]
    row = next(row for row in listed if row["id"] == reassessment.pk)
    assert (row["reason"], row["review"]) == ("significant_event", event_review.pk)
    reviews = client.get("/api/v1/reviews/", {"case": assessed.pk}).json()["results"]
    assert [(r["id"], r["trigger"], r["reassessment"]) for r in reviews] == [
        (event_review.pk, "threat_to_life", reassessment.pk)
    ]


# --- The page -----------------------------------------------------------------------------------------------


def test_the_review_page_asks_with_radios_and_starts_the_reassessment(client, event_review, assessed, case_worker):
    client.force_login(case_worker)
    url = reverse("cases:review_complete", args=[assessed.pk, event_review.pk])
    page = client.get(url).content.decode()
    assert "Do the assessment and plan still hold?" in page
    radios = re.search(r'<div id="div_id_assessment_still_holds".*?</fieldset>', page, re.S).group(0)
    assert 'class="govuk-radios"' in radios and radios.count('name="assessment_still_holds"') == 2

    day = {"completed_date_0": TODAY.day, "completed_date_1": TODAY.month, "completed_date_2": TODAY.year}
    refused = client.post(url, {"outcome": "Met the child", **day})
    assert refused.status_code == 200
    assert "Select yes if the assessment and plan still hold after this event" in refused.content.decode()

    response = client.post(url, {"outcome": "Met the child", "assessment_still_holds": "no", **day}, follow=True)
    assert "A new assessment has started from it" in response.content.decode()
    assert Assessment.objects.get(review=event_review).reason == AssessmentReason.SIGNIFICANT_EVENT
