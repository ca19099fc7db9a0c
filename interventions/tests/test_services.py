"""The interventions services: each rule, who may not, and field errors that change nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseStatus
from cases.tests.factories import VictimFactory
from interventions.models import Intervention, InterventionReferral, ReparationSession
from interventions.services import catalogue, referrals, reparation, victims
from yjs.models import AuditAction, AuditEvent

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def errors_of(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    return raised.value.message_dict


# --- The catalogue ------------------------------------------------------------------------------------------


def test_managers_keep_the_catalogue_and_case_workers_may_not(team_manager, case_worker, head_of_service):
    added = catalogue.intervention_add(
        by=head_of_service, name=" Compass ", intervention_type="substance_misuse", provider="CGL"
    )
    assert added.name == "Compass" and added.active
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(added.pk)).exists()
    with pytest.raises(PermissionDenied):
        catalogue.intervention_add(by=case_worker, name="X", intervention_type="other", provider="YJS")
    catalogue.intervention_update(intervention=added, by=team_manager, active=False)
    added.refresh_from_db()
    assert not added.active and Intervention.objects.filter(pk=added.pk).exists()


def test_the_catalogue_refuses_a_second_of_the_same_name_and_provider(programme, team_manager):
    found = errors_of(
        catalogue.intervention_add, by=team_manager, name="knife crime awareness", intervention_type="weapons",
        provider="yjs",
    )  # fmt: skip
    assert "already" in found["name"][0]
    found = errors_of(catalogue.intervention_add, by=team_manager, name="", intervention_type="bad", provider="")
    assert set(found) == {"name", "intervention_type", "provider"}
    found = errors_of(catalogue.intervention_update, intervention=programme, by=team_manager, sessions=0)
    assert set(found) == {"sessions"}
    programme.refresh_from_db()
    assert programme.sessions == 6


# --- Referrals ---------------------------------------------------------------------------------------------


def test_a_referral_is_made_started_and_ended(north_case, programme, case_worker):
    referral = referrals.referral_make(
        case=north_case, by=case_worker, intervention=programme, referred_on=days_ago(20), reason="Knife offence"
    )
    referrals.referral_update(
        referral=referral, by=case_worker, started_on=days_ago(14), sessions_offered=3, sessions_attended=2
    )
    referrals.referral_end(
        referral=referral, by=case_worker, ended_on=days_ago(1), outcome="completed", sessions_offered=6,
        sessions_attended=6,
    )  # fmt: skip
    referral.refresh_from_db()
    assert (referral.outcome, referral.ended_on, referral.sessions_attended) == ("completed", days_ago(1), 6)
    assert AuditEvent.objects.filter(object_id=str(referral.pk), action=AuditAction.UPDATE).count() == 2


def test_an_inactive_intervention_takes_no_referral(north_case, programme, case_worker, team_manager):
    catalogue.intervention_update(intervention=programme, by=team_manager, active=False)
    found = errors_of(
        referrals.referral_make, case=north_case, by=case_worker, intervention=programme, referred_on=TODAY
    )
    assert found == {"intervention": ["Select an intervention that is in use"]}


def test_sessions_attended_cannot_be_more_than_offered(north_case, programme, case_worker):
    referral = referrals.referral_make(case=north_case, by=case_worker, intervention=programme, referred_on=days_ago(9))
    found = errors_of(
        referrals.referral_update, referral=referral, by=case_worker, started_on=days_ago(8), sessions_offered=2,
        sessions_attended=3,
    )  # fmt: skip
    assert found == {"sessions_attended": ["The sessions attended cannot be more than the sessions offered"]}
    referral.refresh_from_db()
    assert referral.started_on is None and referral.sessions_attended == 0


def test_dates_are_checked(north_case, programme, case_worker):
    found = errors_of(
        referrals.referral_make, case=north_case, by=case_worker, intervention=programme,
        referred_on=TODAY + __import__("datetime").timedelta(days=1),
    )  # fmt: skip
    assert "referred_on" in found
    referral = referrals.referral_make(case=north_case, by=case_worker, intervention=programme, referred_on=days_ago(9))
    found = errors_of(referrals.referral_update, referral=referral, by=case_worker, started_on=days_ago(10))
    assert "started_on" in found
    found = errors_of(
        referrals.referral_end, referral=referral, by=case_worker, ended_on=days_ago(1), outcome="completed"
    )
    assert "outcome" in found  # completed needs a start
    found = errors_of(
        referrals.referral_end, referral=referral, by=case_worker, ended_on=days_ago(10), outcome="withdrawn"
    )
    assert "ended_on" in found


def test_a_start_is_never_erased_and_an_ended_referral_not_changed(north_case, programme, case_worker):
    referral = referrals.referral_make(case=north_case, by=case_worker, intervention=programme, referred_on=days_ago(9))
    referrals.referral_update(referral=referral, by=case_worker, started_on=days_ago(8))
    assert "started_on" in errors_of(referrals.referral_update, referral=referral, by=case_worker, started_on=None)
    referrals.referral_end(referral=referral, by=case_worker, ended_on=days_ago(1), outcome="not_completed")
    with pytest.raises(ValidationError):
        referrals.referral_update(referral=referral, by=case_worker, sessions_offered=3)
    assert "ended_on" in errors_of(
        referrals.referral_end, referral=referral, by=case_worker, ended_on=TODAY, outcome="completed"
    )


def test_who_may_record_referrals(north_case, programme, case_worker, south_worker, victim_worker, victim):
    for user in (south_worker, victim_worker):
        with pytest.raises(PermissionDenied):
            referrals.referral_make(case=north_case, by=user, intervention=programme, referred_on=TODAY)
    north_case.status = CaseStatus.CLOSED
    north_case.save()
    with pytest.raises(PermissionDenied):
        referrals.referral_make(case=north_case, by=case_worker, intervention=programme, referred_on=TODAY)
    assert not InterventionReferral.objects.exists()


# --- Reparation --------------------------------------------------------------------------------------------


def test_reparation_hours_are_the_sessions_sum_and_complete_the_placement(north_case, case_worker):
    placement = reparation.reparation_placement_add(
        case=north_case, by=case_worker, placement="Community garden", hours_ordered=5, started_on=days_ago(20)
    )
    reparation.reparation_session_record(
        placement=placement, by=case_worker, done_on=days_ago(14), hours=Decimal("2.5")
    )
    found = errors_of(
        reparation.reparation_session_record, placement=placement, by=case_worker, done_on=days_ago(7), hours=Decimal(3)
    )
    assert found == {"hours": ["Enter no more than the 2.5 hours remaining of the hours ordered"]}
    placement.refresh_from_db()
    assert placement.completed_on is None and reparation.hours_done(placement) == Decimal("2.5")
    reparation.reparation_session_record(placement=placement, by=case_worker, done_on=days_ago(7), hours=Decimal("2.5"))
    placement.refresh_from_db()
    assert placement.completed_on == days_ago(7)
    found = errors_of(
        reparation.reparation_session_record, placement=placement, by=case_worker, done_on=TODAY, hours=Decimal(1)
    )
    assert "hours" in found and ReparationSession.objects.count() == 2


def test_a_placement_is_not_ordered_below_its_hours_done_and_reopens_when_raised(north_case, case_worker):
    placement = reparation.reparation_placement_add(
        case=north_case, by=case_worker, placement="Food bank", hours_ordered=2, started_on=days_ago(20)
    )
    reparation.reparation_session_record(placement=placement, by=case_worker, done_on=days_ago(10), hours=Decimal(2))
    assert "hours_ordered" in errors_of(
        reparation.reparation_placement_update, placement=placement, by=case_worker, hours_ordered=1
    )
    assert "started_on" in errors_of(
        reparation.reparation_placement_update, placement=placement, by=case_worker, started_on=days_ago(5)
    )
    reparation.reparation_placement_update(placement=placement, by=case_worker, hours_ordered=4)
    placement.refresh_from_db()
    assert placement.completed_on is None


def test_a_session_before_the_placement_or_in_the_future_is_refused(north_case, case_worker, south_worker):
    placement = reparation.reparation_placement_add(
        case=north_case, by=case_worker, placement="Food bank", hours_ordered=4, started_on=days_ago(20)
    )
    found = errors_of(
        reparation.reparation_session_record,
        placement=placement,
        by=case_worker,
        done_on=days_ago(21),
        hours=Decimal(1),
    )
    assert "done_on" in found
    found = errors_of(
        reparation.reparation_session_record, placement=placement, by=case_worker, done_on=TODAY, hours=Decimal(0)
    )
    assert "hours" in found
    with pytest.raises(PermissionDenied):
        reparation.reparation_session_record(placement=placement, by=south_worker, done_on=TODAY, hours=Decimal(1))


# --- Restorative justice and safety plans -------------------------------------------------------------------


def test_the_victim_worker_records_restorative_justice_with_a_victim_of_the_case(
    north_case, victim, victim_worker, south_case
):
    record = victims.restorative_justice_record(
        case=north_case, by=victim_worker, restorative_type="shuttle", victim_part="took_part", victim=victim,
        held_on=days_ago(2),
    )  # fmt: skip
    assert record.victim == victim
    other = VictimFactory(case=south_case)
    found = errors_of(
        victims.restorative_justice_record, case=north_case, by=victim_worker, restorative_type="letter",
        victim_part="declined", victim=other,
    )  # fmt: skip
    assert found == {"victim": ["Select a victim of this case"]}
    found = errors_of(victims.restorative_justice_update, record=record, by=victim_worker, restorative_type="phone")
    assert "restorative_type" in found
    assert "held_on" in errors_of(victims.restorative_justice_update, record=record, by=victim_worker, held_on=None)


def test_a_safety_plan_is_for_a_victim_of_the_case_reviewed_after_it_is_agreed(
    north_case, victim, case_worker, south_worker, south_case
):
    plan = victims.victim_safety_plan_record(
        case=north_case, by=case_worker, victim=victim, measures="No contact", agreed_on=days_ago(3),
        review_on=TODAY,
    )  # fmt: skip
    found = errors_of(victims.victim_safety_plan_update, plan=plan, by=case_worker, review_on=days_ago(4))
    assert "review_on" in found
    assert "review_on" in errors_of(victims.victim_safety_plan_update, plan=plan, by=case_worker, review_on=None)
    found = errors_of(
        victims.victim_safety_plan_record, case=north_case, by=case_worker, victim=None, measures=" ",
        agreed_on=days_ago(3),
    )  # fmt: skip
    assert set(found) == {"victim", "measures"}
    with pytest.raises(PermissionDenied):
        victims.victim_safety_plan_record(
            case=north_case, by=south_worker, victim=victim, measures="x", agreed_on=days_ago(3)
        )
    assert "victim" in errors_of(
        victims.victim_safety_plan_update, plan=plan, by=case_worker, victim=VictimFactory(case=south_case)
    )
