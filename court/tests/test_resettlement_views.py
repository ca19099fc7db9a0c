"""The custody and resettlement pages: the list of children in custody, recording a spell, the spell's
page (changed, released) and its plan's page (saved, completed); who sees and who records."""

import datetime

import pytest
from django.urls import reverse

from cases.models import CaseType
from cases.tests.factories import CaseFactory
from court.models import CustodySpell, ResettlementPlan
from intelligence.models import InformationRequest
from yjs.working_days import add_working_days

from .factories_resettlement import *  # noqa: F403 (the fixtures)
from .factories_resettlement import TODAY, CustodySpellFactory, ResettlementPlanFactory

pytestmark = pytest.mark.django_db


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_paths():
    assert reverse("court:resettlement_list") == "/court/resettlement/"
    assert reverse("court:custody_spell_add", args=[3]) == "/court/cases/3/custody/add/"
    assert reverse("court:custody_spell_detail", args=[4]) == "/court/custody/4/"
    assert reverse("court:resettlement_plan", args=[4]) == "/court/custody/4/resettlement/"


def test_the_list_shows_the_user_s_children_in_custody_overdue_first(client, case_worker, dto_case, remand_case):
    soon = CustodySpellFactory(case=remand_case, recorded_by=case_worker, release_on=TODAY + datetime.timedelta(60))
    ResettlementPlanFactory(spell=soon)
    overdue = CustodySpellFactory(case=dto_case, recorded_by=case_worker, release_on=add_working_days(TODAY, 10))
    ResettlementPlanFactory(spell=overdue)
    client.force_login(case_worker)
    page = client.get(reverse("court:resettlement_list")).content.decode()
    assert page.index(dto_case.child.full_name) < page.index(remand_case.child.full_name)
    assert "Overdue" in page and "Not completed" in page


@pytest.mark.parametrize("who", ["police_officer", "board_member"])
def test_the_list_is_not_for_who_reads_no_case_records(who, request, client):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("court:resettlement_list")).status_code == 403


def test_another_worker_s_children_are_not_on_the_list(client, south_worker, spell):
    client.force_login(south_worker)
    page = client.get(reverse("court:resettlement_list")).content.decode()
    assert spell.case.child.full_name not in page and "No child of your cases is in custody" in page


