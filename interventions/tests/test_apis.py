"""The interventions API: the catalogue (filters, create, PATCH that changes only what is given), a
case's referrals (end), reparation (sessions), restorative justice and safety plans; 400 naming the
field, 403 to who may not, 404 for another team's restricted case."""

import pytest
from rest_framework.test import APIClient

from cases.tests.factories import VictimFactory
from interventions.services import catalogue, referrals, reparation
from yjs.models import AuditAction, AuditEvent

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db

ROOT = "/api/v1/interventions/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_catalogue_is_listed_filtered_and_kept_by_managers(programme, team_manager, case_worker, police_officer):
    other = catalogue.intervention_add(
        by=team_manager, name="Compass", intervention_type="substance_misuse", provider="CGL"
    )
    catalogue.intervention_update(intervention=other, by=team_manager, active=False)
    client = client_for(case_worker)
    assert [row["name"] for row in client.get(ROOT).json()["results"]] == ["Compass", "Knife Crime Awareness"]
    assert [row["id"] for row in client.get(ROOT, {"active": "true"}).json()["results"]] == [programme.pk]
    assert [row["id"] for row in client.get(ROOT, {"type": "substance_misuse"}).json()["results"]] == [other.pk]
    assert client.get(ROOT, {"type": "nonsense"}).status_code == 400
    assert client_for(police_officer).get(ROOT).status_code == 403
    assert client.post(ROOT, {"name": "X", "intervention_type": "other", "provider": "YJS"}).status_code == 403
    manager = client_for(team_manager)
    answer = manager.post(ROOT, {"name": "", "intervention_type": "nonsense", "provider": "YJS"}, format="json")
    assert answer.status_code == 400 and set(answer.json()) == {"name", "intervention_type"}
    answer = manager.patch(f"{ROOT}{programme.pk}/", {"suitable_for": "Ages 14 to 17"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["name"] == "Knife Crime Awareness" and answer.json()["sessions"] == 6  # not erased
    answer = manager.patch(f"{ROOT}{programme.pk}/", {"active": False}, format="json")
    assert answer.json()["active"] is False


def test_a_referral_through_the_api(north_case, programme, case_worker):
    client = client_for(case_worker)
    answer = client.post(
        f"{ROOT}referrals/",
        {"case": north_case.pk, "intervention": programme.pk, "referred_on": days_ago(10).isoformat()},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    url = f"{ROOT}referrals/{answer.json()['id']}/"
    answer = client.patch(url, {"started_on": days_ago(9).isoformat(), "sessions_offered": 2, "sessions_attended": 3})
    assert answer.status_code == 400 and set(answer.json()) == {"sessions_attended"}
    answer = client.patch(url, {"started_on": days_ago(9).isoformat(), "sessions_offered": 2}, format="json")
    assert (
        answer.status_code == 200
        and answer.json()["reason"] == ""
        and answer.json()["referred_on"] == days_ago(10).isoformat()
    )
    assert client.patch(url, {"started_on": None}, format="json").status_code == 400  # never erased
    answer = client.post(url + "end/", {"outcome": "completed", "ended_on": TODAY.isoformat()}, format="json")
    assert answer.status_code == 200 and answer.json()["outcome"] == "completed"
    assert client.post(url + "end/", {"outcome": "completed", "ended_on": TODAY.isoformat()}).status_code == 400
    assert len(client.get(f"{ROOT}referrals/", {"case": north_case.pk}).json()["results"]) == 1
    assert client.get(f"{ROOT}referrals/", {"case": "x"}).status_code == 400


def test_bad_input_names_its_fields(north_case, case_worker):
    client = client_for(case_worker)
    answer = client.post(f"{ROOT}referrals/", {"case": north_case.pk, "intervention": 999999, "referred_on": "soon"})
    assert answer.status_code == 400 and set(answer.json()) == {"intervention", "referred_on"}
    answer = client.post(f"{ROOT}reparation/", {"case": north_case.pk, "hours_ordered": 0, "placement": "Garden"})
    assert answer.status_code == 400 and set(answer.json()) == {"hours_ordered", "started_on"}


def test_another_teams_restricted_case_is_404_and_a_south_worker_403(
    restricted_case, programme, team_manager, case_worker, south_worker, north_case
):
    referral = referrals.referral_make(case=restricted_case, by=team_manager, intervention=programme, referred_on=TODAY)
    assert client_for(case_worker).get(f"{ROOT}referrals/{referral.pk}/").status_code == 404
    assert client_for(case_worker).post(f"{ROOT}referrals/{referral.pk}/end/", {}).status_code == 404
    answer = client_for(team_manager).get(f"{ROOT}referrals/{referral.pk}/")
    assert answer.status_code == 200
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(restricted_case.pk))
    assert reads.count() == 1
    answer = client_for(south_worker).post(
        f"{ROOT}referrals/", {"case": north_case.pk, "intervention": programme.pk, "referred_on": TODAY.isoformat()}
    )
    assert answer.status_code == 400 and set(answer.json()) == {"case"}
    own = referrals.referral_make(case=north_case, by=case_worker, intervention=programme, referred_on=TODAY)
    assert client_for(team_manager).get(f"{ROOT}referrals/{own.pk}/").status_code == 200


def test_reparation_sessions_through_the_api(north_case, case_worker):
    placement = reparation.reparation_placement_add(
        case=north_case, by=case_worker, placement="Garden", hours_ordered=3, started_on=days_ago(10)
    )
    client = client_for(case_worker)
    url = f"{ROOT}reparation/{placement.pk}/sessions/"
    answer = client.post(url, {"done_on": days_ago(3).isoformat(), "hours": "4"}, format="json")
    assert answer.status_code == 400 and set(answer.json()) == {"hours"}
    answer = client.post(url, {"done_on": days_ago(3).isoformat(), "hours": "abc"}, format="json")
    assert answer.status_code == 400 and set(answer.json()) == {"hours"}
    assert client.post(url, {"done_on": days_ago(3).isoformat(), "hours": "3"}, format="json").status_code == 201
    answer = client.get(f"{ROOT}reparation/{placement.pk}/")
    assert answer.json()["hours_done"] == "3.00" and answer.json()["completed_on"] == days_ago(3).isoformat()


def test_restorative_justice_and_safety_plans_refuse_another_cases_victim(
    north_case, victim, victim_worker, south_case
):
    client = client_for(victim_worker)
    other = VictimFactory(case=south_case)
    data = {
        "case": north_case.pk,
        "restorative_type": "direct_conference",
        "victim_part": "took_part",
        "victim": other.pk,
    }
    answer = client.post(f"{ROOT}restorative-justice/", data, format="json")
    assert answer.status_code == 400 and set(answer.json()) == {"victim"}
    answer = client.post(f"{ROOT}restorative-justice/", data | {"victim": victim.pk}, format="json")
    assert answer.status_code == 201 and answer.json()["victim_name"] == "Victim A"
    data = {"case": north_case.pk, "victim": victim.pk, "measures": "No contact", "agreed_on": TODAY.isoformat()}
    answer = client.post(f"{ROOT}victim-safety-plans/", data | {"review_on": days_ago(1).isoformat()}, format="json")
    assert answer.status_code == 400 and set(answer.json()) == {"review_on"}
    answer = client.post(f"{ROOT}victim-safety-plans/", data, format="json")
    assert answer.status_code == 201
    answer = client.patch(f"{ROOT}victim-safety-plans/{answer.json()['id']}/", {"review_on": TODAY.isoformat()})
    assert answer.status_code == 200 and answer.json()["measures"] == "No contact"
