"""The API of MAPPA, MARAC, safeguarding referrals and social care status (DESIGN.md §7): field
errors as 400s, who may do what, restricted cases (404 to another team, audited reads) and
constant query counts."""

import datetime

import pytest
from rest_framework.test import APIClient

from cases.tests.factories import ChildFactory
from risk.models import Mappa, Referral, SocialCareStatus
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent

from .factories_protection import (
    TODAY,
    days_ago,
    protection_case,
    protection_mappa,
    protection_marac,
    protection_safeguarding,
    protection_social_care,
)
from .fixtures_protection import *  # noqa: F403

pytestmark = pytest.mark.django_db
RISK = "/api/v1/risk"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- MAPPA ------------------------------------------------------------------------------------------


def test_recording_mappa_managed_refers_the_case(north_case, case_worker):
    client = client_for(case_worker)
    body = {
        "case": north_case.pk,
        "category": 2,
        "level": 2,
        "referred_on": days_ago(9).isoformat(),
        "managed_from": days_ago(3).isoformat(),
        "lead_agency": "Probation",
    }
    response = client.post(f"{RISK}/mappa/", body, format="json")
    assert response.status_code == 201, response.content
    row = response.json()
    assert (row["case"], row["category"], row["level"], row["lead_agency"]) == (north_case.pk, 2, 2, "Probation")
    assert row["level_display"].startswith("Level 2")
    referral = Referral.objects.get(case=north_case)
    assert (referral.reason, referral.trigger) == ("mappa", f"mappa:{row['id']}")
    # The referral list (h-referrals) shows it; here: once, whatever is changed after.
    assert client.patch(f"{RISK}/mappa/{row['id']}/", {"level": 3}, format="json").status_code == 200
    assert Referral.objects.filter(case=north_case).count() == 1


def test_mappa_field_errors(north_case, case_worker):
    client = client_for(case_worker)
    response = client.post(
        f"{RISK}/mappa/",
        {"case": north_case.pk, "category": 5, "referred_on": "2026-02-30", "lead_agency": ""},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "category": ["Select a valid MAPPA category"],
        "level": ["Select the MAPPA level"],
        "referred_on": ["Date of the MAPPA referral must be a real date, in the format YYYY-MM-DD"],
        "lead_agency": ["Enter the lead agency"],
    }
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"{RISK}/mappa/",
        {"case": north_case.pk, "category": 1, "level": 1, "referred_on": tomorrow, "lead_agency": "Police"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"referred_on": ["The date of the MAPPA referral must be today or in the past"]}
    mappa = protection_mappa(case=north_case, by=case_worker, managed_from=days_ago(5))
    response = client.patch(f"{RISK}/mappa/{mappa.pk}/", {"managed_until": days_ago(6).isoformat()}, format="json")
    assert response.status_code == 400
    assert "managed_until" in response.json()
    assert Mappa.objects.get().managed_until is None


def test_mappa_of_another_teams_restricted_case_is_404(south_restricted_case, south_worker, case_worker):
    mappa = protection_mappa(case=south_restricted_case, by=south_worker)
    client = client_for(case_worker)
    assert client.get(f"{RISK}/mappa/{mappa.pk}/").status_code == 404
    assert client.patch(f"{RISK}/mappa/{mappa.pk}/", {"level": 1}, format="json").status_code == 404
    assert results(client.get(f"{RISK}/mappa/", {"case": south_restricted_case.pk})) == []
    response = client.post(
        f"{RISK}/mappa/",
        {"case": south_restricted_case.pk, "category": 1, "level": 1, "referred_on": TODAY, "lead_agency": "P"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"case": ["Select a valid case"]}


def test_the_head_of_service_reads_and_may_not_record(north_case, case_worker, head_of_service):
    mappa = protection_mappa(case=north_case, by=case_worker)
    client = client_for(head_of_service)
    assert client.get(f"{RISK}/mappa/{mappa.pk}/").status_code == 200
    assert client.patch(f"{RISK}/mappa/{mappa.pk}/", {"level": 1}, format="json").status_code == 403


def test_reads_of_a_restricted_case_are_audited(north_restricted_case, team_manager):
    mappa = protection_mappa(case=north_restricted_case, by=team_manager)
    marac = protection_marac(case=north_restricted_case, by=team_manager)
    referral = protection_safeguarding(case=north_restricted_case, by=team_manager)
    status = protection_social_care(child=north_restricted_case.child, by=team_manager)
    client = client_for(team_manager)
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(north_restricted_case.pk))
    urls = [
        (f"{RISK}/mappa/", {"case": north_restricted_case.pk}),
        (f"{RISK}/mappa/{mappa.pk}/", {}),
        (f"{RISK}/marac/", {"case": north_restricted_case.pk}),
        (f"{RISK}/marac/{marac.pk}/", {}),
        (f"{RISK}/safeguarding-referrals/", {"case": north_restricted_case.pk}),
        (f"{RISK}/safeguarding-referrals/{referral.pk}/", {}),
        (f"{RISK}/social-care/", {"child": north_restricted_case.child_id}),
        (f"{RISK}/social-care/{status.pk}/", {}),
    ]
    for number, (url, query) in enumerate(urls, start=1):
        assert client.get(url, query).status_code == 200
        assert reads.count() == number, url
        assert reads.latest("pk").detail["read"] == "restricted_case"


