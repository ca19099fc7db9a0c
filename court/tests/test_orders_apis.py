"""The court API of orders, requirements and breach proceedings (DESIGN.md §7): 201 and 200 with what
was recorded, 400 naming the field a rule refuses, 403 for those who see but may not act, 404 for a
row the user may not see; reads of restricted cases audited."""

import datetime

import pytest
from rest_framework.test import APIClient

from cases.models import CaseType
from court.models import BreachProceedings, Order, Requirement
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent

from .factories_orders import *  # noqa: F403 (the fixtures)
from .factories_orders import TODAY, days_ago, missed_contact, order_case, order_of, supervision, unpaid_work

pytestmark = pytest.mark.django_db

API = "/api/v1/court"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def order_body(case, **changes) -> dict:
    body = {
        "case": case.pk,
        "order_type": case.case_type,
        "court": "Leeds Youth Court",
        "made_on": days_ago(10).isoformat(),
        "length_months": 12,
    }
    return body | changes


# --- Orders ---------------------------------------------------------------------------------------------


def test_record_a_referral_order_and_its_initial_panel_is_due(referral_case, case_worker):
    response = client_for(case_worker).post(f"{API}/orders/", order_body(referral_case, made_on=str(TODAY)))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case"] == referral_case.pk
    assert body["order_type"] == "referral_order"
    assert body["ends_on"] == str(TODAY.replace(year=TODAY.year + 1))
    assert body["outcome"] == ""
    assert Order.objects.get(pk=body["id"]).panels.count() == 1


def test_an_order_refused_names_its_fields(team_north, case_worker, yro_case):
    client = client_for(case_worker)
    response = client.post(f"{API}/orders/", order_body(yro_case, court="", length_months=40, made_on="2026-02-30"))
    assert response.status_code == 400
    assert set(response.json()) == {"court", "length_months", "made_on"}
    prevention = order_case(team=team_north, worker=case_worker, case_type=CaseType.PREVENTION)
    response = client.post(f"{API}/orders/", order_body(prevention, order_type="referral_order"))
    assert response.status_code == 400
    assert "has no court order" in response.json()["case"][0]
    response = client.post(f"{API}/orders/", order_body(yro_case, order_type="referral_order"))
    assert response.json() == {"order_type": ["Select the case's order: this is a youth rehabilitation order case"]}
    assert not Order.objects.exists()


def test_an_order_made_on_the_last_day_there_is_is_a_400(yro_case, case_worker):
    response = client_for(case_worker).post(f"{API}/orders/", order_body(yro_case, made_on="9999-12-31"))
    assert response.status_code == 400
    assert set(response.json()) == {"made_on"}


def test_a_case_the_user_may_not_see_is_a_400_and_one_they_may_not_work_on_a_403(
    yro_case, south_worker, head_of_service
):
    response = client_for(south_worker).post(f"{API}/orders/", order_body(yro_case))
    assert response.json() == {"case": ["Select a valid case"]}
    assert client_for(head_of_service).post(f"{API}/orders/", order_body(yro_case)).status_code == 403


def test_list_by_case_and_detail(yro, yro_case, case_worker, south_worker, team_north):
    other = order_of(order_case(team=team_north, worker=case_worker), by=case_worker)
    client = client_for(case_worker)
    assert {row["id"] for row in results(client.get(f"{API}/orders/"))} == {yro.pk, other.pk}
    assert [row["id"] for row in results(client.get(f"{API}/orders/", {"case": yro_case.pk}))] == [yro.pk]
    assert client.get(f"{API}/orders/{yro.pk}/").json()["court"] == "Leeds Youth Court"
    assert results(client_for(south_worker).get(f"{API}/orders/")) == []
    assert client_for(south_worker).get(f"{API}/orders/{yro.pk}/").status_code == 404


