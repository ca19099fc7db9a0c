"""The custody spells' and resettlement plans' API: 201/200 as the services allow, 400 naming each
field refused, 403 for a reader who may not record, 404 for a row the user may not see."""

import datetime

import pytest
from django.urls import reverse

from cases.models import CaseType
from cases.tests.factories import CaseFactory
from court import rules
from court.models import CustodySpell, ResettlementPlan
from intelligence.models import InformationRequest
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent
from yjs.working_days import add_working_days

from .factories_resettlement import *  # noqa: F403 (the fixtures)
from .factories_resettlement import PLAN_ANSWERS, TODAY, CustodySpellFactory, ResettlementPlanFactory, days_ago

pytestmark = pytest.mark.django_db

SPELLS = "/api/v1/court/custody-spells/"
PLANS = "/api/v1/court/resettlement-plans/"


@pytest.fixture
def as_user(api_client):
    def signed_in(user):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
        return api_client

    return signed_in


def new_spell(case, **changes) -> dict:
    return {
        "case": case.pk,
        "establishment_type": "stc",
        "establishment": "Oakhill STC",
        "custody_from": (TODAY - datetime.timedelta(days=30)).isoformat(),
        "release_on": add_working_days(TODAY, 40).isoformat(),
        "supervision_on_release": "licence",
        "licence_conditions": "Curfew 7pm to 7am",
        **changes,
    }


def test_the_paths_are_the_design_s():
    assert reverse("api:court-api:custody-spell-list") == SPELLS
    assert reverse("api:court-api:resettlement-plan-list") == PLANS