def test_police_and_board_see_no_protection_records(north_case, case_worker, police_officer, board_member):
    protection_mappa(case=north_case, by=case_worker)
    protection_social_care(child=north_case.child, by=case_worker)
    for user in (police_officer, board_member):
        client = client_for(user)
        assert results(client.get(f"{RISK}/mappa/")) == []
        assert results(client.get(f"{RISK}/social-care/")) == []


# --- MARAC and safeguarding referrals ---------------------------------------------------------------


def test_marac_referral_then_its_outcome(north_case, case_worker):
    client = client_for(case_worker)
    response = client.post(
        f"{RISK}/marac/", {"case": north_case.pk, "referred_on": days_ago(8), "reference": "MARAC/26/4"}, format="json"
    )
    assert response.status_code == 201, response.content
    marac_id = response.json()["id"]
    response = client.patch(f"{RISK}/marac/{marac_id}/", {"outcome": "Safety plan"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"heard_on": ["Enter the date the MARAC heard the case"]}
    response = client.patch(
        f"{RISK}/marac/{marac_id}/", {"outcome": "Safety plan", "heard_on": days_ago(1)}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["heard_on"] == days_ago(1).isoformat()


def test_safeguarding_referral_to_another_agency_names_it(north_case, case_worker):
    client = client_for(case_worker)
    body = {"case": north_case.pk, "referred_to": "other", "referred_on": TODAY, "concern": "Going missing"}
    response = client.post(f"{RISK}/safeguarding-referrals/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"referred_to_detail": ["Enter who the referral was made to"]}
    response = client.post(
        f"{RISK}/safeguarding-referrals/", body | {"referred_to_detail": "Youth homelessness team"}, format="json"
    )
    assert response.status_code == 201
    row = response.json()
    response = client.patch(
        f"{RISK}/safeguarding-referrals/{row['id']}/", {"reference": "SG-1", "outcome": "Housed"}, format="json"
    )
    assert (response.status_code, response.json()["outcome"]) == (200, "Housed")
    response = client.post(f"{RISK}/safeguarding-referrals/", {"case": north_case.pk}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"referred_to", "referred_on", "concern"}


# --- Social care status -----------------------------------------------------------------------------


def test_social_care_needs_its_category_or_basis(north_case, case_worker):
    client = client_for(case_worker)
    body = {"child": north_case.child_id, "from_date": days_ago(2)}
    response = client.post(f"{RISK}/social-care/", body | {"status": "child_protection_plan"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"protection_category": ["Select the category of the child protection plan"]}
    response = client.post(f"{RISK}/social-care/", body | {"status": "looked_after"}, format="json")
    assert response.json() == {"legal_basis": ["Select the legal basis on which the child is looked after"]}
    response = client.post(
        f"{RISK}/social-care/", body | {"status": "looked_after", "legal_basis": "s20"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert SocialCareStatus.objects.get().legal_basis == "s20"


def test_social_care_on_a_day(north_case, case_worker):
    child = north_case.child
    protection_social_care(child=child, by=case_worker, status="child_in_need", from_date=days_ago(60))
    protection_social_care(
        child=child, by=case_worker, status="child_protection_plan", protection_category="neglect",
        from_date=days_ago(20),
    )  # fmt: skip
    other = protection_case(team=north_case.team, worker=case_worker, child=ChildFactory())
    protection_social_care(child=other.child, by=case_worker, status="none", from_date=days_ago(30))
    client = client_for(case_worker)
    assert len(results(client.get(f"{RISK}/social-care/", {"child": child.pk}))) == 2
    on = results(client.get(f"{RISK}/social-care/", {"child": child.pk, "on": days_ago(21).isoformat()}))
    assert [row["status"] for row in on] == ["child_in_need"]
    on = results(client.get(f"{RISK}/social-care/", {"on": TODAY.isoformat()}))
    assert {(row["child"], row["status"]) for row in on} == {
        (child.pk, "child_protection_plan"),
        (other.child_id, "none"),
    }
    assert results(client.get(f"{RISK}/social-care/", {"child": child.pk, "on": days_ago(61).isoformat()})) == []
    response = client.get(f"{RISK}/social-care/", {"on": "yesterday"})
    assert response.status_code == 400
    assert response.json() == {"on": ["The date must be a real date, in the format YYYY-MM-DD"]}


def test_a_child_not_on_a_visible_case_is_not_a_choice(south_restricted_case, case_worker):
    response = client_for(case_worker).post(
        f"{RISK}/social-care/",
        {"child": south_restricted_case.child_id, "status": "none", "from_date": TODAY},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"child": ["Select a valid child"]}


# --- Query counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["mappa", "marac", "safeguarding-referrals", "social-care"])
def test_lists_take_the_same_queries_for_more_rows(endpoint, team_north, team_manager, django_assert_max_num_queries):
    def add_rows(count):
        for _ in range(count):
            case = protection_case(team=team_north, worker=team_manager, restricted=True)
            protection_mappa(case=case, by=team_manager)
            protection_marac(case=case, by=team_manager)
            protection_safeguarding(case=case, by=team_manager)
            protection_social_care(child=case.child, by=team_manager)

    client = client_for(team_manager)
    add_rows(2)
    client.get(f"{RISK}/{endpoint}/")  # the token and content types, once
    with django_assert_max_num_queries(12) as few:
        assert len(results(client.get(f"{RISK}/{endpoint}/"))) == 2
    add_rows(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(results(client.get(f"{RISK}/{endpoint}/"))) == 10
