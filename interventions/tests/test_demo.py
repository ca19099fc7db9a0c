"""The interventions demo (``interventions.demo``): on the cases demo, a catalogue and referrals in every
state, reparation, restorative justice and safety plans, every row within the rules; the same rows
every time; a second run adds nothing; the board report's section counts something."""

import datetime

import pytest
from django.db.models import F, Sum

from cases.demo import load_cases_demo
from interventions.demo import load_interventions_demo
from interventions.models import (
    Intervention,
    InterventionReferral,
    ReparationPlacement,
    RestorativeJustice,
    VictimSafetyPlan,
)
from yjs.demo import load_demo_users

pytestmark = pytest.mark.django_db


def test_without_the_demo_users_it_says_so(db):
    """First in the module: before the module's demo data is loaded."""
    assert load_interventions_demo().startswith("no interventions demo")
    assert not Intervention.objects.exists()


@pytest.fixture(scope="module")
def loaded(module_world):
    def load():
        load_demo_users(password="demo-pass-for-tests-2026")
        load_cases_demo()
        return load_interventions_demo()

    yield from module_world(load)


def _fingerprint():
    return list(
        InterventionReferral.objects.order_by("case_id", "id").values_list(
            "case_id", "intervention__name", "referred_on", "started_on", "ended_on", "outcome", "sessions_attended"
        )
    )


def test_the_demo_has_every_state_within_the_rules(loaded, db):
    assert loaded.startswith("interventions demo:")
    assert Intervention.objects.count() == 10 and Intervention.objects.filter(active=False).count() == 1
    referrals = InterventionReferral.objects.all()
    assert referrals.filter(started_on__isnull=True).exists()
    assert referrals.filter(started_on__isnull=False, ended_on__isnull=True).exists()
    assert {"completed", "not_completed"} <= set(referrals.values_list("outcome", flat=True))
    assert not referrals.filter(sessions_attended__gt=F("sessions_offered")).exists()
    for placement in ReparationPlacement.objects.annotate(done=Sum("sessions__hours")):
        assert (placement.done or 0) <= placement.hours_ordered
        assert (placement.completed_on is not None) == ((placement.done or 0) == placement.hours_ordered)
    assert ReparationPlacement.objects.filter(completed_on__isnull=False).exists()
    assert ReparationPlacement.objects.filter(completed_on__isnull=True).exists()
    assert RestorativeJustice.objects.exists() and VictimSafetyPlan.objects.exists()
    assert not RestorativeJustice.objects.exclude(victim__case=F("case")).exclude(victim__isnull=True).exists()
    assert not VictimSafetyPlan.objects.exclude(victim__case=F("case")).exists()
    today = datetime.date.today() + datetime.timedelta(days=1)
    assert not referrals.filter(referred_on__gt=today).exists()


def test_a_second_run_adds_nothing(loaded, db):
    before = _fingerprint()
    assert load_interventions_demo() == "interventions demo already loaded"
    assert _fingerprint() == before


def test_the_same_rows_every_time(loaded, db):
    before = _fingerprint()
    for model in (InterventionReferral, ReparationPlacement, RestorativeJustice, VictimSafetyPlan):
        model.objects.all().delete()
    load_interventions_demo()
    assert _fingerprint() == before
