"""Referral to the risk and vulnerability meeting by rule (DESIGN.md §9), and the case work that
announces what the rules listen to: completing an assessment, raising a flag, a significant event."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from cases import events
from cases import services as case_services
from cases.models import Level, Review, ReviewTrigger
from cases.tests.factories import ChildFactory
from risk import listeners
from risk.models import Referral, ReferralReason, ReferralStatus
from risk.services.referrals import referral_by_rule, referral_decline, referral_make
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

TODAY = timezone.localdate()


def open_case(by, team, **kwargs):
    if "child" not in kwargs:
        kwargs["child"] = ChildFactory()
    return case_services.case_open(
        by=by, team=team, case_type="referral_order", start_date=TODAY - datetime.timedelta(days=20), **kwargs
    )


def complete(assessment, by, *, rosh="low", safety="low", likelihood="medium"):
    return case_services.assessment_record(
        assessment=assessment,
        by=by,
        completed_date=TODAY,
        likelihood_of_reoffending=likelihood,
        risk_of_serious_harm=rosh,
        safety_and_wellbeing=safety,
    )


def referrals_of(case) -> list[tuple[str, str]]:
    return list(Referral.objects.filter(case=case).order_by("id").values_list("reason", "trigger"))


@pytest.fixture
def case(team_manager, team_north, case_worker):
    return open_case(team_manager, team_north, allocated_to=case_worker)


# --- The listeners are registered -------------------------------------------------------------


def test_risk_listens_to_case_work():
    assert listeners.assessment_completed in events.ASSESSMENT_COMPLETED
    assert listeners.flag_raised in events.FLAG_RAISED
    assert listeners.significant_event in events.SIGNIFICANT_EVENT
    listeners.register()  # again: still once each
    assert events.ASSESSMENT_COMPLETED.count(listeners.assessment_completed) == 1


# --- An assessment rating risk of serious harm or safety and wellbeing high ---------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rosh", "safety", "reasons"),
    [
        ("high", "low", ["rosh"]),
        ("very_high", "medium", ["rosh"]),
        ("medium", "high", ["safety_wellbeing"]),
        ("low", "very_high", ["safety_wellbeing"]),
        ("high", "very_high", ["rosh", "safety_wellbeing"]),
        ("medium", "medium", []),
        ("low", "low", []),
    ],
)
def test_completing_an_assessment_refers_for_each_high_rating(case, case_worker, rosh, safety, reasons):
    assessment = complete(case.assessments.get(), case_worker, rosh=rosh, safety=safety)
    trigger = f"assessment:{assessment.pk}"
    assert referrals_of(case) == [(reason, trigger) for reason in reasons]
    for referral in Referral.objects.filter(case=case):
        assert (referral.automatic, referral.status, referral.referred_by) == (True, ReferralStatus.AWAITING, None)
        assert f"rated {Level(rosh if referral.reason == 'rosh' else safety).label.lower()}" in referral.detail


@pytest.mark.django_db
def test_an_assessment_refers_once_however_often_it_is_recorded(case, case_worker):
    assessment = case.assessments.get()
    case_services.assessment_record(assessment=assessment, by=case_worker, risk_of_serious_harm="high")
    assert referrals_of(case) == []  # not completed yet: nothing to act on
    complete(assessment, case_worker, rosh="high")
    complete(assessment, case_worker, rosh="high")
    case_services.assessment_record(assessment=assessment, by=case_worker, summary="More to say")
    case_services.assessment_record(assessment=assessment, by=case_worker, safety_and_wellbeing="high")
    trigger = f"assessment:{assessment.pk}"
    assert referrals_of(case) == [("rosh", trigger), ("safety_wellbeing", trigger)]


@pytest.mark.django_db
def test_a_later_assessment_is_a_trigger_of_its_own(case, case_worker):
    first = complete(case.assessments.get(), case_worker, rosh="high")
    second = case_services.assessment_create(case=case, by=case_worker, assessment_type="asset_plus")
    complete(second, case_worker, rosh="very_high")
    assert referrals_of(case) == [("rosh", f"assessment:{first.pk}"), ("rosh", f"assessment:{second.pk}")]


@pytest.mark.django_db
def test_each_automatic_referral_is_audited(case, case_worker):
    complete(case.assessments.get(), case_worker, rosh="high")
    referral = Referral.objects.get(case=case)
    event = AuditEvent.objects.get(content_type__model="referral", object_id=str(referral.pk))
    assert (event.action, event.actor) == (AuditAction.CREATE, None)
    assert event.detail["reason"] == "rosh"
    assert event.detail["trigger"] == f"assessment:{case.assessments.get().pk}"


# --- Flags: threat to life, weapons (a referral); those and missing, exploitation (a review) -------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("flag_type", "trigger", "reason"),
    [
        ("threat_to_life", ReviewTrigger.THREAT_TO_LIFE, "threat_to_life"),
        ("weapons", ReviewTrigger.WEAPONS, "weapons"),
        ("missing", ReviewTrigger.MISSING, None),
        ("cce", ReviewTrigger.EXPLOITATION, None),
        ("cse", ReviewTrigger.EXPLOITATION, None),
        ("self_harm", None, None),
        ("gang", None, None),
    ],
)
def test_a_significant_flag_opens_a_review_and_a_threat_or_weapons_flag_refers(
    case, case_worker, flag_type, trigger, reason
):
    flag = case_services.flag_raise(child=case.child, by=case_worker, flag_type=flag_type, note="Told by police")
    reviews = list(Review.objects.filter(case=case).values_list("trigger", "trigger_detail"))
    if trigger is None:
        assert reviews == []
    else:
        [(opened, detail)] = reviews
        assert opened == trigger
        assert detail == f"{flag.get_flag_type_display()} flag raised: Told by police"
    assert referrals_of(case) == ([(reason, f"flag:{flag.pk}")] if reason else [])


@pytest.mark.django_db
def test_a_flag_on_the_child_concerns_each_open_case_and_a_flag_on_a_case_reviews_that_case(
    team_manager, team_north, team_south, case_worker
):
    child = ChildFactory()
    south_manager = UserFactory(roles=[Role.TEAM_MANAGER], teams=[team_south])
    north = open_case(team_manager, team_north, child=child, allocated_to=case_worker)
    south = open_case(south_manager, team_south, child=child)
    closed = open_case(team_manager, team_north, child=child)
    case_services.case_close(case=closed, by=team_manager, end_date=TODAY, reason="Order completed")

    flag = case_services.flag_raise(child=child, by=case_worker, flag_type="threat_to_life")
    for each in (north, south):
        assert list(Review.objects.filter(case=each).values_list("trigger", flat=True)) == ["threat_to_life"]
        assert referrals_of(each) == [("threat_to_life", f"flag:{flag.pk}")]
    assert not Review.objects.filter(case=closed).exists()
    assert referrals_of(closed) == []

    weapons = case_services.flag_raise(child=child, by=case_worker, flag_type="weapons", case=north)
    assert Review.objects.filter(case=north, trigger="weapons").count() == 1
    assert not Review.objects.filter(case=south, trigger="weapons").exists()
    # The referral concerns the child's safety and others': each open case is referred.
    assert ("weapons", f"flag:{weapons.pk}") in referrals_of(south)


@pytest.mark.django_db
def test_a_police_officer_raising_a_flag_refers_the_case_too(case, police_officer):
    flag = case_services.flag_raise(child=case.child, by=police_officer, flag_type="weapons", note="Knife found")
    assert referrals_of(case) == [("weapons", f"flag:{flag.pk}")]


# --- An arrest while the current assessment rates either medium or above ------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rosh", "safety", "referred"),
    [("medium", "low", True), ("low", "medium", True), ("very_high", "high", True), ("low", "low", False)],
)
def test_an_arrest_refers_when_the_current_assessment_rates_either_medium_or_above(
    case, case_worker, rosh, safety, referred
):
    complete(case.assessments.get(), case_worker, rosh=rosh, safety=safety)
    review = case_services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_ARREST, detail="Arrested")
    arrests = list(Referral.objects.filter(case=case, reason=ReferralReason.ARREST).values_list("trigger", "detail"))
    if referred:
        assert arrests == [
            (
                f"review:{review.pk}",
                f"Arrested. The current assessment rates risk of serious harm {Level(rosh).label.lower()} "
                f"and safety and wellbeing {Level(safety).label.lower()}",
            )
        ]
    else:
        assert arrests == []


@pytest.mark.django_db
def test_an_arrest_reads_the_latest_completed_assessment(case, case_worker):
    complete(case.assessments.get(), case_worker, rosh="high")
    later = case_services.assessment_create(case=case, by=case_worker, assessment_type="asset_plus")
    case_services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_ARREST, detail="Arrested")
    assert Referral.objects.filter(case=case, reason="arrest").count() == 1  # the later one is not completed

    complete(later, case_worker, rosh="low", safety="low")
    case_services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_ARREST, detail="Arrested again")
    assert Referral.objects.filter(case=case, reason="arrest").count() == 1  # the current one rates low


@pytest.mark.django_db
def test_no_assessment_completed_or_another_event_refers_nobody(case, case_worker):
    case_services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_ARREST, detail="Arrested")
    complete(case.assessments.get(), case_worker, rosh="medium")
    case_services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_INTELLIGENCE, detail="Seen")
    assert referrals_of(case) == []


@pytest.mark.django_db
def test_a_significant_event_announces_the_review_it_opened(case, monkeypatch):
    heard = []
    monkeypatch.setattr(events, "SIGNIFICANT_EVENT", [heard.append])
    review = case_services.significant_event_record(case=case, trigger=ReviewTrigger.NEW_ARREST, detail="Arrested")
    assert heard == [review]


@pytest.mark.django_db
def test_a_listener_failing_undoes_the_event(case, case_worker, monkeypatch):
    def broken(record):
        raise RuntimeError("listener failed")

    monkeypatch.setattr(events, "FLAG_RAISED", [broken])
    with pytest.raises(RuntimeError):
        case_services.flag_raise(child=case.child, by=case_worker, flag_type="threat_to_life")
    assert not case.child.flags.exists()
    assert not Review.objects.filter(case=case).exists()


# --- referral_by_rule ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_by_rule_refers_once_per_trigger_and_never_a_closed_case(case, team_manager):
    first = referral_by_rule(case=case, reason="mappa", trigger="mappa:3", detail="Became MAPPA-managed")
    assert first is not None and first.automatic
    assert referral_by_rule(case=case, reason="mappa", trigger="mappa:3", detail="Again") is None
    assert referral_by_rule(case=case, reason="mappa", trigger="mappa:4", detail="Another") is not None
    case_services.case_close(case=case, by=team_manager, end_date=TODAY, reason="Order completed")
    assert referral_by_rule(case=case, reason="rosh", trigger="assessment:99", detail="High") is None
    assert Referral.objects.filter(case=case).count() == 2


@pytest.mark.django_db
def test_by_rule_takes_a_rule_s_reason_and_a_trigger(case):
    with pytest.raises(ValueError, match="Not a reason"):
        referral_by_rule(case=case, reason="manual", trigger="x:1", detail="")
    with pytest.raises(ValueError, match="trigger"):
        referral_by_rule(case=case, reason="rosh", trigger="", detail="")


@pytest.mark.django_db(transaction=True)
def test_by_rule_refers_once_when_two_transactions_meet_the_same_trigger_at_once():
    """The second transaction's check sees nothing yet (the first has not committed): its insert
    waits on the first's, then the database's unique constraint refuses it, and it refers nobody
    without failing the work around it."""
    team = TeamFactory(name="North", slug="north")
    manager = UserFactory(roles=[Role.TEAM_MANAGER], teams=[team])
    case = open_case(manager, team)
    first_inserted, results, errors = threading.Event(), {}, []

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = referral_by_rule(case=case, reason="rosh", trigger="assessment:1", detail="High")
                first_inserted.set()
                _wait_for_a_session_waiting_on_a_lock()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    def second() -> None:
        try:
            first_inserted.wait(10)
            with transaction.atomic():
                results["second"] = referral_by_rule(case=case, reason="rosh", trigger="assessment:1", detail="High")
                results["still_usable"] = Referral.objects.filter(case=case).count()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert isinstance(results["first"], Referral)
    assert results["second"] is None
    assert results["still_usable"] == 1
    assert Referral.objects.filter(case=case).count() == 1


def _wait_for_a_session_waiting_on_a_lock(timeout: float = 10) -> None:
    """Until another session of this database waits on a lock (the second insert, on the first's row)."""
    deadline = timezone.now() + datetime.timedelta(seconds=timeout)
    with connection.cursor() as cursor:
        while timezone.now() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.05)
    raise AssertionError("the second transaction never waited on the first's insert")


