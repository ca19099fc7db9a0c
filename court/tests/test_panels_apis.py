"""The referral panels' API (DESIGN.md §7): lists and filters, scheduling, recording a panel held
(400 naming the fields, not quorate), 403 and 404 on another team's restricted case, audited reads."""

import datetime

import pytest
from rest_framework.test import APIClient

from court.models import ReferralPanel
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent

from .factories_panels import TODAY, VolunteerFactory, days_ago
from .fixtures_panels import *  # noqa: F403

pytestmark = pytest.mark.django_db
PANELS = "/api/v1/court/referral-panels/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def held_body(volunteers, member, **changes) -> dict:
    return {
        "held_on": days_ago(2).isoformat(),
        "volunteers": [volunteer.pk for volunteer in volunteers],
        "yjs_member": member.pk,
        "outcome": "contract_agreed",
        "notes": "Agreed in full",
        "contract": {
            "activities": "Weekly sessions",
            "reparation": "Ten hours of gardening",
            "child_signed_on": days_ago(2).isoformat(),
            "parent_signed_on": days_ago(1).isoformat(),
        },
        **changes,
    }


def test_record_the_initial_panel_held_then_a_progress_panel_is_due(north_order, case_worker, two_volunteers):
    order, panel = north_order
    client = client_for(case_worker)
    [row] = results(client.get(PANELS, {"case": order.case_id, "held": "false"}))
    assert (row["id"], row["panel_type"], row["due_on"], row["held_on"]) == (
        panel.pk, "initial", panel.due_on.isoformat(), None
    )  # fmt: skip
    response = client.post(f"{PANELS}{panel.pk}/held/", held_body(two_volunteers, case_worker), format="json")
    assert response.status_code == 200, response.content
    row = response.json()
    assert row["outcome"] == "contract_agreed" and row["volunteer_names"] == ["Ann Able", "Ben Baker"]
    assert row["contract"]["reparation"] == "Ten hours of gardening"
    assert row["yjs_member"] == case_worker.pk
    [progress] = results(client.get(PANELS, {"order": order.pk, "held": "false"}))
    assert progress["panel_type"] == "progress"
    assert datetime.date.fromisoformat(progress["due_on"]) <= days_ago(2).replace(day=1) + datetime.timedelta(days=130)
    assert [r["id"] for r in results(client.get(PANELS, {"held": "true"}))] == [panel.pk]


def test_a_panel_with_one_volunteer_answers_400(north_order, case_worker, two_volunteers):
    _, panel = north_order
    client = client_for(case_worker)
    body = held_body(two_volunteers[:1], case_worker)
    response = client.post(f"{PANELS}{panel.pk}/held/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"volunteers": ["A panel needs two community volunteers: with fewer it is not quorate"]}
    assert ReferralPanel.objects.get(pk=panel.pk).held_on is None


def test_field_errors_answer_400(north_order, case_worker, two_volunteers):
    _, panel = north_order
    client = client_for(case_worker)
    response = client.post(f"{PANELS}{panel.pk}/held/", {"held_on": "2026-02-30", "volunteers": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "held_on": ["Date the panel was held must be a real date, in the format YYYY-MM-DD"],
        "volunteers": ["Enter the panel's volunteers as a list"],
        "yjs_member": ["Select the YJS member of the panel"],
        "outcome": ["Select the panel's outcome"],
    }
    lapsed = VolunteerFactory(name="Lapsed Lee", vetted_on=days_ago(900), vetting_expires_on=days_ago(30))
    body = held_body([two_volunteers[0], lapsed], case_worker, outcome="completed", contract=None)
    response = client.post(f"{PANELS}{panel.pk}/held/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"volunteers", "outcome"}
    assert errors["volunteers"][0].startswith("Lapsed Lee cannot sit on a panel on")
    body = held_body(two_volunteers, case_worker, contract={"activities": ""})
    errors = client.post(f"{PANELS}{panel.pk}/held/", body, format="json").json()
    assert set(errors) == {
        "contract.activities",
        "contract.reparation",
        "contract.child_signed_on",
        "contract.parent_signed_on",
    }
    body = held_body(two_volunteers, case_worker)
    body["volunteers"] = [two_volunteers[0].pk, 999999]
    assert client.post(f"{PANELS}{panel.pk}/held/", body, format="json").json() == {
        "volunteers": {"1": ["Select a valid volunteer"]}
    }


def test_schedule_a_final_panel(north_order, case_worker, restricted_order):
    order, _ = north_order
    client = client_for(case_worker)
    due = (TODAY + datetime.timedelta(days=60)).isoformat()
    response = client.post(PANELS, {"order": order.pk, "panel_type": "final", "due_on": due}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["panel_type"], response.json()["due_on"]) == ("final", due)
    response = client.post(PANELS, {"order": order.pk, "panel_type": "progress", "due_on": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "panel_type": ["Select a valid type of panel"],
        "due_on": ["Date the panel is due must be a real date, in the format YYYY-MM-DD"],
    }
    hidden, _ = restricted_order
    response = client.post(PANELS, {"order": hidden.pk, "panel_type": "final", "due_on": due}, format="json")
    assert response.status_code == 400
    assert response.json() == {"order": ["Select a valid referral order"]}


def test_another_teams_restricted_case_is_404_and_read_only_roles_403(
    restricted_order, north_order, case_worker, team_manager, head_of_service, south_worker, two_volunteers
):
    _, hidden = restricted_order
    _, panel = north_order
    body = held_body(two_volunteers, team_manager)
    assert client_for(case_worker).get(f"{PANELS}{hidden.pk}/").status_code == 404
    assert client_for(case_worker).post(f"{PANELS}{hidden.pk}/held/", body, format="json").status_code == 404
    assert client_for(south_worker).get(f"{PANELS}{panel.pk}/").status_code == 404
    # The head of service reads every panel, and records none.
    assert client_for(head_of_service).get(f"{PANELS}{hidden.pk}/").status_code == 200
    assert client_for(head_of_service).post(f"{PANELS}{hidden.pk}/held/", body, format="json").status_code == 403
    assert client_for(south_worker).get(PANELS).json()["results"] == []
    # The manager reads the restricted case's panel: an audited read.
    assert client_for(team_manager).get(f"{PANELS}{hidden.pk}/").status_code == 200
    read = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=team_manager).get()
    assert read.object_id == str(hidden.order.case_id) and read.detail["via"] == "referral_panel_detail"
    assert client_for(team_manager).post(f"{PANELS}{hidden.pk}/held/", body, format="json").status_code == 200


def test_the_list_queries_do_not_grow(north_order, case_worker, two_volunteers, django_assert_max_num_queries):
    from .factories_panels import ReferralPanelFactory

    order, _ = north_order
    client = client_for(case_worker)
    ReferralPanelFactory.create_batch(3, order=order)
    with django_assert_max_num_queries(30) as few:
        results(client.get(PANELS))
    ReferralPanelFactory.create_batch(20, order=order)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(results(client.get(PANELS))) == 24
