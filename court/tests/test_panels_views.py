"""Pages of referral order panels and volunteers: the worker's list, a panel's page and recording it
held (errors on the form, never a 500), scheduling, the volunteers' list and forms, who may do what."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from court.models import Contract, ReferralPanel, Volunteer

from .factories_panels import TODAY, VolunteerFactory, days_ago, referral_order
from .fixtures_panels import *  # noqa: F403

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_workers_list_shows_the_initial_panel_due(north_case, case_worker, team_manager, south_worker):
    _, panel = referral_order(case=north_case, made_on=TODAY)
    response = client_for(case_worker).get(reverse("court:panel_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert escape(north_case.child.full_name) in text and f"{panel.due_on.day} {panel.due_on:%B %Y}" in text
    assert reverse("court:panel_detail", args=[panel.pk]) in text
    assert (
        escape(north_case.child.full_name) in client_for(team_manager).get(reverse("court:panel_list")).content.decode()
    )
    assert (
        escape(north_case.child.full_name)
        not in client_for(south_worker).get(reverse("court:panel_list")).content.decode()
    )


def test_overdue_panels_come_first_and_are_tagged(north_order, case_worker):
    # The initial panel of an order made 40 days ago is overdue.
    text = client_for(case_worker).get(reverse("court:panel_list")).content.decode()
    assert "Overdue" in text


def test_record_the_initial_panel_held_with_its_contract(north_order, case_worker, two_volunteers):
    order, panel = north_order
    client = client_for(case_worker)
    url = reverse("court:panel_detail", args=[panel.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Record the panel held" in page.content.decode()
    data = {
        **date_parts("held_on", days_ago(1)),
        "volunteers": [v.pk for v in two_volunteers],
        "yjs_member": case_worker.pk,
        "outcome": "contract_agreed",
        "notes": "",
        "activities": "Weekly sessions",
        "reparation": "Litter picking",
        **date_parts("child_signed_on", days_ago(1)),
        "parent_not_required": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    panel.refresh_from_db()
    assert panel.outcome == "contract_agreed" and panel.contract.parent_not_required
    page = client.get(url).content.decode()
    assert "Litter picking" in page and "No parent or carer signature needed" in page
    assert order.panels.filter(panel_type="progress", held_on__isnull=True).exists()


def test_one_volunteer_is_refused_on_the_form(north_order, case_worker, two_volunteers):
    _, panel = north_order
    url = reverse("court:panel_detail", args=[panel.pk])
    data = {
        **date_parts("held_on", days_ago(1)),
        "volunteers": [two_volunteers[0].pk],
        "yjs_member": case_worker.pk,
        "outcome": "no_contract",
    }
    response = client_for(case_worker).post(url, data)
    assert response.status_code == 200
    assert "with fewer it is not quorate" in response.content.decode()
    assert ReferralPanel.objects.get(pk=panel.pk).held_on is None
    empty = client_for(case_worker).post(url, {})
    assert empty.status_code == 200 and "govuk-error-summary" in empty.content.decode()
    contract_missing = client_for(case_worker).post(
        url, {**data, "volunteers": [v.pk for v in two_volunteers], "outcome": "contract_agreed"}
    )
    assert "Enter the activities the contract agrees" in contract_missing.content.decode()
    assert not Contract.objects.exists()


def test_readers_see_the_panel_without_the_form(north_order, head_of_service, victim_worker, police_officer):
    _, panel = north_order
    url = reverse("court:panel_detail", args=[panel.pk])
    page = client_for(head_of_service).get(url)
    assert page.status_code == 200 and "Record the panel held" not in page.content.decode()
    assert client_for(head_of_service).post(url, {}).status_code == 403
    assert client_for(police_officer).get(url).status_code == 403
    assert client_for(police_officer).get(reverse("court:panel_list")).status_code == 403


def test_another_teams_restricted_case_is_404(restricted_order, case_worker, team_manager):
    _, panel = restricted_order
    assert client_for(case_worker).get(reverse("court:panel_detail", args=[panel.pk])).status_code == 404
    case_id = panel.order.case_id
    assert client_for(case_worker).get(reverse("court:panel_schedule", args=[case_id])).status_code == 404
    assert client_for(team_manager).get(reverse("court:panel_detail", args=[panel.pk])).status_code == 200


def test_schedule_a_final_panel(north_order, case_worker, head_of_service):
    order, _ = north_order
    url = reverse("court:panel_schedule", args=[order.case_id])
    client = client_for(case_worker)
    assert client.get(url).status_code == 200
    due = TODAY + datetime.timedelta(days=50)
    response = client.post(url, {"panel_type": "final", **date_parts("due_on", due)})
    final = order.panels.get(panel_type="final")
    assert response.status_code == 302 and response["Location"] == reverse("court:panel_detail", args=[final.pk])
    assert final.due_on == due
    refused = client.post(url, {"panel_type": "final", **date_parts("due_on", due)})
    assert refused.status_code == 200 and "A final panel is already scheduled" in refused.content.decode()
    assert client_for(head_of_service).get(url).status_code == 403


# --- Volunteers ------------------------------------------------------------------------------------------------


def test_the_volunteers_list(case_worker, team_manager, police_officer):
    VolunteerFactory(name="Ann Able", email="ann@example.org")
    VolunteerFactory(name="Ben Soon", vetting_expires_on=TODAY + datetime.timedelta(days=10))
    VolunteerFactory(name="Cal Gone", vetted_on=days_ago(900), vetting_expires_on=days_ago(1))
    url = reverse("court:volunteer_list")
    worker = client_for(case_worker).get(url).content.decode()
    assert "Ann Able" in worker and "ann@example.org" not in worker and "Add a volunteer" not in worker
    assert "Lapses within 30 days" in worker and "Lapsed" in worker
    manager = client_for(team_manager).get(url).content.decode()
    assert "ann@example.org" in manager and "Add a volunteer" in manager
    assert client_for(police_officer).get(url).status_code == 403


def test_a_manager_adds_and_changes_a_volunteer(team_manager, case_worker):
    client = client_for(team_manager)
    url = reverse("court:volunteer_add")
    assert client.get(url).status_code == 200
    assert client_for(case_worker).get(url).status_code == 403
    empty = client.post(url, {})
    assert empty.status_code == 200 and "Enter the volunteer&#x27;s name" in empty.content.decode()
    data = {
        "name": "Dee Dunn",
        "email": "dee@example.org",
        "phone": "",
        **date_parts("vetted_on", days_ago(10)),
        **date_parts("vetting_expires_on", TODAY + datetime.timedelta(days=900)),
        "active": "yes",
    }
    assert client.post(url, data).status_code == 302
    volunteer = Volunteer.objects.get(name="Dee Dunn")
    edit = reverse("court:volunteer_edit", args=[volunteer.pk])
    assert "dee@example.org" in client.get(edit).content.decode()
    assert client_for(case_worker).get(edit).status_code == 403
    assert client.post(edit, {**data, **date_parts("trained_on", days_ago(2))}).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.trained_on == days_ago(2) and volunteer.may_sit_on(TODAY)
    bad = client.post(
        edit, {**data, "vetting_expires_on_0": "", "vetting_expires_on_1": "", "vetting_expires_on_2": ""}
    )
    assert bad.status_code == 200 and "Enter the date the DBS check lapses" in bad.content.decode()