def test_recording_a_spell(client, case_worker, dto_case):
    client.force_login(case_worker)
    url = reverse("court:custody_spell_add", args=[dto_case.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {})
    assert empty.status_code == 200 and "Select the type of secure establishment" in empty.content.decode()
    data = {
        "establishment_type": "sch",
        "establishment": "Aldine House",
        "supervision_on_release": "notice_of_supervision",
        **date_parts("custody_from", TODAY - datetime.timedelta(days=10)),
        **date_parts("release_on", add_working_days(TODAY, 40)),
    }
    answer = client.post(url, data)
    spell = CustodySpell.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("court:custody_spell_detail", args=[spell.pk])
    assert ResettlementPlan.objects.filter(spell=spell).exists()


def test_a_case_of_another_type_tells_why_and_refuses(client, case_worker, team_north):
    case = CaseFactory(
        team=team_north, allocated_to=case_worker, created_by=case_worker, case_type=CaseType.REFERRAL_ORDER
    )
    client.force_login(case_worker)
    url = reverse("court:custody_spell_add", args=[case.pk])
    assert "detention and training order or a remand" in client.get(url).content.decode()
    data = {"establishment_type": "yoi", "establishment": "Wetherby", "supervision_on_release": "licence"}
    answer = client.post(url, {**data, **date_parts("custody_from", TODAY)})
    assert answer.status_code == 200 and not CustodySpell.objects.exists()


def test_who_may_open_the_forms(client, dto_case, head_of_service, south_worker, police_officer, spell):
    url = reverse("court:custody_spell_add", args=[dto_case.pk])
    client.force_login(head_of_service)
    assert client.get(url).status_code == 403
    page = client.get(reverse("court:custody_spell_detail", args=[spell.pk]))
    assert page.status_code == 200 and "Record release" not in page.content.decode()
    assert client.post(reverse("court:custody_spell_detail", args=[spell.pk]), {"form": "release"}).status_code == 403
    for user in (south_worker, police_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(reverse("court:custody_spell_detail", args=[spell.pk])).status_code == 404
        assert client.get(reverse("court:resettlement_plan", args=[spell.pk])).status_code == 404


def test_changing_the_spell_and_recording_the_release(client, case_worker, spell):
    client.force_login(case_worker)
    url = reverse("court:custody_spell_detail", args=[spell.pk])
    assert "Record release" in client.get(url).content.decode()
    change = {
        "form": "spell",
        "establishment_type": "yoi",
        "establishment": "HMYOI Werrington",
        "supervision_on_release": "licence",
        "licence_conditions": "Curfew",
        **date_parts("custody_from", spell.custody_from),
        **date_parts("release_on", spell.release_on),
    }
    assert client.post(url, change).status_code == 302
    assert CustodySpell.objects.get(pk=spell.pk).establishment == "HMYOI Werrington"
    wrong = client.post(url, {"form": "release", **date_parts("released_on", TODAY + datetime.timedelta(days=3))})
    assert wrong.status_code == 200 and "today or in the past" in wrong.content.decode()
    assert client.post(url, {"form": "release", **date_parts("released_on", TODAY)}).status_code == 302
    assert CustodySpell.objects.get(pk=spell.pk).released_on == TODAY


PLAN_FORM = {
    "accommodation_in_place": "yes",
    "accommodation": "Home with mum",
    "education_in_place": "no",
    "education": "College place from September",
    "health_in_place": "yes",
    "health": "Registered with the GP",
    "release_address": "12 Oak Street, Leeds",
}


def test_writing_and_completing_the_plan(client, case_worker, spell, plan):
    client.force_login(case_worker)
    url = reverse("court:resettlement_plan", args=[spell.pk])
    assert client.get(url).status_code == 200
    half = {**PLAN_FORM, "release_address": "", "complete": "yes"}
    answer = client.post(url, half)
    assert (
        answer.status_code == 200 and "Enter the address the child will live at on release" in answer.content.decode()
    )
    assert ResettlementPlan.objects.get(pk=plan.pk).accommodation == ""  # all or nothing
    assert client.post(url, {**PLAN_FORM, "release_address": ""}).status_code == 302  # saved, not completed
    assert ResettlementPlan.objects.get(pk=plan.pk).education_in_place is False
    assert client.post(url, {**PLAN_FORM, "complete": "yes"}).status_code == 302
    plan.refresh_from_db()
    assert plan.completed_on == TODAY and plan.notice.request_type == "resettlement_notice"
    page = client.get(url).content.decode()
    assert "Save and complete" not in page and "12 Oak Street" in page
    client.post(url, {**PLAN_FORM, "complete": "yes"})
    assert InformationRequest.objects.count() == 1


def test_the_plan_is_read_by_who_may_read_the_case(client, head_of_service, spell, plan):
    client.force_login(head_of_service)
    page = client.get(reverse("court:resettlement_plan", args=[spell.pk]))
    assert page.status_code == 200 and "Save and complete" not in page.content.decode()
    assert client.post(reverse("court:resettlement_plan", args=[spell.pk]), PLAN_FORM).status_code == 403


def test_the_case_page_has_the_custody_section(client, case_worker, spell):
    client.force_login(case_worker)
    page = client.get(reverse("cases:case_detail", args=[spell.case_id])).content.decode()
    assert reverse("court:custody_spell_detail", args=[spell.pk]) in page
    assert reverse("court:custody_spell_add", args=[spell.case_id]) in page
    assert reverse("court:resettlement_plan", args=[spell.pk]) in page


def test_the_pages_of_a_restricted_case_s_spell_are_audited_reads(client, team_north, team_manager):
    from yjs.models import AuditAction, AuditEvent

    case = CaseFactory(
        team=team_north, restricted=True, created_by=team_manager, case_type=CaseType.DETENTION_AND_TRAINING_ORDER
    )
    spell = CustodySpellFactory(case=case, recorded_by=team_manager)
    ResettlementPlanFactory(spell=spell)
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(case.pk))
    client.force_login(team_manager)
    for url in (
        reverse("court:resettlement_list"),
        reverse("court:custody_spell_detail", args=[spell.pk]),
        reverse("court:resettlement_plan", args=[spell.pk]),
    ):
        before = reads.count()
        assert client.get(url).status_code == 200
        assert reads.count() == before + 1, url
