"""The risk demo (``risk.demo``): it loads on the cases demo, through the services, with referrals
in every state, meetings with decisions and actions, MAPPA, MARAC, social care, safeguarding and
returned work; it is quick; and a second run adds nothing."""

import time

import pytest
from django.db.models import Count
from django.utils import timezone

from cases.demo import load_cases_demo, load_returned_work_demo
from cases.models import Returned
from risk.demo import load_risk_demo
from risk.models import (
    Action,
    Attendee,
    Hearing,
    Mappa,
    Marac,
    Meeting,
    Referral,
    ReferralReason,
    ReferralStatus,
    SafeguardingReferral,
    SocialCareStatus,
)
from risk.selectors import meetings as meeting_selectors
from yjs.demo import load_demo_users
from yjs.models import User

pytestmark = pytest.mark.django_db

COUNTED = (Referral, Meeting, Attendee, Hearing, Action, Mappa, Marac, SocialCareStatus, SafeguardingReferral, Returned)


def test_without_the_demo_users_it_says_so(db):
    """First in the module: before the module's demo data is loaded."""
    assert load_risk_demo().startswith("no risk demo")
    assert not Meeting.objects.exists()


@pytest.fixture(scope="module")
def loaded(module_world):
    """The demo steps the risk demo runs after, then the risk demo (timed), once for the module and
    rolled back at its end."""

    def load():
        load_demo_users(password="demo-pass-for-tests-2026")
        load_cases_demo()
        load_returned_work_demo()
        started = time.monotonic()
        summary = load_risk_demo()
        seconds = time.monotonic() - started
        return summary, seconds

    yield from module_world(load)


def test_the_demo_loads_quickly(loaded, db):
    summary, seconds = loaded
    assert summary.startswith("risk demo:")
    assert seconds < 10, f"the risk demo took {seconds:.1f} s"


def test_every_referral_state_is_there(loaded, db):
    statuses = dict(Referral.objects.values_list("status").annotate(n=Count("pk")))
    assert all(statuses.get(status, 0) > 0 for status in ReferralStatus.values), statuses
    assert Referral.objects.filter(automatic=False, reason=ReferralReason.MANUAL).exists()
    assert Referral.objects.filter(automatic=True, reason=ReferralReason.ROSH).exists()
    assert Referral.objects.filter(automatic=True, reason=ReferralReason.SAFETY_WELLBEING).exists()
    assert Referral.objects.filter(status=ReferralStatus.DECLINED).exclude(decline_reason="").exists()
    manager = User.objects.get(username="manager")
    today = timezone.localdate()
    assert list(meeting_selectors.referrals_waiting_too_long(user=manager, today=today))


def test_meetings_decisions_and_actions_in_both_teams(loaded, db):
    per_team = dict(Meeting.objects.values_list("team__slug").annotate(n=Count("pk")))
    assert per_team == {"north": 3, "south": 3}
    assert Attendee.objects.count() >= 6 * 4
    assert Hearing.objects.filter(decided_at__isnull=False).count() >= 6
    assert Hearing.objects.filter(decided_at__isnull=True).exists()  # the next meeting's agenda
    today = timezone.localdate()
    assert Action.objects.filter(done_on__isnull=False).exists()
    assert Action.objects.filter(done_on__isnull=True, due_on__lt=today).exists()
    assert Action.objects.filter(done_on__isnull=True, due_on__gte=today).exists()
    manager = User.objects.get(username="manager")
    assert list(meeting_selectors.overdue_actions(user=manager, today=today))


def test_protection_and_oversight_records(loaded, db):
    assert Mappa.objects.count() >= 2 and Marac.objects.count() >= 2
    assert SafeguardingReferral.objects.count() >= 4
    children_with_history = SocialCareStatus.objects.values("child").annotate(n=Count("pk")).filter(n__gte=2).count()
    assert children_with_history >= 2
    assert Returned.objects.filter(assessment__isnull=False, resubmitted_at__isnull=True).exists()
    assert Returned.objects.filter(assessment__isnull=False, resubmitted_at__isnull=False).exists()


def test_a_second_run_adds_nothing(loaded, db):
    before = {model.__name__: model.objects.count() for model in COUNTED}
    assert load_risk_demo() == "risk demo already loaded"
    assert {model.__name__: model.objects.count() for model in COUNTED} == before
