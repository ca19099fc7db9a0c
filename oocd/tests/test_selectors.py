"""Reads of out-of-court disposals: who sees what, where each referral is, fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from oocd import selectors, services
from oocd.models import Agency
from oocd.selectors import ReferralStatus
from oocd.tests.factories import (
    ConditionFailureFactory,
    DecisionFactory,
    PanelAttendeeFactory,
    PanelItemFactory,
    ReferralFactory,
    delivered_decision,
    outcome,
    quorate_panel_via_services,
    referral_prepared,
    referral_via_services,
)
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def head(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def north_referral(police_officer, team_north):
    return referral_via_services(by=police_officer, team=team_north)


@pytest.fixture
def south_referral(police_officer, team_south):
    return referral_via_services(by=police_officer, team=team_south)


def visible(user) -> set[int]:
    return set(selectors.referral_list(user=user).values_list("pk", flat=True))


# --- Visibility ---------------------------------------------------------------------------------------------


def test_police_and_the_head_of_service_see_every_referral(police_officer, head, north_referral, south_referral):
    assert visible(police_officer) == visible(head) == {north_referral.pk, south_referral.pk}


def test_a_case_worker_sees_their_teams_referrals_only(case_worker, south_worker, north_referral, south_referral):
    assert visible(case_worker) == {north_referral.pk}
    assert visible(south_worker) == {south_referral.pk}
    with pytest.raises(Http404):
        selectors.referral_get(user=south_worker, referral_id=north_referral.pk)


def test_the_board_sees_no_referral_panel_or_decision(board_member, police_officer, north_referral, team_manager):
    quorate_panel_via_services(by=team_manager, referrals=[north_referral])
    DecisionFactory(referral=north_referral)

    assert visible(board_member) == set()
    assert not selectors.panel_list(user=board_member).exists()
    assert not selectors.decision_list(user=board_member).exists()


def test_a_panel_member_sees_the_referrals_on_panels_they_attend(police_officer, team_manager, north_referral):
    member = UserFactory(roles=[Role.PANEL_MEMBER])
    other = referral_via_services(by=police_officer, team=north_referral.case.team)
    panel = quorate_panel_via_services(by=team_manager, referrals=[north_referral])
    assert visible(member) == set()

    services.panel_attendee_add(panel=panel, by=team_manager, name="", agency=Agency.HEALTH, role="Nurse", user=member)

    assert visible(member) == {north_referral.pk}
    assert other.pk not in visible(member)
    assert list(selectors.panel_list(user=member)) == [panel]


def test_a_case_worker_sees_only_the_panels_they_attend(case_worker, team_manager):
    attended, other = PanelAttendeeFactory(user=case_worker).panel, PanelAttendeeFactory().panel

    assert set(selectors.panel_list(user=case_worker)) == {attended}
    assert set(selectors.panel_list(user=team_manager)) == {attended, other}


def test_conditions_and_failures_are_seen_through_their_referral(case_worker, south_worker, police_officer):
    failure = ConditionFailureFactory()  # on a North case

    assert selectors.condition_get(user=case_worker, condition_id=failure.condition_id) == failure.condition
    assert selectors.failure_get(user=police_officer, failure_id=failure.pk) == failure
    with pytest.raises(Http404):
        selectors.condition_get(user=south_worker, condition_id=failure.condition_id)
    with pytest.raises(Http404):
        selectors.failure_get(user=south_worker, failure_id=failure.pk)


def test_only_scrutineers_see_samples(team_manager, case_worker):
    DecisionFactory()
    sample = services.scrutiny_sample_draw(
        by=team_manager, period_start=LAST_WEEK, period_end=timezone.localdate(), percentage=50
    )

    assert selectors.scrutiny_sample_get(user=team_manager, sample_id=sample.pk) == sample
    assert list(selectors.scrutiny_sample_list(user=team_manager)) == [sample]
    assert not selectors.scrutiny_sample_list(user=case_worker).exists()
    with pytest.raises(Http404):
        selectors.scrutiny_sample_get(user=case_worker, sample_id=sample.pk)
    with pytest.raises(Http404):
        selectors.scrutiny_item_get(user=case_worker, item_id=sample.items.get().pk)


# --- Where each referral is ---------------------------------------------------------------------------------


def test_the_status_filter_agrees_with_each_referrals_status(
    police_officer, case_worker, team_manager, team_north, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    def referral():
        return referral_via_services(by=police_officer, team=team_north)

    def prepared():
        return referral_prepared(referral(), case_worker=case_worker, police=police_officer)

    awaiting = referral()
    partly = referral()
    services.referral_views_record(referral=partly, by=case_worker, child_views="Sorry", parent_carer_views="Upset")
    no_victim = referral_via_services(by=police_officer, team=team_north, has_victim=False)
    ready = prepared()
    decided = services.decision_record(
        referral=prepared(), by=police_officer, outcome=outcome("youth_caution"), rationale="R", decided_on=LAST_WEEK
    )
    delivered = delivered_decision(
        services.decision_record(
            referral=prepared(),
            by=police_officer,
            outcome=outcome("youth_caution"),
            rationale="R",
            decided_on=LAST_WEEK,
        ),
        by=police_officer,
    )
    withdrawn = referral()
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save(update_fields=["withdrawn_at"])
    expected = {
        awaiting.pk: ReferralStatus.AWAITING_INFORMATION,
        partly.pk: ReferralStatus.AWAITING_INFORMATION,
        no_victim.pk: ReferralStatus.AWAITING_INFORMATION,
        ready.pk: ReferralStatus.READY,
        decided.referral_id: ReferralStatus.DECIDED,
        delivered.referral_id: ReferralStatus.DELIVERED,
        withdrawn.pk: ReferralStatus.WITHDRAWN,
    }

    referrals = selectors.referral_list(user=police_officer)
    assert {referral.pk: selectors.referral_status(referral) for referral in referrals} == expected
    for status in ReferralStatus.values:
        filtered = selectors.referrals_with_status(referrals, status=status)
        assert set(filtered.values_list("pk", flat=True)) == {pk for pk, s in expected.items() if s == status}, status
    assert set(selectors.referrals_with_status(referrals, decided=True).values_list("pk", flat=True)) == {
        decided.referral_id,
        delivered.referral_id,
    }
    assert len(selectors.referrals_with_status(referrals, decided=False)) == 5


def test_a_referral_without_a_victim_needs_no_victim_views(police_officer, case_worker, team_north):
    referral = referral_prepared(
        referral_via_services(by=police_officer, team=team_north, has_victim=False),
        case_worker=case_worker,
        police=police_officer,
    )
    referral = selectors.referral_get(user=police_officer, referral_id=referral.pk)

    assert "Victim's views, or why the victim was not contacted" not in selectors.missing_before_panel(referral)


def test_a_reason_for_not_contacting_the_victim_stands_for_their_views(police_officer, case_worker, north_referral):
    services.referral_views_record(
        referral=north_referral, by=case_worker, victim_not_contacted_reason="The victim asked not to be contacted"
    )
    referral = selectors.referral_get(user=police_officer, referral_id=north_referral.pk)

    assert "Victim's views, or why the victim was not contacted" not in selectors.missing_before_panel(referral)
    assert selectors.referrals_with_status(
        selectors.referral_list(user=police_officer), status=ReferralStatus.AWAITING_INFORMATION
    ).exists()


# --- Query counts -------------------------------------------------------------------------------------------


def _render_referrals(user) -> None:
    for referral in selectors.referral_list(user=user):
        selectors.missing_before_panel(referral)
        selectors.referral_status(referral)


def _render_decisions(user) -> None:
    for decision in selectors.decision_list(user=user):
        _ = (decision.is_delivered, decision.referral.child.surname, decision.outcome.code)
        for condition in decision.conditions.all():
            list(condition.failures.all())


def _render_panels(user) -> None:
    for panel in selectors.panel_list(user=user):
        _ = [attendee.agency for attendee in panel.attendees.all()]
        _ = [item.referral.child.surname for item in panel.items.all()]


def _make_referrals(n: int) -> None:
    for _ in range(n):
        DecisionFactory(referral=ReferralFactory())
        ReferralFactory()


def _make_decisions(n: int) -> None:
    for _ in range(n):
        ConditionFailureFactory()


def _make_panels(n: int) -> None:
    for _ in range(n):
        item = PanelItemFactory()
        PanelItemFactory(panel=item.panel)


@pytest.mark.parametrize(
    ("render", "make"),
    [(_render_referrals, _make_referrals), (_render_decisions, _make_decisions), (_render_panels, _make_panels)],
    ids=["referrals", "decisions", "panels"],
)
@pytest.mark.parametrize("viewer", ["police", "manager"])
def test_lists_take_as_many_queries_for_many_rows_as_for_few(police_officer, team_manager, render, make, viewer):
    TeamFactory(name="North", slug="north")
    user = {"police": police_officer, "manager": team_manager}[viewer]

    def count() -> int:
        user.__dict__.pop("access", None)
        with CaptureQueriesContext(connection) as queries:
            render(user)
        return len(queries)

    make(3)
    few = count()
    make(20)
    assert count() == few


# --- The demo data ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("with_cases_demo", [False, True], ids=["no-children-yet", "after-the-cases-demo"])
def test_the_demo_has_referrals_in_every_state_and_keeps_the_rules(db, settings, tmp_path, with_cases_demo):
    from dateutil.relativedelta import relativedelta

    from oocd.demo import REFERRALS_PER_UNIT, load_oocd_demo
    from oocd.documents import check_signed_document
    from oocd.models import ConditionStatus, Outcome, Referral, ScrutinySample
    from oocd.services import child_has_conviction
    from yjs.demo import load_demo_users

    settings.MEDIA_ROOT = tmp_path
    load_demo_users(password="demo-pass-for-tests")
    police = UserFactory(username="police")
    if with_cases_demo:
        from cases.demo import load_cases_demo

        load_cases_demo(scale=1, seed=7)
    scale = 2 if with_cases_demo else 1

    assert "added" in load_oocd_demo(seed=7, scale=scale)
    assert "already loaded" in load_oocd_demo(seed=7, scale=scale)
    assert Referral.objects.count() == REFERRALS_PER_UNIT * scale

    referrals = list(selectors.referral_list(user=police))
    assert {selectors.referral_status(referral) for referral in referrals} == set(ReferralStatus.values)
    decisions = list(selectors.decision_list(user=police))
    assert {decision.outcome.code for decision in decisions} == set(Outcome.objects.values_list("code", flat=True))
    assert any(decision.police_only for decision in decisions)
    conditions = [condition for decision in decisions for condition in decision.conditions.all()]
    assert {condition.status for condition in conditions} == set(ConditionStatus.values)
    failures = [failure for condition in conditions for failure in condition.failures.all()]
    assert failures and all(failure.what_happened and failure.reasons_given for failure in failures)
    assert ScrutinySample.objects.get().items.exists()
    assert selectors.panel_list(user=police).filter(held_on__gt=timezone.localdate()).exists()

    # Every decision is one the services would have accepted.
    for decision in decisions:
        referral = decision.referral
        if decision.panel is not None:
            assert services.panel_is_quorate(decision.panel)
            assert decision.panel.items.filter(referral=referral).exists()
        assert referral.admitted or not decision.outcome.needs_admission
        if decision.outcome.barred_after_conviction:
            assert not referral.previous_conviction and not child_has_conviction(referral.child)
        assert decision.outcome.gravity_score == referral.gravity_score or decision.departure_reason
        latest = decision.decided_on + relativedelta(months=3)
        assert all(decision.decided_on <= c.end_date <= latest for c in decision.conditions.all())
        assert bool(decision.conditions.all()) == decision.outcome.has_conditions
        if decision.delivered_at:
            assert decision.implications_explained_at <= decision.delivered_at
        if decision.warning_given_at:
            age = relativedelta(decision.warning_given_at.date(), referral.child.date_of_birth).years
            assert age > 16 or decision.appropriate_adult_name
        if decision.signed_document:
            with decision.signed_document.open("rb") as stored:
                from django.core.files.uploadedfile import SimpleUploadedFile

                assert check_signed_document(SimpleUploadedFile("d.pdf", stored.read())) == "application/pdf"