def test_recording_a_spell_makes_its_plan(as_user, dto_case, case_worker):
    answer = as_user(case_worker).post(SPELLS, new_spell(dto_case), format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    plan = ResettlementPlan.objects.get(spell_id=body["id"])
    assert body["resettlement_plan"] == plan.pk and body["child"] == dto_case.child_id
    assert plan.due_on == rules.resettlement_plan_due(add_working_days(TODAY, 40))


def test_a_spell_on_another_case_type_is_refused_on_its_case(as_user, team_north, case_worker):
    case = CaseFactory(
        team=team_north, allocated_to=case_worker, created_by=case_worker, case_type=CaseType.REFERRAL_ORDER
    )
    answer = as_user(case_worker).post(SPELLS, new_spell(case), format="json")
    assert answer.status_code == 400
    assert "detention and training order or a remand" in str(answer.json()["case"])


def test_bad_input_is_a_400_naming_each_field(as_user, dto_case, case_worker):
    answer = as_user(case_worker).post(
        SPELLS,
        {"case": dto_case.pk, "establishment_type": "prison", "custody_from": "yesterday", "release_on": "2026-02-30"},
        format="json",
    )
    assert answer.status_code == 400
    assert set(answer.json()) >= {
        "establishment_type",
        "establishment",
        "custody_from",
        "release_on",
        "supervision_on_release",
    }
    assert not CustodySpell.objects.exists()


@pytest.mark.parametrize("who", ["police_officer", "south_worker"])
def test_a_case_the_user_may_not_read_is_not_a_valid_case(who, request, as_user, dto_case):
    answer = as_user(request.getfixturevalue(who)).post(SPELLS, new_spell(dto_case), format="json")
    assert answer.status_code == 400 and answer.json()["case"] == ["Select a valid case"]


def test_a_reader_may_not_record(as_user, dto_case, head_of_service, spell, plan):
    client = as_user(head_of_service)
    assert client.post(SPELLS, new_spell(dto_case), format="json").status_code == 403
    assert client.patch(f"{SPELLS}{spell.pk}/", {"establishment": "X"}, format="json").status_code == 403
    assert (
        client.post(f"{SPELLS}{spell.pk}/release/", {"released_on": TODAY.isoformat()}, format="json").status_code
        == 403
    )
    assert client.patch(f"{PLANS}{plan.pk}/", {"health": "GP"}, format="json").status_code == 403
    assert client.post(f"{PLANS}{plan.pk}/complete/").status_code == 403
    assert client.get(f"{PLANS}{plan.pk}/").json()["release_address"] == ""


def test_another_team_s_rows_are_not_found(as_user, south_worker, police_officer, spell, plan):
    for user in (south_worker, police_officer):
        client = as_user(user)
        assert client.get(f"{SPELLS}{spell.pk}/").status_code == 404
        assert client.patch(f"{SPELLS}{spell.pk}/", {"establishment": "X"}, format="json").status_code == 404
        assert client.post(f"{SPELLS}{spell.pk}/release/", {"released_on": TODAY.isoformat()}).status_code == 404
        assert client.get(f"{PLANS}{plan.pk}/").status_code == 404
        assert client.post(f"{PLANS}{plan.pk}/complete/").status_code == 404
        assert client.get(SPELLS).json()["results"] == []
        assert client.get(PLANS).json()["results"] == []


def test_lists_filter_by_case(as_user, case_worker, spell, remand_case):
    other = CustodySpellFactory(case=remand_case, recorded_by=case_worker, supervision_on_release="none")
    client = as_user(case_worker)
    assert {row["id"] for row in client.get(SPELLS).json()["results"]} == {spell.pk, other.pk}
    assert [row["id"] for row in client.get(SPELLS, {"case": remand_case.pk}).json()["results"]] == [other.pk]
    assert [row["spell"] for row in client.get(PLANS, {"case": spell.case_id}).json()["results"]] == [spell.pk]
    assert client.get(SPELLS, {"case": "north"}).status_code == 400


def test_patch_changes_only_what_is_sent(as_user, case_worker, spell, plan):
    client = as_user(case_worker)
    later = add_working_days(spell.release_on, 10)
    answer = client.patch(f"{SPELLS}{spell.pk}/", {"release_on": later.isoformat()}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["licence_conditions"] == spell.licence_conditions
    assert ResettlementPlan.objects.get(pk=plan.pk).due_on == rules.resettlement_plan_due(later)
    answer = client.patch(f"{SPELLS}{spell.pk}/", {"release_on": None}, format="json")
    assert answer.status_code == 400 and "release_on" in answer.json()

    answer = client.patch(f"{PLANS}{plan.pk}/", {"accommodation": "Home with mum"}, format="json")
    assert answer.status_code == 200 and answer.json()["accommodation"] == "Home with mum"
    answer = client.patch(f"{PLANS}{plan.pk}/", {"health_in_place": True}, format="json")
    assert answer.json()["accommodation"] == "Home with mum" and answer.json()["health_in_place"] is True
    assert client.patch(f"{PLANS}{plan.pk}/", {"health_in_place": "maybe"}, format="json").status_code == 400


def test_release(as_user, case_worker, spell):
    client = as_user(case_worker)
    url = f"{SPELLS}{spell.pk}/release/"
    assert client.post(url, {}, format="json").json() == {"released_on": ["Enter the date the child was released"]}
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    answer = client.post(url, {"released_on": tomorrow}, format="json")
    assert answer.status_code == 400 and "today or in the past" in answer.json()["released_on"][0]
    answer = client.post(url, {"released_on": TODAY.isoformat()}, format="json")
    assert answer.status_code == 200 and answer.json()["released_on"] == TODAY.isoformat()
    assert client.post(url, {"released_on": TODAY.isoformat()}, format="json").status_code == 400


def test_complete_names_what_is_missing_then_sends_the_notice_once(as_user, case_worker, police_officer, plan):
    client = as_user(case_worker)
    url = f"{PLANS}{plan.pk}/complete/"
    answer = client.post(url)
    assert answer.status_code == 400
    assert set(answer.json()) == {"accommodation", "education", "health", "release_address"}
    client.patch(f"{PLANS}{plan.pk}/", PLAN_ANSWERS, format="json")
    answer = client.post(url)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["completed_on"] == TODAY.isoformat() and body["notice"] is not None
    assert client.post(url).status_code == 400
    assert InformationRequest.objects.filter(request_type="resettlement_notice").count() == 1
    assert client.patch(f"{PLANS}{plan.pk}/", {"health": "Changed"}, format="json").status_code == 400

    police = as_user(police_officer)
    [request] = police.get("/api/v1/intelligence/requests/", {"request_type": "resettlement_notice"}).json()["results"]
    assert request["id"] == body["notice"] and "12 Oak Street" in request["what_requested"]


def test_the_release_address_is_shown_to_who_may_read_the_case(
    as_user, case_worker, team_manager, head_of_service, police_officer, plan
):
    as_user(case_worker).patch(f"{PLANS}{plan.pk}/", {"release_address": "12 Oak Street"}, format="json")
    for user in (case_worker, team_manager, head_of_service):
        assert as_user(user).get(f"{PLANS}{plan.pk}/").json()["release_address"] == "12 Oak Street"
    assert as_user(police_officer).get(f"{PLANS}{plan.pk}/").status_code == 404


def test_reading_a_restricted_case_s_rows_is_audited(as_user, team_north, team_manager):
    case = CaseFactory(
        team=team_north, restricted=True, created_by=team_manager, case_type=CaseType.DETENTION_AND_TRAINING_ORDER
    )
    spell = CustodySpellFactory(case=case, recorded_by=team_manager, custody_from=days_ago(10))
    plan = ResettlementPlanFactory(spell=spell)
    client = as_user(team_manager)
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(case.pk))
    for url in (SPELLS, f"{SPELLS}{spell.pk}/", PLANS, f"{PLANS}{plan.pk}/"):
        before = reads.count()
        assert client.get(url).status_code == 200
        assert reads.count() == before + 1, url