# --- A manual referral, and declining one -----------------------------------------------------------


@pytest.mark.django_db
def test_a_worker_refers_with_a_reason(case, case_worker):
    with pytest.raises(ValidationError) as refused:
        referral_make(case=case, by=case_worker, detail="  ")
    assert refused.value.message_dict == {"detail": ["Enter the reason for the referral"]}
    referral = referral_make(case=case, by=case_worker, detail=" Seen with older males carrying knives ")
    assert (referral.reason, referral.automatic, referral.referred_by, referral.detail) == (
        "manual",
        False,
        case_worker,
        "Seen with older males carrying knives",
    )
    assert AuditEvent.objects.filter(
        content_type__model="referral", object_id=str(referral.pk), actor=case_worker, action=AuditAction.CREATE
    ).exists()


@pytest.mark.django_db
def test_only_those_who_may_work_on_the_case_refer_it(case, team_manager, police_officer, team_south):
    other_team = UserFactory(roles=[Role.CASE_WORKER], teams=[team_south])
    for person in (police_officer, other_team):
        with pytest.raises(PermissionDenied):
            referral_make(case=case, by=person, detail="Worried")
    case_services.case_close(case=case, by=team_manager, end_date=TODAY, reason="Order completed")
    with pytest.raises(PermissionDenied):
        referral_make(case=case, by=team_manager, detail="Worried")
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_manager_of_the_team_declines_an_awaiting_referral_with_a_reason(case, case_worker, team_manager):
    referral = referral_make(case=case, by=case_worker, detail="Worried")
    with pytest.raises(PermissionDenied):
        referral_decline(referral=referral, by=case_worker, reason="Not needed")
    with pytest.raises(ValidationError) as refused:
        referral_decline(referral=referral, by=team_manager, reason="")
    assert refused.value.message_dict == {"reason": ["Enter the reason for declining the referral"]}

    declined = referral_decline(referral=referral, by=team_manager, reason=" Managed within the plan ")
    assert (declined.status, declined.declined_by, declined.decline_reason) == (
        ReferralStatus.DECLINED,
        team_manager,
        "Managed within the plan",
    )
    assert declined.declined_at is not None
    with pytest.raises(ValidationError, match="Only a referral awaiting a meeting can be declined"):
        referral_decline(referral=referral, by=team_manager, reason="Again")
    event = AuditEvent.objects.filter(content_type__model="referral", object_id=str(referral.pk)).latest("id")
    assert (event.action, event.actor, event.detail["decline_reason"]) == (
        AuditAction.UPDATE,
        team_manager,
        "Managed within the plan",
    )


@pytest.mark.django_db
def test_a_heard_referral_cannot_be_declined(case, case_worker, team_manager):
    referral = referral_make(case=case, by=case_worker, detail="Worried")
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.HEARD)
    with pytest.raises(ValidationError):
        referral_decline(referral=referral, by=team_manager, reason="Not needed")


@pytest.mark.django_db
def test_a_manager_of_another_team_cannot_decline(case, case_worker, team_south):
    referral = referral_make(case=case, by=case_worker, detail="Worried")
    south_manager = UserFactory(roles=[Role.TEAM_MANAGER], teams=[team_south])
    with pytest.raises(PermissionDenied):
        referral_decline(referral=referral, by=south_manager, reason="Not ours")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING
