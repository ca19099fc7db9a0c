"""A risk and vulnerability meeting's minutes as a PDF: to those who may see the meeting, with only the
cases they may see; every download an audited export, and a read of each restricted case it shows."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from risk.services import meetings as services
from yjs.models import AuditAction, AuditEvent

from .factories_meetings import DECISION, meetings_decide
from .fixtures_meetings import *  # noqa: F403 (the fixtures)

pytestmark = pytest.mark.django_db


def minutes_url(meeting) -> str:
    return reverse("risk:meeting_minutes", kwargs={"meeting_id": meeting.pk})


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def exports_by(user):
    return AuditEvent.objects.filter(actor=user, action=AuditAction.EXPORT, detail__export="risk_meeting_minutes")


@pytest.fixture
def full_meeting(meeting, hearing, restricted_hearing, team_manager, case_worker, today):
    services.attendee_add(meeting=meeting, by=team_manager, name="PC Sam Hall", agency="West Yorkshire Police")
    meetings_decide(hearing, by=team_manager)
    services.action_add(hearing=hearing, by=team_manager, description="Home visit with the police", due_on=today,
                        owner=case_worker)  # fmt: skip
    meetings_decide(restricted_hearing, by=team_manager, decision="Refer to the threat-to-life panel")
    return meeting


def test_the_manager_downloads_every_case_heard(client, full_meeting, hearing, restricted_hearing, team_manager):
    client.force_login(team_manager)
    response = client.get(minutes_url(full_meeting))
    text = pdf_text(response)
    assert 'attachment; filename="risk-meeting-north-' in response["Content-Disposition"]
    assert "PC Sam Hall" in text and "West Yorkshire Police" in text
    assert str(hearing.case.child) in text and str(restricted_hearing.case.child) in text
    assert DECISION["decision"] in text and "Refer to the threat-to-life panel" in text
    assert "Home visit with the police" in text
    [export] = exports_by(team_manager)
    assert export.object_id == str(full_meeting.pk)
    assert sorted(export.detail["cases"]) == sorted([hearing.case_id, restricted_hearing.case_id])
    # Showing the restricted case is a read of it, as on its page.
    assert AuditEvent.objects.filter(
        actor=team_manager, action=AuditAction.VIEW_SENSITIVE, object_id=str(restricted_hearing.case_id),
        content_type__model="case",
    ).count() == 1  # fmt: skip


def test_a_case_worker_gets_only_the_cases_they_may_see(client, full_meeting, hearing, restricted_hearing, case_worker):
    client.force_login(case_worker)
    text = pdf_text(client.get(minutes_url(full_meeting)))
    assert str(hearing.case.child) in text
    assert str(restricted_hearing.case.child) not in text and "threat-to-life panel" not in text
    assert exports_by(case_worker).get().detail["cases"] == [hearing.case_id]


@pytest.mark.parametrize("who", ["case_worker_south", "police_officer", "board_member"])
def test_others_do_not_find_the_minutes(request, client, full_meeting, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(minutes_url(full_meeting)).status_code == 404
    assert not exports_by(user).exists()


def test_the_minutes_need_signing_in(client, full_meeting):
    response = client.get(minutes_url(full_meeting))
    assert response.status_code == 302 and "login" in response["Location"]


def test_minutes_of_a_meeting_with_nothing_yet(client, meeting, team_manager):
    client.force_login(team_manager)
    text = pdf_text(client.get(minutes_url(meeting)))
    assert "No attendees recorded" in text and "No cases you may see were heard" in text