def test_patch_changes_what_it_is_given_and_empties_nothing(yro, case_worker, head_of_service):
    client = client_for(case_worker)
    response = client.patch(f"{API}/orders/{yro.pk}/", {"court": "Bradford Youth Court"})
    assert response.status_code == 200, response.content
    assert (response.json()["court"], response.json()["length_months"]) == ("Bradford Youth Court", 12)
    response = client.patch(f"{API}/orders/{yro.pk}/", {"court": "", "made_on": None, "ends_on": None})
    assert response.status_code == 400
    assert set(response.json()) == {"court", "made_on", "ends_on"}
    response = client.patch(f"{API}/orders/{yro.pk}/", {"ends_on": str(yro.ends_on + datetime.timedelta(days=3))})
    assert "ends_on" in response.json()
    yro.refresh_from_db()
    assert yro.court == "Bradford Youth Court"
    assert client_for(head_of_service).patch(f"{API}/orders/{yro.pk}/", {"court": "X"}).status_code == 403


def test_end_an_order(yro, case_worker):
    client = client_for(case_worker)
    response = client.post(f"{API}/orders/{yro.pk}/end/", {"outcome": "completed", "ended_on": str(TODAY)})
    assert response.status_code == 200, response.content
    assert (response.json()["outcome"], response.json()["outcome_display"]) == ("completed", "Completed successfully")
    response = client.post(f"{API}/orders/{yro.pk}/end/", {"outcome": "revoked_other", "ended_on": str(TODAY)})
    assert response.status_code == 400
    assert "already ended" in response.json()["outcome"][0]
    assert set(client.post(f"{API}/orders/{yro.pk}/end/", {}).json()) == {"outcome", "ended_on"}


def test_reading_a_restricted_case_s_order_is_audited(restricted_case, team_manager, case_worker):
    order = order_of(restricted_case, by=team_manager)
    assert client_for(case_worker).get(f"{API}/orders/{order.pk}/").status_code == 404
    client = client_for(team_manager)
    assert client.get(f"{API}/orders/{order.pk}/").status_code == 200
    assert results(client.get(f"{API}/orders/"))
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(restricted_case.pk))
    assert sorted(reads.values_list("detail__via", flat=True)) == ["court_order_detail", "court_order_list"]


# --- Requirements ------------------------------------------------------------------------------------------


def test_acceptance_2_through_the_api(team_north, case_worker, yro):
    client = client_for(case_worker)
    fifteen = order_of(order_case(team=team_north, worker=case_worker, age=15), by=case_worker)
    body = {"requirement_type": "unpaid_work", "starts_on": str(days_ago(10)), "hours_ordered": 40}
    response = client.post(f"{API}/requirements/", body | {"order": fifteen.pk})
    assert response.status_code == 400
    assert response.json()["requirement_type"][0].endswith("the child was 15 when the order was made")
    response = client.post(f"{API}/requirements/", body | {"order": yro.pk})
    assert response.status_code == 201, response.content
    requirement = response.json()
    assert (requirement["hours_done"], requirement["hours_remaining"], requirement["progress"]) == (0, 40, [])
    url = f"{API}/requirements/{requirement['id']}/progress/"
    response = client.post(url, {"done_on": str(days_ago(2)), "hours": "32.5", "note": "Charity shop"})
    assert response.status_code == 201, response.content
    assert (response.json()["hours_done"], response.json()["hours_remaining"]) == (32.5, 7.5)
    response = client.post(url, {"done_on": str(TODAY), "hours": 8})
    assert response.status_code == 400
    assert response.json() == {"hours": ["Only 7.5 of the 40 hours ordered remain: enter 7.5 or fewer"]}
    response = client.post(url, {"done_on": str(TODAY), "hours": 7.5})
    shown = client.get(f"{API}/requirements/{requirement['id']}/").json()
    assert (shown["status"], shown["completed_on"], shown["hours_remaining"]) == ("completed", str(TODAY), 0)
    assert [entry["hours"] for entry in shown["progress"]] == [32.5, 7.5]
    assert shown["progress"][0]["note"] == "Charity shop"


