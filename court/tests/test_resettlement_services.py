"""Custody spells and resettlement plans: each rule of the services, who may record them, the
selectors for the work lists and figures, and issue #21's acceptance 4."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory
from court import rules
from court.models import CustodySpell, ResettlementPlan, SupervisionOnRelease
from court.selectors import resettlement as selectors
from court.services import resettlement as services
from intelligence.models import InformationRequest, RequestType, SensitiveContext
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent
from yjs.working_days import add_working_days, subtract_working_days

from .factories_resettlement import *  # noqa: F403 (the fixtures)
from .factories_resettlement import (
    PLAN_ANSWERS,
    TODAY,
    CustodySpellFactory,
    ResettlementPlanFactory,
    days_ago,
    spell_values,
)

pytestmark = pytest.mark.django_db


def complete_answers(plan: ResettlementPlan, by) -> ResettlementPlan:
    return services.resettlement_plan_update(plan=plan, by=by, **PLAN_ANSWERS)


def errors_of(caught) -> dict:
    return caught.value.message_dict


# --- Recording a spell ------------------------------------------------------------------------------------


def test_a_spell_with_an_expected_release_has_its_plan_due_before_release(dto_case, case_worker):
    release_on = add_working_days(TODAY, 30)
    spell = services.custody_spell_record(case=dto_case, by=case_worker, **spell_values(release_on=release_on))
    plan = ResettlementPlan.objects.get(spell=spell)
    assert plan.due_on == rules.resettlement_plan_due(release_on) == subtract_working_days(release_on, 20)
    assert plan.completed_on is None and plan.notice is None
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(spell.pk)).exists()


def test_a_spell_without_an_expected_release_has_no_plan_yet(remand_case, case_worker):
    spell = services.custody_spell_record(
        case=remand_case,
        by=case_worker,
        **spell_values(release_on=None, supervision_on_release=SupervisionOnRelease.NONE, licence_conditions=""),
    )
    assert not ResettlementPlan.objects.filter(spell=spell).exists()


@pytest.mark.parametrize(
    "case_type", [CaseType.REFERRAL_ORDER, CaseType.YOUTH_REHABILITATION_ORDER, CaseType.PREVENTION]
)
def test_a_spell_is_refused_on_other_cases_with_a_reason(case_type, team_north, case_worker):
    case = CaseFactory(team=team_north, allocated_to=case_worker, created_by=case_worker, case_type=case_type)
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_record(case=case, by=case_worker, **spell_values())
    assert "detention and training order or a remand" in errors_of(caught)["case"][0]
    assert not CustodySpell.objects.exists()


def test_the_fields_are_required_with_their_messages(dto_case, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_record(
            case=dto_case,
            by=case_worker,
            establishment_type="",
            establishment="  ",
            custody_from=None,
            supervision_on_release="",
        )
    assert errors_of(caught) == {
        "establishment_type": ["Select the type of secure establishment"],
        "establishment": ["Enter the name of the secure establishment"],
        "custody_from": ["Enter the date custody started"],
        "supervision_on_release": ["Select the supervision on release"],
    }


def test_dates_in_order_and_custody_not_in_the_future(dto_case, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_record(
            case=dto_case, by=case_worker, **spell_values(custody_from=TODAY + datetime.timedelta(days=1))
        )
    assert errors_of(caught) == {"custody_from": ["The date custody started must be today or in the past"]}
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_record(
            case=dto_case, by=case_worker, **spell_values(custody_from=days_ago(5), release_on=days_ago(10))
        )
    assert "release_on" in errors_of(caught)


def test_a_remand_has_no_supervision_on_release(remand_case, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_record(case=remand_case, by=case_worker, **spell_values())
    assert set(errors_of(caught)) == {"supervision_on_release", "licence_conditions"}


def test_a_detention_and_training_order_is_followed_by_supervision(dto_case, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_record(
            case=dto_case, by=case_worker, **spell_values(supervision_on_release=SupervisionOnRelease.NONE)
        )
    assert "licence or notice of supervision" in errors_of(caught)["supervision_on_release"][0]


def test_one_spell_at_a_time(spell, dto_case, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_record(case=dto_case, by=case_worker, **spell_values())
    assert "still in custody" in errors_of(caught)["case"][0]
    services.custody_spell_release(spell=spell, by=case_worker, released_on=TODAY)
    again = services.custody_spell_record(case=dto_case, by=case_worker, **spell_values(custody_from=TODAY))
    assert again.resettlement_plan.due_on == rules.resettlement_plan_due(again.release_on)


@pytest.mark.parametrize("who", ["police_officer", "board_member", "head_of_service", "south_worker"])
def test_only_those_who_work_on_the_case_record_spells(who, request, dto_case):
    with pytest.raises(PermissionDenied):
        services.custody_spell_record(case=dto_case, by=request.getfixturevalue(who), **spell_values())


def test_a_closed_case_takes_no_spell(dto_case, case_worker):
    dto_case.status = "closed"
    dto_case.end_date = TODAY
    dto_case.save()
    with pytest.raises(PermissionDenied):
        services.custody_spell_record(case=dto_case, by=case_worker, **spell_values())


# --- Changing a spell and its release --------------------------------------------------------------------------


def test_a_new_release_date_moves_the_plan(spell, case_worker):
    later = add_working_days(spell.release_on, 15)
    services.custody_spell_update(spell=spell, by=case_worker, release_on=later)
    assert ResettlementPlan.objects.get(spell=spell).due_on == rules.resettlement_plan_due(later)


def test_a_completed_plan_keeps_its_due_date(spell, plan, case_worker):
    complete_answers(plan, case_worker)
    services.resettlement_plan_complete(plan=plan, by=case_worker)
    due = ResettlementPlan.objects.get(pk=plan.pk).due_on
    services.custody_spell_update(spell=spell, by=case_worker, release_on=add_working_days(spell.release_on, 15))
    assert ResettlementPlan.objects.get(pk=plan.pk).due_on == due


def test_a_release_date_given_later_makes_the_plan(remand_case, case_worker):
    spell = services.custody_spell_record(
        case=remand_case,
        by=case_worker,
        **spell_values(release_on=None, supervision_on_release=SupervisionOnRelease.NONE, licence_conditions=""),
    )
    release_on = add_working_days(TODAY, 25)
    services.custody_spell_update(spell=spell, by=case_worker, release_on=release_on)
    assert ResettlementPlan.objects.get(spell=spell).due_on == rules.resettlement_plan_due(release_on)


def test_an_update_changes_only_the_fields_given(spell, case_worker):
    services.custody_spell_update(spell=spell, by=case_worker, establishment="HMYOI Cookham Wood")
    spell.refresh_from_db()
    assert spell.establishment == "HMYOI Cookham Wood"
    assert spell.licence_conditions == spell_values()["licence_conditions"]


def test_the_release_date_is_not_erased_while_there_is_a_plan(spell, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_update(spell=spell, by=case_worker, release_on=None)
    assert "release_on" in errors_of(caught)


def test_an_unknown_field_is_refused(spell, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_update(spell=spell, by=case_worker, released_on=TODAY)
    assert errors_of(caught) == {"released_on": ["Unknown field"]}


def test_recording_the_release(spell, case_worker):
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_release(spell=spell, by=case_worker, released_on=TODAY + datetime.timedelta(days=1))
    assert errors_of(caught) == {"released_on": ["The date the child was released must be today or in the past"]}
    with pytest.raises(ValidationError) as caught:
        services.custody_spell_release(
            spell=spell, by=case_worker, released_on=spell.custody_from - datetime.timedelta(1)
        )
    assert "released_on" in errors_of(caught)
    with pytest.raises(ValidationError):
        services.custody_spell_release(spell=spell, by=case_worker, released_on=None)
    services.custody_spell_release(spell=spell, by=case_worker, released_on=TODAY)
    assert CustodySpell.objects.get(pk=spell.pk).released_on == TODAY
    with pytest.raises(ValidationError, match="already recorded"):
        services.custody_spell_release(spell=spell, by=case_worker, released_on=TODAY)


def test_the_release_is_recorded_by_those_who_work_on_the_case(spell, police_officer, head_of_service):
    for user in (police_officer, head_of_service):
        with pytest.raises(PermissionDenied):
            services.custody_spell_release(spell=spell, by=user, released_on=TODAY)


# --- The resettlement plan ---------------------------------------------------------------------------------------


def test_completing_needs_each_part_the_address_and_the_conditions(spell, plan, case_worker):
    services.custody_spell_update(spell=spell, by=case_worker, licence_conditions="")
    with pytest.raises(ValidationError) as caught:
        services.resettlement_plan_complete(plan=plan, by=case_worker)
    assert errors_of(caught) == {
        "accommodation": ["Enter the accommodation arrangements for release"],
        "education": ["Enter the education, training or employment arrangements for release"],
        "health": ["Enter the health arrangements for release"],
        "release_address": ["Enter the address the child will live at on release"],
        "licence_conditions": ["Enter the conditions of the notice of supervision on the custody spell"],
    }
    assert not InformationRequest.objects.exists()
    assert ResettlementPlan.objects.get(pk=plan.pk).completed_on is None


def test_a_remand_completes_without_licence_conditions(remand_case, case_worker):
    spell = services.custody_spell_record(
        case=remand_case,
        by=case_worker,
        **spell_values(supervision_on_release=SupervisionOnRelease.NONE, licence_conditions=""),
    )
    plan = complete_answers(spell.resettlement_plan, case_worker)
    plan = services.resettlement_plan_complete(plan=plan, by=case_worker)
    assert plan.completed_on == TODAY and "Conditions" not in plan.notice.what_requested


def test_completing_sends_the_police_area_its_notice_once(spell, plan, case_worker):
    complete_answers(plan, case_worker)
    plan = services.resettlement_plan_complete(plan=plan, by=case_worker)
    notice = InformationRequest.objects.get()
    assert plan.notice == notice and plan.completed_on == TODAY and plan.completed_by == case_worker
    assert notice.request_type == RequestType.RESETTLEMENT_NOTICE
    assert notice.child_id == spell.case.child_id and notice.case_id == spell.case_id
    assert notice.requested_by == case_worker and notice.sensitive_context == SensitiveContext.CHILD_IN_CUSTODY
    text = notice.what_requested
    for part in (f"{spell.release_on.day} {spell.release_on:%B %Y}", "HMYOI Wetherby", "12 Oak Street", "curfew 7pm"):
        assert part in text
    with pytest.raises(ValidationError, match="notice has been sent"):
        services.resettlement_plan_complete(plan=plan, by=case_worker)
    assert InformationRequest.objects.count() == 1


def test_a_completed_plan_is_final(plan, case_worker):
    complete_answers(plan, case_worker)
    services.resettlement_plan_complete(plan=plan, by=case_worker)
    with pytest.raises(ValidationError, match="no longer be changed"):
        services.resettlement_plan_update(plan=plan, by=case_worker, health="Changed")


def test_the_plan_is_written_by_those_who_work_on_the_case(plan, police_officer, head_of_service, south_worker):
    for user in (police_officer, head_of_service, south_worker):
        with pytest.raises(PermissionDenied):
            services.resettlement_plan_update(plan=plan, by=user, health="Seen by the GP")
        with pytest.raises(PermissionDenied):
            services.resettlement_plan_complete(plan=plan, by=user)


def test_saving_and_completing_is_all_or_nothing(plan, case_worker):
    with pytest.raises(ValidationError):
        services.resettlement_plan_save(plan=plan, by=case_worker, complete=True, accommodation="Home")
    assert ResettlementPlan.objects.get(pk=plan.pk).accommodation == ""
    services.resettlement_plan_save(plan=plan, by=case_worker, complete=True, **PLAN_ANSWERS)
    assert ResettlementPlan.objects.get(pk=plan.pk).completed_on == TODAY


def _plans_on_work(user) -> list:
    """The resettlement plans on the person's work (``court.work``: the list, and its tally)."""
    from court import work
    from yjs.work import WorkItem

    return [item for item in work.resettlement_plans_due(user=user, today=TODAY) if isinstance(item, WorkItem)]


