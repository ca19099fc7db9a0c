"""The rules of out-of-court disposals (DESIGN.md §3 "oocd"), through the services: each
rule refused with a field error, and nothing saved when it is."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseType
from cases.tests.factories import ChildFactory
from intelligence.models import RequestType
from oocd import selectors, services
from oocd.models import (
    Agency,
    Condition,
    ConditionFailure,
    ConditionStatus,
    Decision,
    Referral,
    ReferralSource,
    ScrutinyItem,
    ScrutinySample,
)
from oocd.tests.factories import (
    DecisionFactory,
    ReferralFactory,
    delivered_decision,
    outcome,
    pdf_upload,
    quorate_panel_via_services,
    referral_prepared,
    referral_via_services,
    years_old,
)
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def referral(police_officer, team_north):
    return referral_via_services(by=police_officer, team=team_north)


@pytest.fixture
def panel(team_manager, referral):
    return quorate_panel_via_services(by=team_manager, referrals=[referral])


def decide(referral, by, code="youth_caution", **kwargs):
    kwargs.setdefault("rationale", "Proportionate to a first offence")
    kwargs.setdefault("decided_on", LAST_WEEK)
    return services.decision_record(referral=referral, by=by, outcome=outcome(code), **kwargs)


def ycc_conditions(decided_on=LAST_WEEK, months=2):
    return [{"description": "Attend a victim awareness course", "end_date": decided_on + relativedelta(months=months)}]


def refused(error: pytest.ExceptionInfo, field: str) -> str:
    """The message on ``field`` of a refusal."""
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field][0]


# --- Referrals ----------------------------------------------------------------------------------------------


def test_a_referral_opens_a_diversion_case_and_asks_the_police_officer_for_research(police_officer, team_north):
    child = ChildFactory()

    referral = referral_via_services(by=police_officer, team=team_north, child=child)

    assert referral.case.case_type == CaseType.DIVERSION
    assert referral.case.team == team_north
    assert referral.case.offences.get().gravity_score == 3
    assert referral.research_request.request_type == RequestType.OOCD_RESEARCH
    assert referral.research_request.case == referral.case
    assert referral.source == ReferralSource.POLICE
    assert referral.previous_conviction is False
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(referral.pk)).exists()


def test_a_referral_of_a_child_with_a_court_order_is_flagged_as_a_previous_conviction(
    police_officer, team_manager, team_north
):
    child = ChildFactory()
    case_services.case_open(
        child=child, by=team_manager, case_type=CaseType.REFERRAL_ORDER, team=team_north, start_date=LAST_WEEK
    )

    referral = referral_via_services(by=police_officer, team=team_north, child=child)

    assert referral.previous_conviction is True


def test_a_referral_needs_an_officer_a_gravity_score_and_an_offence(police_officer, team_north):
    with pytest.raises(ValidationError) as error:
        referral_via_services(by=police_officer, team=team_north, referring_officer=" ", gravity_score=7, offences=[])

    assert set(error.value.message_dict) >= {"referring_officer", "gravity_score", "offences"}
    assert not Referral.objects.exists()
    assert not Case.objects.exists()


def test_a_case_worker_cannot_refer_a_child_of_another_team(south_worker, case_worker, team_north, team_south):
    north_child = referral_via_services(by=case_worker, team=team_north).child

    with pytest.raises(PermissionDenied):
        referral_via_services(by=south_worker, team=team_south, child=north_child)

    assert Referral.objects.count() == 1
    assert not Case.objects.filter(team=team_south).exists()


def test_the_board_cannot_refer(board_member, team_north):
    with pytest.raises(PermissionDenied):
        referral_via_services(by=board_member, team=team_north)


def test_victim_views_need_the_time_the_victim_was_contacted(referral, case_worker):
    with pytest.raises(ValidationError) as error:
        services.referral_views_record(referral=referral, by=case_worker, victim_views="Wants an apology")

    assert refused(error, "victim_contacted_at") == "Enter when the victim was contacted"
    referral.refresh_from_db()
    assert referral.victim_views == ""


def test_what_the_panel_needs_is_listed_until_it_is_all_recorded(referral, case_worker, police_officer):
    listed = selectors.referral_get(user=police_officer, referral_id=referral.pk)
    assert selectors.missing_before_panel(listed) == [
        "Diversion assessment",
        "Police research",
        "Victim's views, or why the victim was not contacted",
        "The child's views",
        "The parent or carer's views",
    ]
    assert selectors.referral_status(listed) == selectors.ReferralStatus.AWAITING_INFORMATION

    referral_prepared(referral, case_worker=case_worker, police=police_officer)

    listed = selectors.referral_get(user=police_officer, referral_id=referral.pk)
    assert selectors.missing_before_panel(listed) == []
    assert selectors.referral_status(listed) == selectors.ReferralStatus.READY


def test_views_are_not_recorded_after_the_decision(referral, police_officer, case_worker):
    decide(referral, police_officer)

    with pytest.raises(ValidationError):
        services.referral_views_record(referral=referral, by=case_worker, child_views="Changed my mind")


# --- Panels and quorum --------------------------------------------------------------------------------------


@pytest.mark.parametrize("present", [[Agency.YJS], [Agency.POLICE], [Agency.POLICE, Agency.EDUCATION], []])
def test_a_panel_decision_needs_the_police_and_the_yjs_present(referral, team_manager, present):
    panel = services.panel_create(by=team_manager, held_on=LAST_WEEK, referrals=[referral])
    for agency in present:
        services.panel_attendee_add(panel=panel, by=team_manager, name="A Person", agency=agency, role="Member")
    assert not services.panel_is_quorate(panel)

    with pytest.raises(ValidationError) as error:
        decide(referral, team_manager, panel=panel)

    assert refused(error, "panel") == "A decision needs both the police and the YJS present at the panel"
    assert not Decision.objects.exists()


def test_a_quorate_panel_decides(referral, team_manager, panel):
    decision = decide(referral, team_manager, panel=panel)

    assert decision.panel == panel
    assert decision.police_only is False
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(decision.pk)).exists()


def test_a_panel_decides_only_referrals_on_its_agenda(police_officer, team_north, team_manager, referral, panel):
    other = referral_via_services(by=police_officer, team=team_north)

    with pytest.raises(ValidationError) as error:
        decide(other, team_manager, panel=panel)

    assert refused(error, "panel") == "Add the referral to the panel's agenda first"


def test_a_police_only_decision_needs_a_police_officer(referral, team_manager):
    with pytest.raises(PermissionDenied):
        decide(referral, team_manager)
    assert not Decision.objects.exists()


def test_a_referral_is_decided_once(referral, police_officer):
    decide(referral, police_officer)

    with pytest.raises(ValidationError) as error:
        decide(referral, police_officer)

    assert "referral" in error.value.message_dict
    assert Decision.objects.count() == 1


def test_a_panel_agenda_takes_a_referral_once_and_never_a_decided_one(police_officer, team_north, team_manager):
    first, decided = (referral_via_services(by=police_officer, team=team_north) for _ in range(2))
    decide(decided, police_officer)

    panel = services.panel_create(by=team_manager, held_on=TODAY, referrals=[first, first])
    assert list(panel.items.values_list("referral", flat=True)) == [first.pk]
    with pytest.raises(ValidationError):
        services.panel_referral_add(panel=panel, by=team_manager, referral=first)
    with pytest.raises(ValidationError):
        services.panel_referral_add(panel=panel, by=team_manager, referral=decided)
    with pytest.raises(ValidationError):
        services.panel_create(by=team_manager, held_on=TODAY, referrals=[decided])


# --- Admission, conviction, gravity -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["community_resolution", "youth_caution", "youth_conditional_caution"])
def test_an_outcome_needing_an_admission_is_refused_without_one(police_officer, team_north, code):
    referral = referral_via_services(by=police_officer, team=team_north, admitted=False)
    conditions = ycc_conditions() if code == "youth_conditional_caution" else None

    with pytest.raises(ValidationError) as error:
        decide(referral, police_officer, code, conditions=conditions, departure_reason="Matrix adjusted")

    assert "needs the child to admit the offence" in refused(error, "outcome")
    assert not Decision.objects.exists()


@pytest.mark.parametrize("code", ["nfa", "outcome_21", "outcome_22", "charge"])
def test_other_outcomes_need_no_admission(police_officer, team_north, code):
    referral = referral_via_services(by=police_officer, team=team_north, admitted=False)

    decision = decide(referral, police_officer, code, departure_reason="Evidence and public interest")

    assert decision.outcome.code == code


def test_a_youth_conditional_caution_is_refused_when_the_referral_records_a_previous_conviction(
    police_officer, team_north
):
    referral = referral_via_services(by=police_officer, team=team_north, gravity_score=4, previous_conviction=True)

    with pytest.raises(ValidationError) as error:
        decide(referral, police_officer, "youth_conditional_caution", conditions=ycc_conditions())

    assert refused(error, "outcome") == (
        "A youth conditional caution is not available to a child with a previous conviction"
    )
    assert not Decision.objects.exists()
    assert not Condition.objects.exists()


def test_a_youth_conditional_caution_is_refused_to_a_child_with_a_court_order(police_officer, team_manager, team_north):
    # The referral was made before the conviction came to light: the child's court-order case decides.
    referral = referral_via_services(by=police_officer, team=team_north, gravity_score=4, previous_conviction=False)
    case_services.case_open(
        child=referral.child,
        by=team_manager,
        case_type=CaseType.YOUTH_REHABILITATION_ORDER,
        team=team_north,
        start_date=LAST_WEEK,
    )

    with pytest.raises(ValidationError) as error:
        decide(referral, police_officer, "youth_conditional_caution", conditions=ycc_conditions())

    assert "previous conviction" in refused(error, "outcome")
    assert not Decision.objects.exists()


def test_a_youth_caution_is_still_available_after_a_conviction(police_officer, team_north):
    referral = referral_via_services(by=police_officer, team=team_north, previous_conviction=True)

    assert decide(referral, police_officer, "youth_caution").pk


def test_departing_from_the_gravity_score_needs_a_reason(police_officer, team_north):
    referral = referral_via_services(by=police_officer, team=team_north, gravity_score=3)

    with pytest.raises(ValidationError) as error:
        decide(referral, police_officer, "community_resolution")

    assert refused(error, "departure_reason") == "Enter why the outcome departs from the gravity score of 3"
    assert not Decision.objects.exists()

    decision = decide(referral, police_officer, "community_resolution", departure_reason="Young carer; remorseful")
    assert decision.departure_reason == "Young carer; remorseful"


def test_an_outcome_matching_the_gravity_score_needs_no_reason(referral, police_officer):
    assert decide(referral, police_officer, "youth_caution").departure_reason == ""


def test_a_decision_needs_its_reasons_and_a_date_not_in_the_future(referral, police_officer):
    with pytest.raises(ValidationError) as error:
        decide(referral, police_officer, rationale=" ", decided_on=TODAY + datetime.timedelta(days=1))

    assert set(error.value.message_dict) >= {"rationale", "decided_on"}


# --- Youth conditional caution: conditions ------------------------------------------------------------------


@pytest.fixture
def ycc_referral(police_officer, team_north):
    return referral_via_services(by=police_officer, team=team_north, gravity_score=4)


def test_a_youth_conditional_caution_needs_conditions(ycc_referral, police_officer):
    with pytest.raises(ValidationError) as error:
        decide(ycc_referral, police_officer, "youth_conditional_caution")

    assert refused(error, "conditions") == "Add the conditions of the caution"
    assert not Decision.objects.exists()


def test_each_condition_ends_no_later_than_three_months_after_the_caution(ycc_referral, police_officer):
    conditions = [
        {"description": "Repair the damage", "end_date": LAST_WEEK + relativedelta(months=3)},
        {"description": "Attend a course", "end_date": LAST_WEEK + relativedelta(months=3, days=1)},
    ]

    with pytest.raises(ValidationError) as error:
        decide(ycc_referral, police_officer, "youth_conditional_caution", conditions=conditions)

    assert set(error.value.message_dict) == {"conditions[2].end_date"}
    assert "no later than three months after the caution" in refused(error, "conditions[2].end_date")
    assert not Decision.objects.exists()
    assert not Condition.objects.exists()


def test_conditions_ending_within_three_months_are_recorded(ycc_referral, police_officer):
    conditions = [
        {"description": "Repair the damage", "end_date": LAST_WEEK + relativedelta(months=3)},
        {"description": "Write a letter of apology", "end_date": LAST_WEEK + datetime.timedelta(days=14)},
    ]

    decision = decide(ycc_referral, police_officer, "youth_conditional_caution", conditions=conditions)

    assert decision.conditions.count() == 2
    assert set(decision.conditions.values_list("status", flat=True)) == {ConditionStatus.IN_PROGRESS}


def test_a_condition_needs_a_description_and_an_end_after_the_caution(ycc_referral, police_officer):
    conditions = [{"description": " ", "end_date": LAST_WEEK - datetime.timedelta(days=1)}]

    with pytest.raises(ValidationError) as error:
        decide(ycc_referral, police_officer, "youth_conditional_caution", conditions=conditions)

    assert set(error.value.message_dict) == {"conditions[1].description", "conditions[1].end_date"}


def test_only_a_conditional_caution_has_conditions(referral, police_officer):
    with pytest.raises(ValidationError) as error:
        decide(referral, police_officer, "youth_caution", conditions=ycc_conditions())

    assert refused(error, "conditions") == "A youth caution has no conditions"


# --- The warning --------------------------------------------------------------------------------------------


def ycc_for(child_dob, police_officer, team_north):
    child = ChildFactory(date_of_birth=child_dob)
    referral = referral_via_services(by=police_officer, team=team_north, child=child, gravity_score=4)
    return decide(referral, police_officer, "youth_conditional_caution", conditions=ycc_conditions())


@pytest.mark.parametrize("age_days", [(15, 30), (16, 300)], ids=["15", "16 nearly 17"])
def test_the_warning_needs_an_appropriate_adult_for_a_child_of_16_or_under(police_officer, team_north, age_days):
    years, days = age_days
    decision = ycc_for(years_old(years, days=days), police_officer, team_north)

    with pytest.raises(ValidationError) as error:
        services.warning_record(decision=decision, by=police_officer, given_at=timezone.now())

    assert refused(error, "appropriate_adult_name") == "Enter the appropriate adult present: the child is 16 or under"
    decision.refresh_from_db()
    assert decision.warning_given_at is None

    services.warning_record(
        decision=decision, by=police_officer, given_at=timezone.now(), appropriate_adult_name="Maria Lopez (mother)"
    )
    decision.refresh_from_db()
    assert decision.warning_given_at is not None
    assert decision.appropriate_adult_name == "Maria Lopez (mother)"


def test_the_warning_needs_no_appropriate_adult_for_a_child_of_17(police_officer, team_north):
    decision = ycc_for(years_old(17, days=0), police_officer, team_north)

    services.warning_record(decision=decision, by=police_officer, given_at=timezone.now())

    decision.refresh_from_db()
    assert decision.warning_given_at is not None
    assert decision.appropriate_adult_name == ""


def test_the_warning_goes_with_a_conditional_caution(referral, police_officer):
    decision = decide(referral, police_officer, "youth_caution")

    with pytest.raises(ValidationError) as error:
        services.warning_record(
            decision=decision, by=police_officer, given_at=timezone.now(), appropriate_adult_name="X"
        )

    assert "outcome" in error.value.message_dict


# --- Delivery -----------------------------------------------------------------------------------------------


@pytest.fixture
def decision(referral, police_officer):
    return decide(referral, police_officer)


def test_delivery_needs_the_implications_explained_first(decision, police_officer):
    with pytest.raises(ValidationError) as error:
        services.delivery_record(decision=decision, by=police_officer, delivered_at=timezone.now())

    assert "implications were explained" in refused(error, "implications_explained_at")
    decision.refresh_from_db()
    assert decision.delivered_at is None


def test_delivery_comes_after_the_explanation(decision, police_officer):
    explained = timezone.now() - datetime.timedelta(hours=1)
    services.implications_explained_record(decision=decision, by=police_officer, explained_at=explained)

    with pytest.raises(ValidationError) as error:
        services.delivery_record(
            decision=decision, by=police_officer, delivered_at=explained - datetime.timedelta(minutes=5)
        )

    assert "delivered_at" in error.value.message_dict
    services.delivery_record(
        decision=decision, by=police_officer, delivered_at=explained + datetime.timedelta(minutes=5)
    )
    decision.refresh_from_db()
    assert decision.delivered_by == police_officer


def test_delivered_only_when_every_part_of_delivery_is_recorded(decision, police_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    at = timezone.now() - datetime.timedelta(hours=2)
    steps = [
        lambda: services.implications_explained_record(decision=decision, by=police_officer, explained_at=at),
        lambda: services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload()),
        lambda: services.delivery_record(decision=decision, by=police_officer, delivered_at=at),
        lambda: services.victim_informed_record(decision=decision, by=police_officer, informed_at=at),
    ]
    for step in steps:
        decision.refresh_from_db()
        assert decision.is_delivered is False
        step()

    decision.refresh_from_db()
    assert decision.is_delivered is True


@pytest.mark.parametrize(
    "missing", ["implications_explained_at", "signed_document", "delivered_at", "victim_informed_at"]
)
def test_not_delivered_without_any_one_part(decision, police_officer, settings, tmp_path, missing):
    settings.MEDIA_ROOT = tmp_path
    delivered_decision(decision, by=police_officer)
    assert decision.is_delivered is True

    setattr(decision, missing, None if missing != "signed_document" else "")
    assert decision.is_delivered is False


def test_without_a_victim_delivery_needs_no_victim_informed(police_officer, team_north, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    referral = referral_via_services(by=police_officer, team=team_north, has_victim=False)
    decision = decide(referral, police_officer)
    at = timezone.now() - datetime.timedelta(hours=2)
    services.implications_explained_record(decision=decision, by=police_officer, explained_at=at)
    services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload())
    services.delivery_record(decision=decision, by=police_officer, delivered_at=at)

    decision.refresh_from_db()
    assert decision.is_delivered is True


def test_the_board_cannot_record_delivery(decision, board_member):
    with pytest.raises(PermissionDenied):
        services.implications_explained_record(decision=decision, by=board_member, explained_at=timezone.now())


def test_reading_the_signed_document_is_audited(decision, police_officer):
    services.signed_document_download_record(decision=decision, by=police_officer)

    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(decision.pk))
    assert event.actor == police_officer
    assert event.detail["read"] == "signed_document"


# --- Compliance and failures --------------------------------------------------------------------------------


@pytest.fixture
def condition(ycc_referral, police_officer):
    return decide(
        ycc_referral, police_officer, "youth_conditional_caution", conditions=ycc_conditions()
    ).conditions.get()


def test_a_failure_needs_its_date_what_happened_and_the_reasons_given(condition, police_officer):
    with pytest.raises(ValidationError) as error:
        services.condition_failure_record(
            condition=condition, by=police_officer, occurred_on=None, what_happened=" ", reasons_given=""
        )

    assert set(error.value.message_dict) == {"occurred_on", "what_happened", "reasons_given"}
    assert not ConditionFailure.objects.exists()
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.IN_PROGRESS


def test_a_failure_is_not_before_the_caution_nor_in_the_future(condition, police_officer):
    for day in (LAST_WEEK - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.condition_failure_record(
                condition=condition, by=police_officer, occurred_on=day, what_happened="Absent", reasons_given="None"
            )
        assert "occurred_on" in error.value.message_dict
    assert not ConditionFailure.objects.exists()


def test_a_failure_is_evidence_for_the_prosecution_decision(condition, police_officer):
    failure = services.condition_failure_record(
        condition=condition,
        by=police_officer,
        occurred_on=TODAY,
        what_happened="Did not attend the second session",
        reasons_given="Said he forgot",
    )

    condition.refresh_from_db()
    assert condition.status == ConditionStatus.FAILED
    assert (failure.occurred_on, failure.what_happened, failure.reasons_given) == (
        TODAY,
        "Did not attend the second session",
        "Said he forgot",
    )
    assert failure.considered_for_prosecution is False

    with pytest.raises(ValidationError) as error:
        services.failure_prosecution_consider(failure=failure, by=police_officer, outcome=" ")
    assert "prosecution_outcome" in error.value.message_dict

    services.failure_prosecution_consider(
        failure=failure, by=police_officer, outcome="Charged with the original offence"
    )
    failure.refresh_from_db()
    assert failure.considered_for_prosecution is True
    assert failure.prosecution_outcome == "Charged with the original offence"


def test_not_complied_with_needs_a_recorded_failure_first(condition, police_officer):
    with pytest.raises(ValidationError) as error:
        services.condition_compliance_record(condition=condition, by=police_officer, status=ConditionStatus.FAILED)

    assert refused(error, "status") == "Record the failure and its evidence first"
    services.condition_compliance_record(condition=condition, by=police_officer, status=ConditionStatus.COMPLIED)
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.COMPLIED


# --- Police-only decisions ----------------------------------------------------------------------------------


def test_a_police_only_decision_is_recorded_with_its_referral_in_one_step(police_officer, team_north):
    child = ChildFactory()

    decision = services.police_only_decision_record(
        child=child,
        by=police_officer,
        team=team_north,
        referring_officer="PC 88 Khan",
        gravity_score=3,
        admitted=True,
        offences=[{"offence_date": LAST_WEEK, "description": "Criminal damage"}],
        outcome=outcome("youth_caution"),
        rationale="Given in custody",
        decided_on=LAST_WEEK,
    )

    assert decision.police_only is True
    assert decision.panel is None
    assert decision.referral.source == ReferralSource.POLICE
    assert decision.referral.child == child
    assert decision.referral.referred_at.date() <= decision.decided_on
    assert list(selectors.police_only_decisions(user=police_officer)) == [decision]


def test_a_refused_police_only_decision_leaves_no_referral(police_officer, team_north, team_manager):
    arguments = {
        "child": ChildFactory(),
        "team": team_north,
        "referring_officer": "PC 88 Khan",
        "gravity_score": 3,
        "admitted": False,
        "offences": [{"offence_date": LAST_WEEK, "description": "Criminal damage"}],
        "outcome": outcome("youth_caution"),
        "rationale": "Given in custody",
        "decided_on": LAST_WEEK,
    }
    with pytest.raises(ValidationError):
        services.police_only_decision_record(by=police_officer, **arguments)
    with pytest.raises(PermissionDenied):
        services.police_only_decision_record(by=team_manager, **arguments | {"admitted": True})

    assert not Referral.objects.exists()
    assert not Case.objects.exists()


# --- Scrutiny -----------------------------------------------------------------------------------------------


@pytest.fixture
def decisions_of_a_month(db):
    """30 decisions in March 2026: mostly youth cautions, some of three other outcomes."""
    codes = ["youth_caution"] * 24 + ["community_resolution"] * 3 + ["outcome_22"] * 2 + ["charge"]
    return [
        DecisionFactory(outcome=outcome(code), decided_on=datetime.date(2026, 3, 1 + number))
        for number, code in enumerate(codes)
    ]


def sampled(sample: ScrutinySample) -> list[int]:
    return list(sample.items.order_by("decision").values_list("decision", flat=True))


def test_the_same_period_and_seed_draw_the_same_sample(decisions_of_a_month, team_manager):
    period = {"period_start": datetime.date(2026, 3, 1), "period_end": datetime.date(2026, 3, 31), "percentage": 20}

    first = services.scrutiny_sample_draw(by=team_manager, seed="march", **period)
    again = services.scrutiny_sample_draw(by=team_manager, seed="march", **period)
    others = [services.scrutiny_sample_draw(by=team_manager, seed=f"other-{n}", **period) for n in range(5)]

    assert sampled(first) == sampled(again)
    assert any(sampled(other) != sampled(first) for other in others)


@pytest.mark.parametrize("percentage", [1, 10, 20, 50, 100])
def test_a_sample_covers_every_outcome_and_at_least_the_percentage(decisions_of_a_month, team_manager, percentage):
    sample = services.scrutiny_sample_draw(
        by=team_manager,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
        percentage=percentage,
    )

    items = ScrutinyItem.objects.filter(sample=sample).select_related("decision__outcome")
    assert {item.decision.outcome.code for item in items} == {
        "youth_caution",
        "community_resolution",
        "outcome_22",
        "charge",
    }
    assert len(items) >= percentage * 30 / 100
    assert len(items) == max(4, -(-percentage * 30 // 100))  # every outcome, then up to the percentage


def test_a_sample_takes_only_the_period(decisions_of_a_month, team_manager):
    sample = services.scrutiny_sample_draw(
        by=team_manager, period_start=datetime.date(2026, 3, 1), period_end=datetime.date(2026, 3, 5), percentage=100
    )

    assert len(sampled(sample)) == 5


def test_a_sample_needs_a_sensible_period_and_percentage(team_manager, case_worker):
    with pytest.raises(ValidationError) as error:
        services.scrutiny_sample_draw(by=team_manager, period_start=TODAY, period_end=LAST_WEEK, percentage=0, seed="x")
    assert set(error.value.message_dict) == {"period_end", "percentage"}
    with pytest.raises(PermissionDenied):
        services.scrutiny_sample_draw(by=case_worker, period_start=LAST_WEEK, period_end=TODAY, percentage=10)
    assert not ScrutinySample.objects.exists()


def test_a_finding_of_not_appropriate_needs_feedback(decisions_of_a_month, team_manager):
    sample = services.scrutiny_sample_draw(
        by=team_manager, period_start=datetime.date(2026, 3, 1), period_end=datetime.date(2026, 3, 31), percentage=10
    )
    item = sample.items.first()

    with pytest.raises(ValidationError) as error:
        services.scrutiny_finding_record(item=item, by=team_manager, appropriate=False, feedback="")
    assert "feedback" in error.value.message_dict

    services.scrutiny_finding_record(item=item, by=team_manager, appropriate=False, feedback="Should have been NFA")
    item.refresh_from_db()
    assert (item.appropriate, item.feedback) == (False, "Should have been NFA")


# --- First-time entrants ------------------------------------------------------------------------------------


def entrants(start, end, team_ids=None) -> set[int]:
    return set(selectors.first_time_entrants(start=start, end=end, team_ids=team_ids).values_list("pk", flat=True))


JAN, FEB = (
    (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
    (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
)


def decided(code, on, child=None, **kwargs):
    referral = ReferralFactory(child=child or ChildFactory(), **kwargs)
    return DecisionFactory(referral=referral, outcome=outcome(code), decided_on=on)


@pytest.mark.parametrize("code", ["youth_caution", "youth_conditional_caution"])
def test_a_first_caution_makes_a_first_time_entrant(db, code):
    child = decided(code, datetime.date(2026, 1, 15)).referral.child

    assert entrants(*JAN) == {child.pk}
    assert entrants(*FEB) == set()


@pytest.mark.parametrize("code", ["community_resolution", "outcome_22", "outcome_21", "nfa"])
def test_a_non_statutory_outcome_does_not(db, code):
    decided(code, datetime.date(2026, 1, 15))

    assert entrants(*JAN) == set()


def test_a_court_order_makes_a_first_time_entrant(db, team_north):
    from cases.tests.factories import CaseFactory

    case = CaseFactory(case_type=CaseType.REFERRAL_ORDER, start_date=datetime.date(2026, 2, 10), team=team_north)
    CaseFactory(case_type=CaseType.BAIL_SUPPORT, start_date=datetime.date(2026, 1, 3), child=case.child)

    assert entrants(*FEB) == {case.child.pk}
    assert entrants(*JAN) == set()


def test_a_second_caution_is_not_a_first_time_entrant_in_its_period(db):
    child = decided("youth_caution", datetime.date(2026, 1, 10)).referral.child
    decided("youth_conditional_caution", datetime.date(2026, 2, 12), child=child)

    assert entrants(*JAN) == {child.pk}
    assert entrants(*FEB) == set()


def test_a_caution_after_a_conviction_is_not_a_first_time_entrant(db):
    from cases.tests.factories import CaseFactory

    case = CaseFactory(case_type=CaseType.YOUTH_REHABILITATION_ORDER, start_date=datetime.date(2025, 12, 1))
    decided("youth_caution", datetime.date(2026, 1, 10), child=case.child)

    assert entrants(*JAN) == set()


def test_first_time_entrants_are_counted_per_month(db):
    decided("youth_caution", datetime.date(2026, 1, 10))
    decided("youth_caution", datetime.date(2026, 1, 20))
    decided("youth_conditional_caution", datetime.date(2026, 3, 2))
    decided("community_resolution", datetime.date(2026, 2, 2))

    total, months = selectors.first_time_entrants_by_month(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)
    )

    assert total == 3
    assert months == [(datetime.date(2026, 1, 1), 2), (datetime.date(2026, 2, 1), 0), (datetime.date(2026, 3, 1), 1)]