def test_requirement_lists_by_order_and_case(yro, yro_case, case_worker, team_north):
    one = supervision(yro, by=case_worker)
    other = order_of(order_case(team=team_north, worker=case_worker), by=case_worker)
    two = unpaid_work(other, by=case_worker)
    client = client_for(case_worker)
    assert {row["id"] for row in results(client.get(f"{API}/requirements/"))} == {one.pk, two.pk}
    assert [row["id"] for row in results(client.get(f"{API}/requirements/", {"order": yro.pk}))] == [one.pk]
    assert [row["id"] for row in results(client.get(f"{API}/requirements/", {"case": other.case_id}))] == [two.pk]
    assert client.get(f"{API}/requirements/", {"case": "x"}).status_code == 400


def test_requirement_refusals(yro, case_worker, head_of_service, south_worker, referral_case):
    body = {"order": yro.pk, "requirement_type": "curfew", "starts_on": str(TODAY)}
    assert client_for(head_of_service).post(f"{API}/requirements/", body).status_code == 403
    assert client_for(south_worker).post(f"{API}/requirements/", body).json() == {"order": ["Select a valid order"]}
    referral = order_of(referral_case, by=case_worker)
    response = client_for(case_worker).post(f"{API}/requirements/", body | {"order": referral.pk})
    assert "youth rehabilitation order" in response.json()["order"][0]
    response = client_for(case_worker).post(
        f"{API}/requirements/", body | {"hours_ordered": 99999, "days_ordered": "x", "requirement_type": "nap"}
    )
    assert set(response.json()) == {"hours_ordered", "days_ordered", "requirement_type"}
    assert not Requirement.objects.exists()
    requirement = supervision(yro, by=case_worker)
    url = f"{API}/requirements/{requirement.pk}/"
    assert client_for(south_worker).get(url).status_code == 404
    assert client_for(head_of_service).post(f"{url}progress/", {"done_on": str(TODAY), "hours": 1}).status_code == 403
    response = client_for(case_worker).post(f"{url}progress/", {"done_on": str(TODAY), "hours": "1.234"})
    assert response.status_code == 400 and "hours" in response.json()


def test_complete_a_requirement_by_hand(yro, case_worker):
    requirement = supervision(yro, by=case_worker)
    client = client_for(case_worker)
    response = client.post(f"{API}/requirements/{requirement.pk}/complete/", {"completed_on": str(TODAY)})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed"
    unpaid = unpaid_work(yro, by=case_worker)
    response = client.post(f"{API}/requirements/{unpaid.pk}/complete/", {"completed_on": str(TODAY)})
    assert response.status_code == 400
    assert "40 of the 40 hours" in response.json()["completed_on"][0]


# --- Breaches ----------------------------------------------------------------------------------------------


def test_lay_a_breach_and_record_its_outcome(yro, yro_case, case_worker, team_north, south_worker):
    warning = missed_contact(yro_case, by=case_worker)
    elsewhere = missed_contact(order_case(team=team_north, worker=case_worker), by=case_worker)
    client = client_for(case_worker)
    body = {"order": yro.pk, "laid_on": str(days_ago(1)), "reason": "Missed appointments"}
    response = client.post(f"{API}/breaches/", body | {"enforcement_contacts": [elsewhere.pk]})
    assert response.json() == {
        "enforcement_contacts": ["Select contacts of this case that recorded a warning or a breach"]
    }
    response = client.post(f"{API}/breaches/", body | {"enforcement_contacts": [warning.pk]})
    assert response.status_code == 201, response.content
    breach = response.json()
    assert breach["enforcement_contacts"] == [warning.pk]
    assert [row["id"] for row in results(client.get(f"{API}/breaches/", {"case": yro_case.pk}))] == [breach["id"]]
    assert client_for(south_worker).get(f"{API}/breaches/{breach['id']}/").status_code == 404
    url = f"{API}/breaches/{breach['id']}/outcome/"
    assert set(client.post(url, {}).json()) == {"outcome", "outcome_on"}
    response = client.post(url, {"outcome": "revoked_resentenced", "outcome_on": str(TODAY)})
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "revoked_resentenced"
    order = client.get(f"{API}/orders/{yro.pk}/").json()
    assert (order["outcome"], order["ended_on"]) == ("revoked_breach", str(TODAY))
    assert BreachProceedings.objects.count() == 1
