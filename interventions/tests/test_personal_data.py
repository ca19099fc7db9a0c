"""The interventions' personal data (``interventions.personal_data``): registered, anonymised under
the retention schedule keeping what the board counts, exported for subject access without the
victim's name, words or safety plan."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from governance.indicators import Period
from governance.indicators.interventions import intervention_completion, reparation_hours
from governance.subject_access import TEMPLATE, subject_access_record
from interventions import personal_data
from interventions.models import (
    InterventionReferral,
    ReparationPlacement,
    ReparationSession,
    RestorativeJustice,
    VictimSafetyPlan,
)
from interventions.services import referrals, reparation, victims
from yjs.personal_data import REMOVED, registered_models

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def test_every_interventions_model_with_a_child_is_registered():
    assert registered_models() >= {
        InterventionReferral, ReparationPlacement, ReparationSession, RestorativeJustice, VictimSafetyPlan,
    }  # fmt: skip


@pytest.fixture
def history(north_case, programme, case_worker, victim):
    referral = referrals.referral_make(
        case=north_case, by=case_worker, intervention=programme, referred_on=days_ago(20), reason="Carried a knife"
    )
    referrals.referral_update(referral=referral, by=case_worker, started_on=days_ago(19), sessions_offered=2)
    referrals.referral_end(referral=referral, by=case_worker, ended_on=days_ago(2), outcome="completed")
    placement = reparation.reparation_placement_add(
        case=north_case, by=case_worker, placement="Oakfield Allotments", hours_ordered=4, started_on=days_ago(20),
        description="Digging beds",
    )  # fmt: skip
    reparation.reparation_session_record(
        placement=placement, by=case_worker, done_on=days_ago(3), hours=Decimal(2), note="Worked hard"
    )
    victims.restorative_justice_record(
        case=north_case, by=case_worker, restorative_type="letter", victim_part="took_part", victim=victim,
        outcome="Mrs Patel accepted the letter",
    )  # fmt: skip
    victims.victim_safety_plan_record(
        case=north_case, by=case_worker, victim=victim, measures="Not to enter Elm Street", agreed_on=days_ago(5)
    )
    return north_case.child


def test_anonymising_removes_the_words_and_keeps_the_figures(history):
    period = Period(days_ago(30), TODAY)
    before = [(f.numerator, f.denominator) for f in (intervention_completion(period), reparation_hours(period))]
    personal_data.anonymise(history, TODAY)
    assert InterventionReferral.objects.get().reason == ""
    placement = ReparationPlacement.objects.get()
    assert (placement.placement, placement.description) == (REMOVED, "")
    assert ReparationSession.objects.get().note == ""
    assert RestorativeJustice.objects.get().outcome == ""
    assert VictimSafetyPlan.objects.get().measures == REMOVED
    after = [(f.numerator, f.denominator) for f in (intervention_completion(period), reparation_hours(period))]
    assert after == before == [(1, 1), (2, 4)]


def test_subject_access_holds_the_childs_interventions_not_the_victims(history, head_of_service):
    record = subject_access_record(user=head_of_service, child_id=history.pk)
    assert record.counts()["intervention_referrals"] == 1
    html = render_to_string(TEMPLATE, {"record": record})
    for shown in ("Knife Crime Awareness", "Carried a knife", "Oakfield Allotments", "Letter of explanation"):
        assert shown in html, shown
    for withheld in ("Victim A", "Mrs Patel", "Elm Street"):
        assert withheld not in html, withheld


def test_subject_access_holds_nothing_of_a_case_the_user_may_not_read(history, south_worker):
    assert all(not rows for rows in personal_data.export(south_worker, history).values())
