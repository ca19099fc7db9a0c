"""Risk's personal data (``risk.personal_data``): registered, anonymised under the retention schedule
keeping what the board counts, exported for subject access."""

import pytest
from django.template.loader import render_to_string

from governance.subject_access import TEMPLATE, subject_access_record
from risk import personal_data
from risk.models import Action, Hearing, Mappa, Marac, Meeting, Referral, SafeguardingReferral, SocialCareStatus
from yjs.personal_data import REMOVED, registered_models

from .factories_protection import (
    TODAY,
    days_ago,
    protection_mappa,
    protection_marac,
    protection_safeguarding,
    protection_social_care,
)
from .fixtures_protection import *  # noqa: F403

pytestmark = pytest.mark.django_db

RISK_MODELS_ABOUT_A_CHILD = {Referral, Hearing, Action, Mappa, Marac, SocialCareStatus, SafeguardingReferral}


def test_every_risk_model_about_a_child_is_registered():
    assert registered_models() >= RISK_MODELS_ABOUT_A_CHILD


@pytest.fixture
def history(north_case, case_worker, team_manager):
    """A case with every protection record, a manual referral declined, a hearing and an action."""
    protection_mappa(case=north_case, by=case_worker, managed_from=days_ago(3))  # an automatic referral
    protection_marac(case=north_case, by=case_worker, reference="MARAC-7", heard_on=days_ago(1), outcome="Plan")
    protection_social_care(
        child=north_case.child, by=case_worker, status="child_protection_plan", protection_category="neglect",
        social_worker="Sam Social",
    )  # fmt: skip
    protection_safeguarding(case=north_case, by=case_worker, reference="S-9", outcome="Strategy meeting")
    Referral.objects.create(
        case=north_case, reason="manual", detail="Mum fears the older brother", referred_at=north_case.created_at,
        referred_by=case_worker, status="declined", declined_by=team_manager, decline_reason="Known to CSC already",
    )  # fmt: skip
    meeting = Meeting.objects.create(team=north_case.team, held_on=TODAY, chair=team_manager, recorded_by=team_manager)
    hearing = Hearing.objects.create(
        meeting=meeting, case=north_case, risk_of_serious_harm="high", decision="Curfew with his aunt",
        external_controls="Tag", contingency="Call police",
    )  # fmt: skip
    Action.objects.create(
        hearing=hearing, case=north_case, description="Visit the aunt's home", owner_agency="Police", due_on=TODAY,
        recorded_by=team_manager,
    )  # fmt: skip
    return north_case


def test_anonymising_removes_what_was_written_and_keeps_what_is_counted(history):
    rows = personal_data.anonymise(history.child, TODAY)
    assert rows["risk_referrals"] == 2
    automatic, manual = Referral.objects.order_by("automatic")[1], Referral.objects.get(automatic=False)
    assert (automatic.reason, automatic.detail, automatic.status) == ("mappa", "", "awaiting")
    assert (manual.detail, manual.decline_reason, manual.status) == (REMOVED, REMOVED, "declined")
    hearing = Hearing.objects.get()
    assert (hearing.decision, hearing.external_controls, hearing.risk_of_serious_harm) == ("", "", "high")
    assert Action.objects.get().description == REMOVED
    mappa = Mappa.objects.get()
    assert (mappa.level, mappa.managed_from, mappa.lead_agency) == (2, days_ago(3), "Probation")
    marac = Marac.objects.get()
    assert (marac.reference, marac.outcome, marac.heard_on) == ("", "", days_ago(1))
    status = SocialCareStatus.objects.get()
    assert (status.status, status.protection_category, status.social_worker) == ("child_protection_plan", "neglect", "")
    referral = SafeguardingReferral.objects.get()
    assert (referral.concern, referral.reference, referral.outcome, referral.referred_to) == (
        REMOVED,
        "",
        "",
        "childrens_social_care",
    )


def test_subject_access_holds_the_risk_records(history, head_of_service):
    record = subject_access_record(user=head_of_service, child_id=history.child_id)
    assert len(record.risk_referrals) == 2
    assert [status.social_worker for status in record.social_care_statuses] == ["Sam Social"]
    assert record.counts()["mappa"] == 1
    html = render_to_string(TEMPLATE, {"record": record})
    for shown in ("Keeping the child and other people safe", "MARAC-7", "Sam Social", "Curfew with his aunt", "S-9"):
        assert shown in html, shown


def test_subject_access_holds_only_the_cases_the_user_may_see(history, south_worker):
    parts = personal_data.export(south_worker, history.child)
    assert all(not rows for rows in parts.values())
