"""The rules the case services enforce. Data is built through the services themselves."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import services
from cases.models import (
    Assessment,
    AssessmentType,
    Attendance,
    CaseStatus,
    CaseType,
    ChildSearchKey,
    EnforcementStep,
    Flag,
    FlagType,
    Level,
    Review,
    ReviewTrigger,
    TransitionDecision,
    VictimContactDetails,
)
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

RATINGS = {
    "likelihood_of_reoffending": Level.MEDIUM,
    "risk_of_serious_harm": Level.HIGH,
    "safety_and_wellbeing": Level.LOW,
}


@pytest.fixture
def victim_worker(team_north, team_south):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north, team_south])


@pytest.fixture
def manager_south(team_south):
    return UserFactory(username="manager-south", roles=[Role.TEAM_MANAGER], teams=[team_south])


@pytest.fixture
def child(case_worker):
    return services.child_create(
        by=case_worker, surname="Smith", forenames="John", date_of_birth=date(2011, 3, 14), known_to_yjs=False
    )


@pytest.fixture
def case(child, case_worker, team_north):
    return services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_north,
        start_date=date(2026, 3, 30),
        allocated_to=case_worker,
    )


@pytest.fixture
def assessment(case):
    return case.assessments.get()


@pytest.fixture
def completed_assessment(assessment, case_worker):
    return services.assessment_record(
        assessment=assessment, by=case_worker, completed_date=date(2026, 4, 20), **RATINGS
    )


def audit_actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Children --------------------------------------------------------------------


def test_child_create_stores_search_keys_and_audits(child, case_worker):
    keys = set(ChildSearchKey.objects.filter(child=child).values_list("key", flat=True))
    assert {"e:smith", "e:john", "d:smth"} <= keys
    assert audit_actions(child) == [AuditAction.CREATE]


def test_child_create_refuses_a_future_date_of_birth(case_worker):
    with pytest.raises(ValidationError) as error:
        services.child_create(
            by=case_worker, surname="Smith", forenames="Jo", date_of_birth=timezone.localdate() + timedelta(days=1)
        )
    assert "date_of_birth" in error.value.message_dict


def test_police_cannot_create_a_child(police_officer):
    with pytest.raises(PermissionDenied):
        services.child_create(by=police_officer, surname="Smith", forenames="Jo", date_of_birth=date(2011, 1, 1))


def test_renaming_a_child_replaces_its_search_keys(child, case_worker):
    services.child_update(child=child, by=case_worker, surname="Jones")
    keys = set(ChildSearchKey.objects.filter(child=child).values_list("key", flat=True))
    assert "e:jones" in keys
    assert "e:smith" not in keys
    event = AuditEvent.objects.filter(object_id=str(child.pk), action=AuditAction.UPDATE).get()
    assert event.detail == {"surname": ["Smith", "Jones"]}


def test_an_alias_becomes_searchable(child, case_worker):
    services.child_alias_add(child=child, by=case_worker, surname="Brown", forenames="Jonny")
    keys = set(ChildSearchKey.objects.filter(child=child).values_list("key", flat=True))
    assert {"e:brown", "e:jonny", "e:smith"} <= keys


# --- Opening a case and its first assessment -------------------------------------------


def test_case_open_creates_the_first_assessment_due_15_working_days_later(case, child):
    # 30 March 2026 + 15 working days, skipping Good Friday and Easter Monday.
    first = case.assessments.get()
    assert first.due_date == date(2026, 4, 22)
    assert first.assessment_type == AssessmentType.ASSET_PLUS
    assert first.completed_date is None
    assert case.status == CaseStatus.OPEN
    child.refresh_from_db()
    assert child.known_to_yjs is True
    assert audit_actions(case) == [AuditAction.CREATE]


def test_the_assessment_due_period_is_a_setting(settings, child, case_worker, team_north):
    settings.ASSESSMENT_DUE_WORKING_DAYS = 1
    case = services.case_open(
        child=child, by=case_worker, case_type=CaseType.DIVERSION, team=team_north, start_date=date(2026, 4, 2)
    )
    first = case.assessments.get()
    assert first.due_date == date(2026, 4, 7)  # after Good Friday and Easter Monday
    assert first.assessment_type == AssessmentType.DIVERSION


def test_a_case_starting_before_christmas_skips_the_bank_holidays(child, case_worker, team_north):
    case = services.case_open(
        child=child, by=case_worker, case_type=CaseType.PREVENTION, team=team_north, start_date=date(2026, 12, 17)
    )
    # 15 working days, skipping 25 and 28 December 2026 and 1 January 2027.
    assert case.assessments.get().due_date == date(2027, 1, 12)


@pytest.mark.parametrize(
    ("case_type", "assessment_type"),
    [
        (CaseType.PREVENTION, AssessmentType.PREVENTION),
        (CaseType.DIVERSION, AssessmentType.DIVERSION),
        (CaseType.YOUTH_REHABILITATION_ORDER, AssessmentType.ASSET_PLUS),
        (CaseType.BAIL_SUPPORT, AssessmentType.ASSET_PLUS),
    ],
)
def test_the_first_assessment_type_follows_the_case_type(child, case_worker, team_north, case_type, assessment_type):
    case = services.case_open(
        child=child, by=case_worker, case_type=case_type, team=team_north, start_date=date(2026, 11, 2)
    )
    assert case.assessments.get().assessment_type == assessment_type


def test_case_open_records_offences(child, case_worker, team_north):
    case = services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_north,
        start_date=date(2026, 11, 2),
        offences=[{"offence_date": date(2026, 9, 1), "description": "Theft from a shop", "gravity_score": 2}],
    )
    assert list(case.offences.values_list("description", flat=True)) == ["Theft from a shop"]


def test_case_open_refuses_a_gravity_score_outside_1_to_5(child, case_worker, team_north):
    with pytest.raises(ValidationError):
        services.case_open(
            child=child,
            by=case_worker,
            case_type=CaseType.REFERRAL_ORDER,
            team=team_north,
            start_date=date(2026, 11, 2),
            offences=[{"offence_date": date(2026, 9, 1), "description": "Theft", "gravity_score": 6}],
        )


def test_a_case_worker_opens_cases_only_for_their_own_team(child, case_worker, team_south):
    with pytest.raises(PermissionDenied):
        services.case_open(
            child=child, by=case_worker, case_type=CaseType.PREVENTION, team=team_south, start_date=date(2026, 11, 2)
        )


def test_a_case_is_allocated_within_its_team(child, case_worker, team_north, team_south):
    outsider = UserFactory(roles=[Role.CASE_WORKER], teams=[team_south])
    with pytest.raises(ValidationError):
        services.case_open(
            child=child,
            by=case_worker,
            case_type=CaseType.PREVENTION,
            team=team_north,
            start_date=date(2026, 11, 2),
            allocated_to=outsider,
        )


def test_police_cannot_open_a_case(child, police_officer, team_north):
    with pytest.raises(PermissionDenied):
        services.case_open(
            child=child, by=police_officer, case_type=CaseType.PREVENTION, team=team_north, start_date=date(2026, 1, 5)
        )


# --- Managing a case -------------------------------------------------------------------


def test_only_a_manager_of_the_team_allocates(case, case_worker, team_manager, manager_south, team_north):
    colleague = UserFactory(roles=[Role.CASE_WORKER], teams=[team_north])
    with pytest.raises(PermissionDenied):
        services.case_allocate(case=case, by=case_worker, to=colleague)
    with pytest.raises(PermissionDenied):
        services.case_allocate(case=case, by=manager_south, to=colleague)
    services.case_allocate(case=case, by=team_manager, to=colleague)
    case.refresh_from_db()
    assert case.allocated_to == colleague


def test_a_case_cannot_be_allocated_outside_its_team(case, team_manager, team_south):
    with pytest.raises(ValidationError):
        services.case_allocate(case=case, by=team_manager, to=UserFactory(roles=[Role.CASE_WORKER], teams=[team_south]))


def test_restricting_a_case_is_audited_once(case, team_manager):
    services.case_set_restricted(case=case, by=team_manager, restricted=True)
    services.case_set_restricted(case=case, by=team_manager, restricted=True)
    case.refresh_from_db()
    assert case.restricted is True
    assert audit_actions(case) == [AuditAction.CREATE, AuditAction.UPDATE]


def test_closing_a_case_needs_a_reason_and_a_sensible_date(case, team_manager):
    with pytest.raises(ValidationError):
        services.case_close(case=case, by=team_manager, end_date=date(2026, 9, 1), reason="  ")
    with pytest.raises(ValidationError):
        services.case_close(case=case, by=team_manager, end_date=date(2026, 3, 1), reason="Order complete")
    services.case_close(case=case, by=team_manager, end_date=date(2026, 9, 1), reason="Order complete")
    case.refresh_from_db()
    assert (case.status, case.end_date) == (CaseStatus.CLOSED, date(2026, 9, 1))


def test_no_work_is_recorded_on_a_closed_case(case, case_worker, team_manager):
    services.case_close(case=case, by=team_manager, end_date=date(2026, 9, 1), reason="Order complete")
    with pytest.raises(PermissionDenied):
        services.contact_record(
            case=case, by=case_worker, contact_type="office", scheduled_at=timezone.now(), attendance="attended"
        )


# --- Assessments -----------------------------------------------------------------------


def test_completing_an_assessment_needs_the_three_ratings(assessment, case_worker):
    with pytest.raises(ValidationError) as error:
        services.assessment_record(
            assessment=assessment, by=case_worker, completed_date=date(2026, 11, 2), likelihood_of_reoffending="low"
        )
    assert set(error.value.message_dict) == {"risk_of_serious_harm", "safety_and_wellbeing"}
    assessment.refresh_from_db()
    assert assessment.completed_date is None


def test_an_assessment_cannot_be_completed_in_the_future(assessment, case_worker):
    with pytest.raises(ValidationError) as error:
        services.assessment_record(
            assessment=assessment,
            by=case_worker,
            completed_date=timezone.localdate() + timedelta(days=1),
            **RATINGS,
        )
    assert "completed_date" in error.value.message_dict


def test_completing_an_assessment_records_who_and_audits(completed_assessment, case_worker):
    completed_assessment.refresh_from_db()
    assert completed_assessment.completed_by == case_worker
    assert completed_assessment.risk_of_serious_harm == Level.HIGH
    event = AuditEvent.objects.filter(object_id=str(completed_assessment.pk), action=AuditAction.UPDATE).get()
    assert event.detail["risk_of_serious_harm"] == ["", "high"]
    assert "completed_date" in event.detail


def test_likelihood_of_reoffending_has_no_very_high(assessment, case_worker):
    with pytest.raises(ValidationError):
        services.assessment_record(assessment=assessment, by=case_worker, likelihood_of_reoffending="very_high")


def test_a_case_worker_cannot_countersign(completed_assessment, case_worker):
    with pytest.raises(PermissionDenied):
        services.assessment_countersign(assessment=completed_assessment, by=case_worker)
    completed_assessment.refresh_from_db()
    assert completed_assessment.countersigned_at is None


def test_a_manager_cannot_countersign_their_own_assessment(assessment, team_manager):
    services.assessment_record(assessment=assessment, by=team_manager, completed_date=date(2026, 4, 20), **RATINGS)
    with pytest.raises(PermissionDenied):
        services.assessment_countersign(assessment=assessment, by=team_manager)
    assessment.refresh_from_db()
    assert assessment.countersigned_at is None


def test_a_manager_of_another_team_cannot_countersign(completed_assessment, manager_south):
    with pytest.raises(PermissionDenied):
        services.assessment_countersign(assessment=completed_assessment, by=manager_south)


def test_an_assessment_must_be_completed_before_countersigning(assessment, team_manager):
    with pytest.raises(ValidationError):
        services.assessment_countersign(assessment=assessment, by=team_manager)
    assessment.refresh_from_db()
    assert assessment.countersigned_at is None


def test_the_database_refuses_countersigning_an_incomplete_assessment(assessment, team_manager):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(
            countersigned_at=timezone.now(), countersigned_by=team_manager
        )


def test_a_manager_countersigns_a_completed_assessment(completed_assessment, team_manager):
    signed = services.assessment_countersign(assessment=completed_assessment, by=team_manager)
    assert signed.countersigned_by == team_manager
    assert signed.countersigned_at is not None
    with pytest.raises(ValidationError):
        services.assessment_countersign(assessment=signed, by=team_manager)
    assert audit_actions(signed).count(AuditAction.UPDATE) == 2  # completed, then countersigned


def test_a_countersigned_assessment_cannot_be_edited(completed_assessment, team_manager, case_worker):
    signed = services.assessment_countersign(assessment=completed_assessment, by=team_manager)
    with pytest.raises(ValidationError):
        services.assessment_record(assessment=signed, by=case_worker, summary="Changed afterwards")
    signed.refresh_from_db()
    assert signed.summary == ""


def test_a_countersigned_assessment_cannot_be_edited_through_a_stale_copy(
    completed_assessment, team_manager, case_worker
):
    stale = Assessment.objects.get(pk=completed_assessment.pk)
    services.assessment_countersign(assessment=completed_assessment, by=team_manager)
    with pytest.raises(ValidationError):
        services.assessment_record(assessment=stale, by=case_worker, risk_of_serious_harm=Level.LOW)
    stale.refresh_from_db()
    assert stale.risk_of_serious_harm == Level.HIGH
    assert stale.countersigned_at is not None


# --- Plans -----------------------------------------------------------------------------


def target(**overrides):
    return {
        "what": "Go to college three days a week",
        "who": "Me and my mum",
        "by_when": date(2027, 2, 1),
        "how_i_will_know": "My attendance letter",
    } | overrides


def test_a_plan_needs_targets_written_with_the_child(case, case_worker):
    with pytest.raises(ValidationError):
        services.plan_write(case=case, by=case_worker, targets=[])


def test_a_bad_target_names_its_position_and_writes_nothing(case, case_worker):
    with pytest.raises(ValidationError) as error:
        services.plan_write(case=case, by=case_worker, targets=[target(), target(who="")])
    assert "targets[2].who" in error.value.message_dict
    assert not case.plans.exists()


def test_a_plan_is_countersigned_by_a_manager_not_its_author(case, case_worker, team_manager):
    plan = services.plan_write(case=case, by=case_worker, targets=[target(), target(what="Stay out of town")])
    assert plan.targets.count() == 2
    with pytest.raises(PermissionDenied):
        services.plan_countersign(plan=plan, by=case_worker)
    own = services.plan_write(case=case, by=team_manager, targets=[target()])
    with pytest.raises(PermissionDenied):
        services.plan_countersign(plan=own, by=team_manager)
    signed = services.plan_countersign(plan=plan, by=team_manager)
    assert signed.countersigned_by == team_manager


# --- Reviews and significant events -----------------------------------------------------


def test_a_significant_event_opens_a_review_task(case, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 23))
    review = services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_ARREST, detail="Arrested 22/12")
    assert review.case == case
    assert review.trigger == ReviewTrigger.NEW_ARREST
    assert review.trigger_detail == "Arrested 22/12"
    assert review.completed_date is None
    # 5 working days from Wednesday 23 December 2026: 24, 29, 30, 31 December, 4 January.
    assert review.due_date == date(2027, 1, 4)
    event = AuditEvent.objects.get(object_id=str(review.pk), content_type__model="review")
    assert event.actor is None
    assert event.detail == {"trigger": "new_arrest"}


def test_a_scheduled_review_is_not_a_significant_event(case):
    with pytest.raises(ValueError, match="significant"):
        services.significant_event_record(case=case, trigger=ReviewTrigger.SCHEDULED, detail="")
    assert not Review.objects.exists()


def test_completing_a_review_needs_an_outcome(case, case_worker):
    review = services.review_schedule(
        case=case, by=case_worker, trigger=ReviewTrigger.SCHEDULED, due_date=date(2026, 7, 1)
    )
    with pytest.raises(ValidationError):
        services.review_complete(review=review, by=case_worker, outcome=" ")
    services.review_complete(review=review, by=case_worker, outcome="Risk unchanged", completed_date=date(2026, 6, 24))
    review.refresh_from_db()
    assert (review.completed_date, review.completed_by) == (date(2026, 6, 24), case_worker)
    with pytest.raises(ValidationError):
        services.review_complete(review=review, by=case_worker, outcome="Again")


# --- Contacts ----------------------------------------------------------------------------


def test_an_enforcement_step_follows_only_a_missed_appointment(case, case_worker):
    with pytest.raises(ValidationError):
        services.contact_record(
            case=case,
            by=case_worker,
            contact_type="office",
            scheduled_at=timezone.now(),
            attendance=Attendance.ATTENDED,
            enforcement_step=EnforcementStep.WARNING,
        )
    contact = services.contact_record(
        case=case,
        by=case_worker,
        contact_type="home_visit",
        scheduled_at=timezone.now(),
        attendance=Attendance.DID_NOT_ATTEND,
        enforcement_step=EnforcementStep.WARNING,
    )
    assert contact.recorded_by == case_worker


# --- Victims -----------------------------------------------------------------------------


def test_a_case_worker_records_a_victim_but_not_their_contact_details(case, case_worker):
    with pytest.raises(PermissionDenied):
        services.victim_add(
            case=case, by=case_worker, display_name="Victim A", contact_details={"full_name": "Ann Other"}
        )
    victim = services.victim_add(case=case, by=case_worker, display_name="Victim A", wishes="An apology")
    assert not VictimContactDetails.objects.exists()
    with pytest.raises(PermissionDenied):
        services.victim_update(victim=victim, by=case_worker, contact_details={"phone": "07700 900001"})


def test_only_a_victim_worker_reads_contact_details_and_each_read_is_audited(case, case_worker, victim_worker):
    victim = services.victim_add(case=case, by=case_worker, display_name="Victim A")
    services.victim_update(
        victim=victim,
        by=victim_worker,
        contact_details={"full_name": "Ann Other", "phone": "07700 900001", "address": "1 High St"},
        consent_to_share=True,
    )
    # The update's audit entry says the details changed, never what they are.
    update = AuditEvent.objects.get(object_id=str(victim.pk), action=AuditAction.UPDATE)
    assert "07700" not in str(update.detail)

    with pytest.raises(PermissionDenied):
        services.victim_contact_details_view(victim=victim, by=case_worker)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()

    details = services.victim_contact_details_view(victim=victim, by=victim_worker)
    assert details.phone == "07700 900001"
    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE)
    assert event.actor == victim_worker
    assert (event.content_type.model, event.object_id) == ("victim", str(victim.pk))


def test_a_victim_worker_of_another_team_cannot_read_details(case, case_worker, team_south):
    victim = services.victim_add(case=case, by=case_worker, display_name="Victim A")
    outsider = UserFactory(roles=[Role.VICTIM_WORKER], teams=[team_south])
    with pytest.raises(PermissionDenied):
        services.victim_contact_details_view(victim=victim, by=outsider)


def test_police_cannot_add_a_victim(case, police_officer):
    with pytest.raises(PermissionDenied):
        services.victim_add(case=case, by=police_officer, display_name="Victim B")


# --- Flags -------------------------------------------------------------------------------


def test_flags_are_raised_and_removed_with_a_reason(child, case_worker, police_officer):
    flag = services.flag_raise(child=child, by=police_officer, flag_type=FlagType.WEAPONS, note="Knife found")
    assert flag.raised_by == police_officer
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as error:
            services.flag_remove(flag=flag, by=case_worker, reason=reason)
        assert "removal_reason" in error.value.message_dict
    flag.refresh_from_db()
    assert flag.is_active

    services.flag_remove(flag=flag, by=case_worker, reason="Risk reviewed at meeting")
    flag.refresh_from_db()
    assert (flag.removed_by, flag.removal_reason) == (case_worker, "Risk reviewed at meeting")
    with pytest.raises(ValidationError):
        services.flag_remove(flag=flag, by=case_worker, reason="Twice")


def test_the_database_refuses_removing_a_flag_without_a_reason(child, case_worker):
    flag = services.flag_raise(child=child, by=case_worker, flag_type=FlagType.MAPPA)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.filter(pk=flag.pk).update(removed_at=timezone.now(), removed_by=case_worker)
    flag.refresh_from_db()
    assert flag.removed_at is None


def test_a_flag_on_a_case_belongs_to_the_same_child(case, case_worker):
    other = services.child_create(by=case_worker, surname="Jones", forenames="Amy", date_of_birth=date(2012, 5, 1))
    with pytest.raises(ValidationError):
        services.flag_raise(child=other, by=case_worker, flag_type=FlagType.WEAPONS, case=case)


def test_a_board_member_cannot_raise_a_flag(child, board_member):
    with pytest.raises(PermissionDenied):
        services.flag_raise(child=child, by=board_member, flag_type=FlagType.WEAPONS)


# --- Transitions and transfers -----------------------------------------------------------------


def test_a_transition_decision_needs_a_reason_and_a_manager(case, case_worker, team_manager):
    with pytest.raises(PermissionDenied):
        services.transition_decide(case=case, by=case_worker, decision=TransitionDecision.RETAIN, reason="Nearly done")
    with pytest.raises(ValidationError):
        services.transition_decide(case=case, by=team_manager, decision=TransitionDecision.RETAIN, reason=" ")
    transition = services.transition_decide(
        case=case, by=team_manager, decision=TransitionDecision.TRANSFER_TO_PROBATION, reason="Long order remaining"
    )
    assert transition.case == case


def test_accepting_a_transfer_closes_the_case_as_transferred(case, case_worker, team_manager):
    transfer = services.case_transfer_request(
        case=case, by=team_manager, home_service="Leeds YJS", host_service="Bradford YJS", reason="Moved to Bradford"
    )
    with pytest.raises(PermissionDenied):
        services.case_transfer_accept(
            transfer=transfer, by=case_worker, accepted_on=timezone.localdate(), accepted_by_name="J Bloggs"
        )
    with pytest.raises(ValidationError):
        services.case_transfer_accept(
            transfer=transfer, by=team_manager, accepted_on=timezone.localdate(), accepted_by_name=" "
        )
    with pytest.raises(ValidationError):
        services.case_transfer_accept(
            transfer=transfer,
            by=team_manager,
            accepted_on=timezone.localdate() - timedelta(days=1),
            accepted_by_name="J Bloggs",
        )
    services.case_transfer_accept(
        transfer=transfer, by=team_manager, accepted_on=timezone.localdate(), accepted_by_name="J Bloggs"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.TRANSFERRED
    assert case.end_date == timezone.localdate()
    assert case.closure_reason == "Transferred to Bradford YJS"
    transfer.refresh_from_db()
    assert transfer.accepted_by_name == "J Bloggs"


def test_a_transfer_is_accepted_only_once(case, team_manager):
    transfer = services.case_transfer_request(
        case=case, by=team_manager, home_service="Leeds YJS", host_service="Bradford YJS", reason="Moved"
    )
    today = timezone.localdate()
    services.case_transfer_accept(transfer=transfer, by=team_manager, accepted_on=today, accepted_by_name="J Bloggs")
    with pytest.raises(ValidationError):
        services.case_transfer_accept(
            transfer=transfer, by=team_manager, accepted_on=today + timedelta(days=3), accepted_by_name="Someone else"
        )
    transfer.refresh_from_db()
    assert (transfer.accepted_on, transfer.accepted_by_name) == (today, "J Bloggs")
