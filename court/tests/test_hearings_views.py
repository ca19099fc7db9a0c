"""The pages of hearings: a child's hearings and the next one, recording and changing a hearing (the
service's errors in a GOV.UK error summary), and the court list for a day with its date filter."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from court.models import Hearing
from yjs.models import AuditAction, AuditEvent

from .factories_hearings import *  # noqa: F403
from .factories_hearings import TODAY, court_hearing, days_ago

pytestmark = pytest.mark.django_db


def date_fields(name: str, value: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def error_summary(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    return [unescape(text) for _, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))]


def url(name: str, *args) -> str:
    return reverse(f"court:{name}", args=args)


def test_a_childs_hearings_show_the_next_hearing(client, north_case, case_worker):
    court_hearing(child=north_case.child, by=case_worker, next_hearing_on=TODAY + datetime.timedelta(days=3))
    client.force_login(case_worker)
    response = client.get(url("child_hearings", north_case.child_id))
    html = response.content.decode()
    assert response.status_code == 200
    next_day = TODAY + datetime.timedelta(days=3)
    assert f"Next hearing: {next_day.day} {next_day:%B %Y}" in html
    assert url("hearing_add", north_case.child_id) in html


def test_recording_a_hearing_through_the_page(client, north_case, case_worker):
    client.force_login(case_worker)
    assert client.get(url("hearing_add", north_case.child_id)).status_code == 200
    response = client.post(
        url("hearing_add", north_case.child_id),
        {
            "case": str(north_case.pk),
            **date_fields("heard_on", days_ago(1)),
            "court": "Leeds Youth Court",
            "hearing_type": "sentence",
            "outcome": "sentenced",
            "duty_officer_note": "Referral order, 9 months",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("child_hearings", north_case.child_id)
    hearing = Hearing.objects.get()
    assert (hearing.case, hearing.heard_on, hearing.outcome) == (north_case, days_ago(1), "sentenced")


def test_the_services_errors_are_shown_on_the_form(client, north_case, case_worker):
    client.force_login(case_worker)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(
        url("hearing_add", north_case.child_id),
        {**date_fields("heard_on", tomorrow), "court": "Leeds", "hearing_type": "plea", "outcome": "bail",
         **date_fields("next_hearing_on", tomorrow)},
    )  # fmt: skip
    assert error_summary(response) == [
        "Record the outcome once the hearing has happened: the hearing date is in the future",
        "The date of the next hearing must be after the date of this hearing",
    ]
    response = client.post(url("hearing_add", north_case.child_id), {})
    assert error_summary(response) == ["Enter the date of the hearing", "Enter the court", "Select the type of hearing"]
    assert not Hearing.objects.exists()


def test_changing_a_hearing(client, north_case, case_worker, head_of_service):
    hearing = court_hearing(child=north_case.child, by=case_worker)
    client.force_login(case_worker)
    page = client.get(url("hearing_edit", hearing.pk))
    assert page.status_code == 200 and "Leeds Youth Court" in page.content.decode()
    response = client.post(
        url("hearing_edit", hearing.pk),
        {**date_fields("heard_on", hearing.heard_on), "court": "Bradford Youth Court", "hearing_type": "plea",
         "outcome": "bail"},
    )  # fmt: skip
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert (hearing.court, hearing.outcome) == ("Bradford Youth Court", "bail")
    client.force_login(head_of_service)
    assert client.get(url("hearing_edit", hearing.pk)).status_code == 403
    assert client.get(url("hearing_add", north_case.child_id)).status_code == 403


def test_another_teams_restricted_child_is_404(
    client, case_worker, south_restricted_case, south_worker, police_officer
):
    hearing = court_hearing(child=south_restricted_case.child, by=south_worker, case=south_restricted_case)
    client.force_login(case_worker)
    assert client.get(url("child_hearings", south_restricted_case.child_id)).status_code == 404
    assert client.get(url("hearing_add", south_restricted_case.child_id)).status_code == 404
    assert client.get(url("hearing_edit", hearing.pk)).status_code == 404
    client.force_login(police_officer)
    assert client.get(url("hearing_list")).status_code == 403
    # Its own worker's read of it is a sensitive read of the restricted case.
    client.force_login(south_worker)
    assert client.get(url("child_hearings", south_restricted_case.child_id)).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, object_id=str(south_restricted_case.pk), detail__via="court_hearings"
    ).exists()


def test_the_court_list_for_a_day(client, north_case, case_worker):
    court_hearing(child=north_case.child, by=case_worker, heard_on=days_ago(2), court="York Youth Court")
    client.force_login(case_worker)
    html = client.get(url("hearing_list")).content.decode()
    assert f"{TODAY.day} {TODAY:%B %Y} (today)" in html
    assert "No hearings are listed" in html
    yesterday = TODAY - datetime.timedelta(days=1)
    assert f'href="?on={yesterday.isoformat()}"' in html
    response = client.get(url("hearing_list"), {"on": days_ago(2).isoformat()})
    html = response.content.decode()
    assert "York Youth Court" in html and north_case.child.full_name in html
    assert "(today)" not in html


def test_a_wrong_date_shows_todays_list_with_an_error(client, case_worker):
    client.force_login(case_worker)
    for wrong in ("2026-02-30", "0001-01-01"):
        response = client.get(url("hearing_list"), {"on": wrong})
        [error] = error_summary(response)
        assert error.startswith("The date must be")
        assert "(today)" in response.content.decode()
