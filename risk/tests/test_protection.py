"""MAPPA, MARAC, social care status and safeguarding referrals: the services' rules and the selectors."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cases.models import CaseStatus
from risk.models import Mappa, Marac, Referral, SafeguardingReferral, SocialCareStatus
from risk.selectors import protection as selectors
from risk.services import protection as services
from yjs.models import AuditAction, AuditEvent

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
TOMORROW = TODAY + datetime.timedelta(days=1)


def errors_of(raised) -> dict:
    return raised.value.message_dict


# --- MAPPA ------------------------------------------------------------------------------------------


def test_a_mappa_record_is_audited(north_case, case_worker):
    mappa = protection_mappa(case=north_case, by=case_worker)
    assert mappa.recorded_by == case_worker
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(mappa.pk), actor=case_worker).exists()
    # Referred, not yet managed: no referral to the risk meeting.
    assert not Referral.objects.filter(case=north_case).exists()


def test_mappa_needs_category_level_and_lead_agency(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        services.mappa_record(
            case=north_case, by=case_worker, category=4, level=None, referred_on=None, lead_agency=" "
        )
    assert errors_of(raised) == {
        "category": ["Select the MAPPA category"],
        "level": ["Select the MAPPA level"],
        "referred_on": ["Enter the date of the MAPPA referral"],
        "lead_agency": ["Enter the lead agency"],
    }
    assert not Mappa.objects.exists()


def test_mappa_past_dates_are_not_in_the_future(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        protection_mappa(case=north_case, by=case_worker, referred_on=TOMORROW, managed_from=TOMORROW)
    assert errors_of(raised) == {
        "referred_on": ["The date of the MAPPA referral must be today or in the past"],
        "managed_from": ["The date MAPPA management started must be today or in the past"],
    }


def test_mappa_management_ends_after_it_starts(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        protection_mappa(case=north_case, by=case_worker, managed_from=days_ago(5), managed_until=days_ago(6))
    assert errors_of(raised) == {
        "managed_until": ["The date MAPPA management ended must be the same as or after the date it started"]
    }
    with pytest.raises(ValidationError) as raised:
        protection_mappa(case=north_case, by=case_worker, managed_from=days_ago(25))
    assert "must be the same as or after the referral date" in errors_of(raised)["managed_from"][0]


def test_becoming_mappa_managed_refers_the_case_once(north_case, case_worker):
    mappa = protection_mappa(case=north_case, by=case_worker, managed_from=days_ago(2))
    referral = Referral.objects.get(case=north_case)
    assert (referral.reason, referral.automatic, referral.trigger) == ("mappa", True, f"mappa:{mappa.pk}")
    assert "Category 2" in referral.detail
    # Changing the record, even ending and restarting the management, refers no more.
    services.mappa_update(mappa=mappa, by=case_worker, level=3)
    services.mappa_update(mappa=mappa, by=case_worker, managed_from=None)
    services.mappa_update(mappa=mappa, by=case_worker, managed_from=days_ago(1))
    assert Referral.objects.filter(case=north_case).count() == 1


def test_first_given_a_start_on_update_refers_the_case(north_case, case_worker):
    mappa = protection_mappa(case=north_case, by=case_worker)
    assert not Referral.objects.exists()
    services.mappa_update(
        mappa=mappa, by=case_worker, managed_from=days_ago(1), next_meeting_on=TODAY + datetime.timedelta(days=20)
    )
    mappa.refresh_from_db()
    assert mappa.managed_from == days_ago(1)
    assert Referral.objects.get().trigger == f"mappa:{mappa.pk}"
    update = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(mappa.pk)).latest("pk")
    assert update.detail["managed_from"] == ["None", str(days_ago(1))]


def test_a_refused_update_changes_nothing_and_refers_nothing(north_case, case_worker):
    mappa = protection_mappa(case=north_case, by=case_worker)
    with pytest.raises(ValidationError):
        services.mappa_update(mappa=mappa, by=case_worker, managed_from=TOMORROW)
    mappa.refresh_from_db()
    assert mappa.managed_from is None
    assert not Referral.objects.exists()
    with pytest.raises(ValidationError) as raised:
        services.mappa_update(mappa=mappa, by=case_worker, case=None)
    assert errors_of(raised) == {"case": ["Unknown field"]}


def test_only_those_who_work_on_the_case_record_mappa(north_case, head_of_service, south_worker, team_manager):
    for user in (head_of_service, south_worker):
        with pytest.raises(PermissionDenied):
            protection_mappa(case=north_case, by=user)
    assert protection_mappa(case=north_case, by=team_manager).pk


def test_a_closed_case_takes_no_new_mappa(north_case, case_worker):
    north_case.status = CaseStatus.CLOSED
    north_case.end_date = TODAY
    north_case.save()
    with pytest.raises(PermissionDenied):
        protection_mappa(case=north_case, by=case_worker)


# --- MARAC ------------------------------------------------------------------------------------------


def test_marac_referral_and_its_outcome(north_case, case_worker):
    marac = protection_marac(case=north_case, by=case_worker)
    services.marac_update(marac=marac, by=case_worker, heard_on=days_ago(2), outcome="Safety plan agreed")
    marac.refresh_from_db()
    assert (marac.heard_on, marac.outcome) == (days_ago(2), "Safety plan agreed")
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(marac.pk)).exists()


def test_marac_dates(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        protection_marac(case=north_case, by=case_worker, referred_on=TOMORROW)
    assert errors_of(raised) == {"referred_on": ["The date of the MARAC referral must be today or in the past"]}
    with pytest.raises(ValidationError) as raised:
        protection_marac(case=north_case, by=case_worker, heard_on=days_ago(11))
    assert errors_of(raised) == {
        "heard_on": ["The date the MARAC heard the case must be the same as or after the referral date"]
    }
    with pytest.raises(ValidationError) as raised:
        protection_marac(case=north_case, by=case_worker, outcome="Heard")
    assert errors_of(raised) == {"heard_on": ["Enter the date the MARAC heard the case"]}
    assert not Marac.objects.exists()


# --- Social care status -----------------------------------------------------------------------------


def test_a_child_protection_plan_needs_its_category(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        protection_social_care(child=north_case.child, by=case_worker, status="child_protection_plan")
    assert errors_of(raised) == {"protection_category": ["Select the category of the child protection plan"]}
    status = protection_social_care(
        child=north_case.child, by=case_worker, status="child_protection_plan", protection_category="neglect"
    )
    assert status.protection_category == "neglect"


def test_looked_after_needs_its_legal_basis(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        protection_social_care(child=north_case.child, by=case_worker, status="looked_after", legal_basis="s99")
    assert errors_of(raised) == {"legal_basis": ["Select the legal basis on which the child is looked after"]}
    status = protection_social_care(
        child=north_case.child, by=case_worker, status="looked_after", legal_basis="s20", protection_category="neglect"
    )
    # A category left over from another status is not kept.
    assert (status.legal_basis, status.protection_category) == ("s20", "")


def test_social_care_status_needs_a_status_and_a_past_date(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        protection_social_care(child=north_case.child, by=case_worker, status="", from_date=TOMORROW)
    assert errors_of(raised) == {
        "status": ["Select the child's social care status"],
        "from_date": ["The date the status started must be today or in the past"],
    }


def test_social_care_history_reads_back_what_held_on_a_day(north_case, case_worker):
    child = north_case.child
    protection_social_care(child=child, by=case_worker, status="child_in_need", from_date=days_ago(100))
    plan = protection_social_care(
        child=child, by=case_worker, status="child_protection_plan", protection_category="sexual_abuse",
        from_date=days_ago(50),
    )  # fmt: skip
    looked_after = protection_social_care(
        child=child, by=case_worker, status="looked_after", legal_basis="s31", from_date=days_ago(10)
    )
    assert selectors.social_care_status_on(child=child, day=days_ago(101)) is None
    assert selectors.social_care_status_on(child=child, day=days_ago(100)).status == "child_in_need"
    assert selectors.social_care_status_on(child=child, day=days_ago(11)) == plan
    assert selectors.social_care_status_on(child=child, day=TODAY) == looked_after
    # History is kept: three records, none changed.
    assert SocialCareStatus.objects.filter(child=child).count() == 3


def test_social_care_needs_an_open_case_the_user_works_on(north_case, south_worker, head_of_service):
    for user in (south_worker, head_of_service):
        with pytest.raises(PermissionDenied):
            protection_social_care(child=north_case.child, by=user)


# --- Safeguarding referrals -------------------------------------------------------------------------


def test_a_safeguarding_referral_and_its_outcome(north_case, case_worker):
    referral = protection_safeguarding(case=north_case, by=case_worker)
    services.safeguarding_referral_update(
        referral=referral, by=case_worker, reference=" MASH-77 ", outcome="Strategy meeting"
    )
    referral.refresh_from_db()
    assert (referral.reference, referral.outcome) == ("MASH-77", "Strategy meeting")


def test_a_safeguarding_referral_says_to_whom_when_and_why(north_case, case_worker):
    with pytest.raises(ValidationError) as raised:
        protection_safeguarding(
            case=north_case, by=case_worker, referred_to="nobody", referred_on=TOMORROW, concern=" "
        )
    assert errors_of(raised) == {
        "referred_to": ["Select who the referral was made to"],
        "referred_on": ["The date of the referral must be today or in the past"],
        "concern": ["Enter the safeguarding concern"],
    }
    with pytest.raises(ValidationError) as raised:
        protection_safeguarding(case=north_case, by=case_worker, referred_to="other")
    assert errors_of(raised) == {"referred_to_detail": ["Enter who the referral was made to"]}
    assert not SafeguardingReferral.objects.exists()


# --- Selectors --------------------------------------------------------------------------------------


def test_case_protection_gathers_the_case_records(north_case, case_worker):
    mappa = protection_mappa(case=north_case, by=case_worker, managed_from=days_ago(1))
    marac = protection_marac(case=north_case, by=case_worker)
    referral = protection_safeguarding(case=north_case, by=case_worker)
    earlier = protection_social_care(child=north_case.child, by=case_worker, from_date=days_ago(40))
    now = protection_social_care(child=north_case.child, by=case_worker, status="none", from_date=days_ago(4))
    record = selectors.case_protection(user=case_worker, case=north_case)
    assert (record.mappa, record.marac, record.safeguarding_referrals) == ([mappa], [marac], [referral])
    assert record.social_care_history == [now, earlier]
    assert record.social_care_now == now
    assert record.mappa_current == mappa


def test_another_teams_restricted_case_is_not_there(south_restricted_case, south_worker, case_worker, head_of_service):
    protection_mappa(case=south_restricted_case, by=south_worker)
    with pytest.raises(Http404):
        selectors.case_protection(user=case_worker, case=south_restricted_case)
    assert not selectors.mappa_list(user=case_worker).exists()
    assert selectors.mappa_list(user=head_of_service).count() == 1
    assert selectors.case_protection(user=head_of_service, case=south_restricted_case).mappa


def test_police_see_no_protection_records(north_case, case_worker, police_officer):
    protection_mappa(case=north_case, by=case_worker)
    protection_social_care(child=north_case.child, by=case_worker)
    assert not selectors.mappa_list(user=police_officer).exists()
    assert not selectors.social_care_list(user=police_officer).exists()
    with pytest.raises(Http404):
        selectors.case_protection(user=police_officer, case=north_case)


def test_reading_a_restricted_cases_records_is_audited(north_restricted_case, team_manager):
    mappa = protection_mappa(case=north_restricted_case, by=team_manager)
    status = protection_social_care(child=north_restricted_case.child, by=team_manager)
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(north_restricted_case.pk))
    assert services.protection_records_viewed(records=[mappa], user=team_manager, via="test") == 1
    assert services.protection_records_viewed(records=[status], user=team_manager, via="test") == 1
    assert reads.count() == 2
