"""Police information marked significant opens a significant-event review of the case's assessment
and plan (DESIGN.md §9): the request's open case, or else each open case of the child."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services as case_services
from cases.models import CaseType, Review, ReviewTrigger
from intelligence import services
from intelligence.models import RequestType
from yjs.api.tokens import api_token_create

TODAY = timezone.localdate()


@pytest.fixture
def child(case_worker):
    return case_services.child_create(
        by=case_worker, surname="Signal", forenames="Sam", date_of_birth=date(2010, 2, 2), gender="M"
    )


def open_case(child, by, team, case_type=CaseType.REFERRAL_ORDER):
    return case_services.case_open(
        child=child, by=by, case_type=case_type, team=team, start_date=TODAY - timedelta(days=10), allocated_to=by
    )


@pytest.fixture
def case(child, case_worker, team_north):
    return open_case(child, case_worker, team_north)


def ask(child, by, case=None):
    return services.information_request_create(
        child=child, case=case, by=by, request_type=RequestType.RISK, what_requested="Who is he with?"
    )


def supply(request, by, **fields):
    return services.information_request_supply(
        request=request, by=by, systems=["pnc"], supplied="Seen with a wanted man", **fields
    )


def test_significant_information_opens_a_review_of_the_requests_case(child, case, case_worker, police_officer):
    request = supply(ask(child, case_worker, case), police_officer, significant=True)

    review = Review.objects.get()
    assert (review.case, review.trigger) == (case, ReviewTrigger.NEW_INTELLIGENCE)
    assert str(request.pk) in review.trigger_detail
    assert review.due_date > TODAY and review.completed_date is None
    request.refresh_from_db()
    assert request.significant is True


def test_without_a_case_each_open_case_of_the_child_gets_a_review(child, case, case_worker, police_officer, team_north):
    second = open_case(child, case_worker, team_north, CaseType.PREVENTION)
    supply(ask(child, case_worker), police_officer, significant=True)
    assert sorted(Review.objects.values_list("case_id", "trigger")) == sorted(
        [(case.pk, ReviewTrigger.NEW_INTELLIGENCE), (second.pk, ReviewTrigger.NEW_INTELLIGENCE)]
    )


def test_information_not_marked_significant_opens_nothing(child, case, case_worker, police_officer):
    request = supply(ask(child, case_worker, case), police_officer)
    assert not Review.objects.exists()
    request.refresh_from_db()
    assert request.significant is False


def test_through_the_api(child, case, case_worker, police_officer):
    request = ask(child, case_worker, case)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=police_officer)}")

    response = client.post(
        f"/api/v1/intelligence/requests/{request.pk}/supply/",
        {"systems_searched": ["pnc"], "information_supplied": "Carrying a knife", "significant": True},
        format="json",
    )

    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert request.significant is True
    assert Review.objects.get().trigger == ReviewTrigger.NEW_INTELLIGENCE
    bad = client.post(
        f"/api/v1/intelligence/requests/{ask(child, case_worker, case).pk}/supply/",
        {"systems_searched": ["pnc"], "information_supplied": "x", "significant": "perhaps"},
        format="json",
    )
    assert bad.status_code == 400 and list(bad.json()) == ["significant"]


def test_the_supply_page_has_the_checkbox(client, child, case, case_worker, police_officer):
    request = ask(child, case_worker, case)
    client.force_login(police_officer)
    url = reverse("intelligence:supply", args=[request.pk])
    assert 'name="significant"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "systems_searched": ["pnc"],
            "information_supplied": "Seen carrying a knife",
            "significant": "on",
            "safeguarding_concern": "no",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Review.objects.get(case=case).trigger == ReviewTrigger.NEW_INTELLIGENCE
