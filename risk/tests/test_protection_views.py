"""The pages of MAPPA, MARAC, social care status and safeguarding referrals, and the case page's
section that shows them: GOV.UK error summaries, who may record, restricted cases."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import reverse

from risk.models import Mappa, Marac, Referral, SafeguardingReferral, SocialCareStatus
from risk.views.protection import SECTION_TEMPLATE, case_protection_section
from yjs.models import AuditAction, AuditEvent

from .factories_protection import (
    TODAY,
    days_ago,
    protection_case,
    protection_mappa,
    protection_marac,
    protection_safeguarding,
    protection_social_care,
)
from .fixtures_protection import *  # noqa: F403

pytestmark = pytest.mark.django_db


def date_fields(name: str, value: date) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def error_summary(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    return [unescape(text) for _, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))]


def url(name: str, *args) -> str:
    return reverse(f"risk:{name}", args=args)


# --- MAPPA ------------------------------------------------------------------------------------------


def test_recording_mappa_through_the_page_refers_the_case(client, case_worker, north_case):
    client.force_login(case_worker)
    assert client.get(url("mappa_record", north_case.pk)).status_code == 200
    response = client.post(
        url("mappa_record", north_case.pk),
        {
            "category": "1",
            "level": "2",
            **date_fields("referred_on", days_ago(10)),
            **date_fields("managed_from", days_ago(2)),
            "lead_agency": "Police",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{north_case.pk}/#protection")
    mappa = Mappa.objects.get()
    assert (mappa.category, mappa.level, mappa.managed_from) == (1, 2, days_ago(2))
    assert Referral.objects.get(case=north_case).reason == "mappa"


def test_mappa_errors_show_in_the_summary(client, case_worker, north_case):
    client.force_login(case_worker)
    response = client.post(url("mappa_record", north_case.pk), {})
    assert error_summary(response) == [
        "Select the MAPPA category",
        "Select the MAPPA level",
        "Enter the date of the MAPPA referral",
        "Enter the lead agency",
    ]
    tomorrow = TODAY + timedelta(days=1)
    response = client.post(
        url("mappa_record", north_case.pk),
        {"category": "2", "level": "1", **date_fields("referred_on", tomorrow), "lead_agency": "Police"},
    )
    assert error_summary(response) == ["The date of the MAPPA referral must be today or in the past"]
    assert not Mappa.objects.exists()


def test_changing_mappa(client, case_worker, north_case):
    mappa = protection_mappa(case=north_case, by=case_worker)
    client.force_login(case_worker)
    page = client.get(url("mappa_update", north_case.pk, mappa.pk)).content.decode()
    assert 'value="Probation"' in page
    response = client.post(
        url("mappa_update", north_case.pk, mappa.pk),
        {
            "category": "2",
            "level": "3",
            **date_fields("referred_on", mappa.referred_on),
            **date_fields("managed_from", days_ago(5)),
            **date_fields("managed_until", days_ago(6)),
            "lead_agency": "Probation",
        },
    )
    assert error_summary(response) == [
        "The date MAPPA management ended must be the same as or after the date it started"
    ]
    mappa.refresh_from_db()
    assert mappa.level == 2


# --- MARAC, safeguarding and social care ------------------------------------------------------------


def test_recording_and_updating_a_marac_referral(client, case_worker, north_case):
    client.force_login(case_worker)
    assert error_summary(client.post(url("marac_record", north_case.pk), {})) == [
        "Enter the date of the MARAC referral"
    ]
    response = client.post(
        url("marac_record", north_case.pk), {**date_fields("referred_on", days_ago(4)), "reference": "MARAC-9"}
    )
    assert response.status_code == 302
    marac = Marac.objects.get()
    response = client.post(
        url("marac_update", north_case.pk, marac.pk),
        {**date_fields("referred_on", days_ago(4)), "reference": "MARAC-9", "outcome": "Safety plan"},
    )
    assert error_summary(response) == ["Enter the date the MARAC heard the case"]


def test_a_safeguarding_referral_to_other_names_who(client, case_worker, north_case):
    client.force_login(case_worker)
    body = {"referred_to": "other", **date_fields("referred_on", TODAY), "concern": "Sleeping at a stranger's flat"}
    response = client.post(url("safeguarding_referral_record", north_case.pk), body)
    assert error_summary(response) == ["Enter who the referral was made to"]
    response = client.post(url("safeguarding_referral_record", north_case.pk), body | {"referred_to_detail": "MASH"})
    assert response.status_code == 302
    referral = SafeguardingReferral.objects.get()
    response = client.post(
        url("safeguarding_referral_update", north_case.pk, referral.pk),
        body | {"referred_to_detail": "MASH", "reference": "S-1", "outcome": "Assessment opened"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "Assessment opened"


def test_a_child_protection_plan_needs_its_category_on_the_page(client, case_worker, north_case):
    client.force_login(case_worker)
    body = {"status": "child_protection_plan", **date_fields("from_date", days_ago(1))}
    response = client.post(url("social_care_record", north_case.pk), body)
    assert error_summary(response) == ["Select the category of the child protection plan"]
    response = client.post(url("social_care_record", north_case.pk), body | {"protection_category": "neglect"})
    assert response.status_code == 302
    assert SocialCareStatus.objects.get().protection_category == "neglect"


# --- Who may use the pages --------------------------------------------------------------------------


def test_the_head_of_service_may_not_record(client, head_of_service, north_case):
    client.force_login(head_of_service)
    assert client.get(url("mappa_record", north_case.pk)).status_code == 403


def test_another_teams_restricted_case_is_404(client, case_worker, south_restricted_case, south_worker):
    mappa = protection_mappa(case=south_restricted_case, by=south_worker)
    client.force_login(case_worker)
    assert client.get(url("mappa_record", south_restricted_case.pk)).status_code == 404
    assert client.get(url("mappa_update", south_restricted_case.pk, mappa.pk)).status_code == 404
    assert client.get(url("social_care_record", south_restricted_case.pk)).status_code == 404


def test_a_record_of_another_case_is_404(client, case_worker, north_case, team_north):
    other = protection_mappa(case=protection_case(team=team_north, worker=case_worker), by=case_worker)
    client.force_login(case_worker)
    assert client.get(url("mappa_update", north_case.pk, other.pk)).status_code == 404


def test_opening_a_restricted_cases_record_to_change_it_is_audited(client, team_manager, north_restricted_case):
    marac = protection_marac(case=north_restricted_case, by=team_manager)
    client.force_login(team_manager)
    assert client.get(url("marac_update", north_restricted_case.pk, marac.pk)).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, object_id=str(north_restricted_case.pk), actor=team_manager
    ).exists()


def test_anyone_signed_out_goes_to_sign_in(client, north_case):
    response = client.get(url("mappa_record", north_case.pk))
    assert response.status_code == 302
    assert response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL)


# --- The case page's section ------------------------------------------------------------------------


def test_the_section_shows_mappa_marac_social_care_and_safeguarding(rf, case_worker, north_case):
    protection_mappa(case=north_case, by=case_worker, level=3, managed_from=days_ago(3), lead_agency="Probation")
    protection_marac(case=north_case, by=case_worker, reference="MARAC-44")
    protection_social_care(child=north_case.child, by=case_worker, status="child_in_need", from_date=days_ago(40))
    protection_social_care(
        child=north_case.child, by=case_worker, status="looked_after", legal_basis="s20", from_date=days_ago(5),
        social_worker="Sam Social",
    )  # fmt: skip
    protection_safeguarding(case=north_case, by=case_worker, concern="Exploitation concern")
    request = rf.get("/")
    request.user = case_worker
    html = render_to_string(SECTION_TEMPLATE, case_protection_section(user=case_worker, case=north_case), request)
    for shown in (
        "Level 3",
        "Category 2",
        "Probation",
        "MARAC-44",
        "Looked after: Accommodated by agreement",
        "Child in need",
        "Sam Social",
        "Exploitation concern",
        url("mappa_record", north_case.pk),
        url("social_care_record", north_case.pk),
    ):
        assert shown in unescape(html), shown


def test_the_section_offers_no_changes_to_the_head_of_service(rf, head_of_service, case_worker, north_case):
    protection_mappa(case=north_case, by=case_worker)
    request = rf.get("/")
    request.user = head_of_service
    html = render_to_string(SECTION_TEMPLATE, case_protection_section(user=head_of_service, case=north_case), request)
    assert "Category 2" in html
    assert url("mappa_record", north_case.pk) not in html


def test_the_section_is_empty_for_police(police_officer, north_case):
    assert case_protection_section(user=police_officer, case=north_case) is None


def test_the_case_page_shows_the_section_with_its_links(client, case_worker, north_case):
    protection_mappa(case=north_case, by=case_worker, level=3, managed_from=days_ago(1))
    protection_social_care(child=north_case.child, by=case_worker, status="child_in_need")
    client.force_login(case_worker)
    html = unescape(client.get(reverse("cases:case_detail", args=[north_case.pk])).content.decode())
    assert 'id="protection"' in html
    assert 'href="#protection"' in html  # on the page's contents
    for shown in ("Level 3 – multi-agency management, senior oversight", "Child in need since"):
        assert shown in html, shown
    assert url("marac_record", north_case.pk) in html
