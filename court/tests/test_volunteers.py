"""Community panel volunteers: kept by managers and the head of service; names for whoever reads case
records; email and phone for the keepers only (service, API and pages)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from court.models import Volunteer
from court.selectors.volunteers import vetting_status
from court.services.volunteers import volunteer_add, volunteer_update
from yjs.api.tokens import api_token_create
from yjs.models import AuditEvent

from .factories_panels import TODAY, VolunteerFactory, days_ago
from .fixtures_panels import *  # noqa: F403

pytestmark = pytest.mark.django_db
VOLUNTEERS = "/api/v1/court/volunteers/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


# --- Services ----------------------------------------------------------------------------------------------


def test_a_manager_adds_and_changes_a_volunteer(team_manager):
    volunteer = volunteer_add(
        by=team_manager,
        name=" Dee Dunn ",
        email="dee@example.org",
        vetted_on=days_ago(30),
        vetting_expires_on=TODAY + datetime.timedelta(days=1000),
        trained_on=days_ago(10),
    )
    assert volunteer.name == "Dee Dunn" and volunteer.may_sit_on(TODAY)
    volunteer_update(volunteer=volunteer, by=team_manager, phone="07700 900999")
    volunteer.refresh_from_db()
    assert (volunteer.phone, volunteer.email, volunteer.trained_on) == ("07700 900999", "dee@example.org", days_ago(10))
    assert AuditEvent.objects.filter(object_id=str(volunteer.pk)).count() == 2
    volunteer_update(volunteer=volunteer, by=team_manager, active=False)
    assert not Volunteer.objects.get(pk=volunteer.pk).may_sit_on(TODAY)


def test_only_keepers_keep_volunteers(case_worker, head_of_service, victim_worker):
    for outsider in (case_worker, victim_worker):
        with pytest.raises(PermissionDenied):
            volunteer_add(by=outsider, name="Eve")
    with pytest.raises(PermissionDenied):
        volunteer_update(volunteer=VolunteerFactory(), by=case_worker, name="Eve")
    assert volunteer_add(by=head_of_service, name="Eve").pk


def test_volunteer_field_errors(team_manager):
    with pytest.raises(ValidationError) as raised:
        volunteer_add(
            by=team_manager,
            name=" ",
            vetted_on=TODAY + datetime.timedelta(days=1),
            trained_on=TODAY + datetime.timedelta(days=1),
        )
    assert raised.value.message_dict == {
        "name": ["Enter the volunteer's name"],
        "vetted_on": ["The date of the DBS check must be today or in the past"],
        "trained_on": ["The date panel training was completed must be today or in the past"],
        "vetting_expires_on": ["Enter the date the DBS check lapses"],
    }
    with pytest.raises(ValidationError) as raised:
        volunteer_add(by=team_manager, name="Fay", vetted_on=days_ago(3), vetting_expires_on=days_ago(4))
    assert list(raised.value.message_dict) == ["vetting_expires_on"]
    with pytest.raises(ValidationError) as raised:
        volunteer_update(volunteer=VolunteerFactory(), by=team_manager, colour="red")
    assert raised.value.message_dict == {"colour": ["Unknown field"]}


def test_vetting_status():
    soon = VolunteerFactory(vetting_expires_on=TODAY + datetime.timedelta(days=30))
    later = VolunteerFactory(vetting_expires_on=TODAY + datetime.timedelta(days=31))
    lapsed = VolunteerFactory(vetted_on=days_ago(900), vetting_expires_on=days_ago(1))
    assert (vetting_status(soon).lapses_soon, vetting_status(soon).may_sit) == (True, True)
    assert vetting_status(later).lapses_soon is False
    assert (vetting_status(lapsed).lapsed, vetting_status(lapsed).may_sit) == (True, False)


# --- API ----------------------------------------------------------------------------------------------------


def test_readers_see_names_keepers_see_contact_details(case_worker, team_manager, police_officer):
    volunteer = VolunteerFactory(name="Gil Grey", email="gil@example.org")
    [row] = client_for(case_worker).get(VOLUNTEERS).json()["results"]
    assert row["name"] == "Gil Grey" and row["may_sit_today"] is True
    assert "email" not in row and "phone" not in row
    detail = client_for(case_worker).get(f"{VOLUNTEERS}{volunteer.pk}/").json()
    assert "email" not in detail
    [row] = client_for(team_manager).get(VOLUNTEERS).json()["results"]
    assert (row["email"], row["phone"]) == ("gil@example.org", "07700 900456")
    assert client_for(police_officer).get(VOLUNTEERS).status_code == 403


def test_the_api_adds_and_patches_without_erasing(team_manager, case_worker):
    client = client_for(team_manager)
    body = {"name": "Hal Hunt", "email": "hal@example.org", "vetted_on": days_ago(5).isoformat(),
            "vetting_expires_on": (TODAY + datetime.timedelta(days=700)).isoformat()}  # fmt: skip
    response = client.post(VOLUNTEERS, body, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.patch(f"{VOLUNTEERS}{pk}/", {"trained_on": days_ago(1).isoformat()}, format="json")
    assert response.status_code == 200, response.content
    row = response.json()
    assert (row["email"], row["trained_on"], row["may_sit_today"]) == ("hal@example.org", days_ago(1).isoformat(), True)
    assert client_for(case_worker).patch(f"{VOLUNTEERS}{pk}/", {"name": "X"}, format="json").status_code == 403
    assert client_for(case_worker).post(VOLUNTEERS, {"name": "X"}, format="json").status_code == 403


def test_the_api_answers_400_with_the_fields(team_manager):
    response = client_for(team_manager).post(
        VOLUNTEERS, {"email": "not an email", "vetted_on": "2026-13-01", "active": "perhaps"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "name": ["Enter the volunteer's name"],
        "email": ["Enter an email address in the correct format, like name@example.com"],
        "vetted_on": ["Date of the DBS check must be a real date, in the format YYYY-MM-DD"],
        "active": ["Whether the volunteer is active must be true or false"],
    }
    response = client_for(team_manager).post(
        VOLUNTEERS, {"name": "Ivy", "vetted_on": days_ago(1).isoformat()}, format="json"
    )
    assert response.json() == {"vetting_expires_on": ["Enter the date the DBS check lapses"]}