# --- Acceptance 4 -----------------------------------------------------------------------------------------------------


def test_acceptance_4_overdue_plan_and_its_notice_to_the_police_officer(
    dto_case, case_worker, team_manager, police_officer, client, api_client
):
    """A detention and training order with release in 10 working days and no completed resettlement plan
    is overdue; completing the plan creates a resettlement_notice request the police officer sees."""
    release_on = add_working_days(TODAY, 10)
    spell = services.custody_spell_record(case=dto_case, by=case_worker, **spell_values(release_on=release_on))
    plan = spell.resettlement_plan
    assert plan.due_on < TODAY
    assert [(item.case_id, item.overdue(TODAY)) for item in _plans_on_work(team_manager)] == [(dto_case.pk, True)]

    client.force_login(team_manager)
    page = client.get(reverse("court:resettlement_list")).content.decode()
    assert "Casey Custody" in page and "Overdue" in page

    complete_answers(plan, case_worker)
    plan = services.resettlement_plan_complete(plan=plan, by=case_worker)
    assert _plans_on_work(team_manager) == []

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=police_officer)}")
    answer = api_client.get("/api/v1/intelligence/requests/", {"case": dto_case.pk})
    assert answer.status_code == 200
    [row] = answer.json()["results"]
    assert row["request_type"] == "resettlement_notice" and row["id"] == plan.notice_id
    assert "12 Oak Street" in row["what_requested"] and row["status"] == "open"


