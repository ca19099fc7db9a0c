"""The family and needs API: lists by child, create, detail; contact details only in the audited detail."""

import pytest
from rest_framework.test import APIClient

from family import services
from family.needs import NEEDS
from yjs.models import AuditAction, AuditEvent

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_members_are_listed_by_child_without_contact_details(child, team_north, case_worker, team_manager):
    from cases.tests.factories import CaseFactory

    member = services.family_member_add(
        child=child, by=case_worker, name="Jo Smith", relationship="mother", contact_details={"phone": "07700 900123"}
    )
    other_case = CaseFactory(team=team_north, allocated_to=case_worker, created_by=case_worker)
    services.family_member_add(child=other_case.child, by=case_worker, name="Kim", relationship="father")
    client = client_for(team_manager)
    answer = client.get("/api/v1/family/members/", {"child": child.pk})
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [row["id"] for row in rows] == [member.pk]
    assert "contact_details" not in rows[0] and "07700" not in answer.content.decode()
    assert len(client.get("/api/v1/family/members/").json()["results"]) == 2


def test_a_member_detail_gives_contact_details_to_a_case_worker_audited_not_to_a_victim_worker(
    child, north_case, case_worker, victim_worker
):
    from cases.tests.factories import VictimFactory

    VictimFactory(case=north_case)  # the victim worker sees cases with victims
    member = services.family_member_add(
        child=child, by=case_worker, name="Jo", relationship="mother", contact_details={"phone": "07700 900123"}
    )
    url = f"/api/v1/family/members/{member.pk}/"
    answer = client_for(case_worker).get(url)
    assert answer.status_code == 200 and answer.json()["contact_details"]["phone"] == "07700 900123"
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(member.pk))
    assert reads.count() == 1
    answer = client_for(victim_worker).get(url)
    assert answer.status_code == 200 and "contact_details" not in answer.json()
    assert reads.count() == 1


def test_creating_a_member_and_bad_input_answers_400_with_field_errors(child, case_worker):
    client = client_for(case_worker)
    answer = client.post(
        "/api/v1/family/members/",
        {
            "child": child.pk,
            "name": "Jo",
            "relationship": "mother",
            "parental_responsibility": True,
            "contact_details": {"phone": "07700 900123", "email": "jo@example.org", "address": ""},
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["relationship_display"] == "Mother"
    answer = client.post("/api/v1/family/members/", {"child": child.pk, "relationship": "other"}, format="json")
    assert answer.status_code == 400
    assert set(answer.json()) >= {"name"}


def test_a_child_not_visible_is_a_400(child, south_worker):
    answer = client_for(south_worker).post(
        "/api/v1/family/members/", {"child": child.pk, "name": "Jo", "relationship": "mother"}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["child"] == ["Select a valid child"]


@pytest.mark.parametrize("slug", list(NEEDS))
def test_each_need_lists_by_child_creates_and_shows_a_record(slug, child, case_worker, south_worker):
    answers = {
        "accommodation": {"accommodation_type": "foster_care", "suitable": False, "unsuitable_reason": "Far away"},
        "education": {
            "education_type": "college",
            "provider": "City College",
            "hours_offered": 16,
            "hours_attended": 10,
            "send_identified": True,
            "send_plan": "ehcp",
        },
        "communication": {"screened": True, "need_identified": True, "support_in_place": False},
        "mental-health": {"need_identified": True, "referred": True, "receiving_support": False},
        "substance-misuse": {"need_identified": True, "referred": True, "receiving_intervention": True},
    }[slug]
    client = client_for(case_worker)
    created = client.post(
        f"/api/v1/family/{slug}/", {"child": child.pk, "from_date": days_ago(2).isoformat(), **answers}, format="json"
    )
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["recorded_by"] == case_worker.pk and record["from_date"] == days_ago(2).isoformat()
    for name, value in answers.items():
        assert record[name] == value
    listed = client.get(f"/api/v1/family/{slug}/", {"child": child.pk}).json()["results"]
    assert [row["id"] for row in listed] == [record["id"]]
    assert client.get(f"/api/v1/family/{slug}/{record['id']}/").status_code == 200
    assert client_for(south_worker).get(f"/api/v1/family/{slug}/{record['id']}/").status_code == 404
    assert client_for(south_worker).get(f"/api/v1/family/{slug}/", {"child": child.pk}).json()["results"] == []


def test_a_needs_record_in_the_future_or_with_bad_hours_is_a_400(child, case_worker):
    client = client_for(case_worker)
    answer = client.post(
        "/api/v1/family/education/",
        {
            "child": child.pk,
            "from_date": TODAY.isoformat(),
            "education_type": "college",
            "provider": "C",
            "hours_offered": "many",
        },
        format="json",
    )
    assert answer.status_code == 400 and "hours_offered" in answer.json()
    answer = client.post(
        "/api/v1/family/mental-health/",
        {"child": child.pk, "from_date": "2999-01-01", "need_identified": True},
        format="json",
    )
    assert answer.status_code == 400 and "from_date" in answer.json()


def test_reading_a_restricted_case_childs_family_is_audited(restricted_case, team_manager):
    member = services.family_member_add(child=restricted_case.child, by=team_manager, name="Jo", relationship="father")
    reads = AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, content_type__model="case", object_id=str(restricted_case.pk)
    )
    client = client_for(team_manager)
    assert client.get("/api/v1/family/members/", {"child": restricted_case.child_id}).status_code == 200
    assert client.get(f"/api/v1/family/members/{member.pk}/").status_code == 200
    assert reads.count() == 2
