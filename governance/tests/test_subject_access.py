"""Subject access: everything held about one child as a PDF (governance.subject_access)."""

import io
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse

from cases.models import Victim
from governance import subject_access
from governance.tests.child_history import LONG_AGO, child_with_history
from yjs.audit import audit_record
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

NOT_ALLOWED = [Role.CASE_WORKER, Role.TEAM_MANAGER, Role.POLICE_OFFICER, Role.VICTIM_WORKER, Role.BOARD_MEMBER]


@pytest.fixture
def people(team_north, team_south):
    # Named, not invented: the export names its staff, and an invented "Amy Smith" once put the
    # victim's withheld "Amy" in it.
    def user(username, first_name, last_name, role, teams):
        return UserFactory(username=username, first_name=first_name, last_name=last_name, roles=[role], teams=teams)

    return {
        "worker": user("worker", "Jo", "Baker", Role.CASE_WORKER, [team_north]),
        "police": user("officer", "Sam", "Patel", Role.POLICE_OFFICER, [team_north]),
        "head": user("head", "Ruth", "Evans", Role.HEAD_OF_SERVICE, [team_north, team_south]),
    }


@pytest.fixture
def history(team_north, people):
    history = child_with_history(closed_on=LONG_AGO, team=team_north, worker=people["worker"], police=people["police"])
    audit_record(actor=people["police"], action=AuditAction.VIEW_SENSITIVE, obj=history.request)
    return history


def rendered(user, child) -> str:
    record = subject_access.subject_access_record(user=user, child_id=child.pk)
    return unescape(render_to_string(subject_access.TEMPLATE, {"record": record}))


def test_the_export_holds_everything_about_the_child(history, people):
    html = rendered(people["head"], history.child)

    for held in [
        "Zebedee Quillfeather",
        "Zeb Featherquill",  # alias
        "23 November 2002",
        "12 Birch Lane, Leeds",
        "18/445566Q",
        "WY-99812",
        "Mrs Okonkwo-Smith",
        "Robbery of a phone from Zeb's classmate",  # offence
        "Zebedee says he wants to go back to college",  # assessment
        "If Zebedee goes missing, call his aunt",  # plan
        "Zeb enrols at college",  # target
        "Zebedee is doing well",  # review
        "Saw Zeb at 12 Birch Lane",  # contact
        "Zebedee was groomed by an older man",  # flag
        "Zeb Quillfeather was seen with a known dealer",  # information supplied
        "Zebedee's brother was also seen",  # addendum
        "Zeb says he is sorry",  # OOCD referral
        "Zebedee admitted it; a caution is proportionate",  # decision
        "WYP/CR-",  # custody record
        "Viewed sensitive information",  # audit event about the request
    ]:
        assert held in html, held


def test_victims_details_are_withheld_as_other_peoples_data(history, people):
    html = rendered(people["head"], history.child)

    assert "1 linked to this case" in html
    for withheld in ["Amy", "Nguyen", "3 Oak Road", "07700 900456"]:
        assert withheld not in html, withheld
    assert Victim.objects.filter(case__child=history.child).exists()


def test_the_head_of_service_downloads_a_pdf_and_it_is_audited(client, history, people):
    client.force_login(people["head"])

    response = client.get(reverse("governance:subject_access_export", args=[history.child.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="subject-access-child-{history.child.pk}.pdf"' in response["Content-Disposition"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, detail__export="subject_access")
    assert event.actor == people["head"]
    assert event.object_id == str(history.child.pk)
    assert event.detail["information_requests"] == [history.request.pk]
    assert event.detail["counts"]["cases"] == 2


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_no_one_else_may_export_it(client, history, team_north, role):
    user = UserFactory(roles=[role], teams=[team_north])
    client.force_login(user)

    response = client.get(reverse("governance:subject_access_export", args=[history.child.pk]))

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        subject_access.subject_access_record(user=user, child_id=history.child.pk)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_unknown_child_is_404(client, people, db):
    client.force_login(people["head"])
    assert client.get(reverse("governance:subject_access_export", args=[999999])).status_code == 404


def test_the_child_record_offers_it_to_the_head_of_service_only(client, history, people):
    url = reverse("governance:subject_access_export", args=[history.child.pk])
    page = reverse("cases:child_detail", args=[history.child.pk])

    client.force_login(people["head"])
    assert url in client.get(page).content.decode()

    client.force_login(people["worker"])
    response = client.get(page)
    assert response.status_code == 200
    assert url not in response.content.decode()


def test_the_command_writes_the_pdf_and_records_the_export(history, people, tmp_path):
    out = tmp_path / "sar.pdf"

    call_command("subject_access_export", child=history.child.pk, by="head", out=str(out), stdout=io.StringIO())

    assert out.read_bytes().startswith(b"%PDF")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, detail__export="subject_access")
    assert (event.actor, event.object_id) == (people["head"], str(history.child.pk))


def test_the_command_refuses_a_case_worker(history, people, tmp_path):
    out = tmp_path / "sar.pdf"
    with pytest.raises(CommandError, match="Only the head of service"):
        call_command("subject_access_export", child=history.child.pk, by="worker", out=str(out))
    assert not out.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