# --- Selectors for the lists ----------------------------------------------------------------


def test_own_cases(dto_case, south_dto_case, team_north, case_worker, team_manager, head_of_service):
    other = CaseFactory(team=team_north, created_by=team_manager, case_type=CaseType.REMAND)
    assert set(selectors.own_cases(case_worker)) == {dto_case}
    assert set(selectors.own_cases(team_manager)) == {dto_case, other}
    assert set(selectors.own_cases(head_of_service)) >= {dto_case, other, south_dto_case}


def test_children_in_custody_the_overdue_first(dto_case, remand_case, case_worker):
    soon = CustodySpellFactory(case=dto_case, recorded_by=case_worker, release_on=TODAY + datetime.timedelta(days=60))
    ResettlementPlanFactory(spell=soon)
    overdue = CustodySpellFactory(case=dto_case, recorded_by=case_worker, release_on=add_working_days(TODAY, 5))
    ResettlementPlanFactory(spell=overdue)
    unknown = CustodySpellFactory(
        case=remand_case, recorded_by=case_worker, release_on=None, supervision_on_release="none", licence_conditions=""
    )
    CustodySpellFactory(case=dto_case, recorded_by=case_worker, released_on=days_ago(1), custody_from=days_ago(70))
    rows = selectors.in_custody_rows(list(selectors.children_in_custody(user=case_worker, today=timezone.localdate())))
    assert [row.spell for row in rows] == [overdue, soon, unknown]
    assert [row.state for row in rows] == ["Overdue", "Not completed", "No expected release date"]


def test_reading_a_restricted_cases_spells_is_audited(team_north, team_manager):
    case = CaseFactory(
        team=team_north, restricted=True, created_by=team_manager, case_type=CaseType.DETENTION_AND_TRAINING_ORDER
    )
    spell = CustodySpellFactory(case=case, recorded_by=team_manager)
    assert services.custody_records_viewed(records=[spell], user=team_manager, via="test") == 1
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(case.pk)).count() == 1
