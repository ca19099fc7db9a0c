"""The pages of pre-sentence reports: the list (a worker's own, a manager's team's with those awaiting
approval first), starting one on a case, and the report's page, whose actions follow its status and
the person, with each refused step shown as an error on the page."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from court.models import PreSentenceReport, ReportStatus

from .factories_hearings import *  # noqa: F403
from .factories_hearings import TODAY, court_hearing, court_report, days_ago, report_at

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


def buttons(response) -> list[str]:
    return re.findall(r'name="action" value="(\w+)"', response.content.decode())


def test_starting_a_report_on_a_case(client, north_case, case_worker):
    hearing = court_hearing(child=north_case.child, by=case_worker, outcome="report_requested")
    client.force_login(case_worker)
    page = client.get(url("report_add", north_case.pk))
    assert page.status_code == 200 and "Leeds Youth Court" in page.content.decode()
    response = client.post(
        url("report_add", north_case.pk),
        {**date_fields("requested_on", TODAY), "stand_down": "yes", "hearing": str(hearing.pk), "author": ""},
    )
    report = PreSentenceReport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("report_detail", report.pk)
    assert (report.due_on, report.author, report.hearing, report.stand_down) == (TODAY, case_worker, hearing, True)


def test_starting_a_report_shows_the_errors(client, north_case, case_worker, head_of_service):
    client.force_login(case_worker)
    response = client.post(url("report_add", north_case.pk), {})
    assert error_summary(response) == [
        "Enter the date the court asked for the report",
        "Select yes if the report is written the same day, while the court waits",
    ]
    response = client.post(
        url("report_add", north_case.pk),
        {**date_fields("requested_on", TODAY + datetime.timedelta(days=1)), "stand_down": "no"},
    )
    assert error_summary(response) == ["The date the court asked for the report must be today or in the past"]
    assert not PreSentenceReport.objects.exists()
    client.force_login(head_of_service)
    assert client.get(url("report_add", north_case.pk)).status_code == 403


def test_the_whole_loop_through_the_report_page(client, north_case, case_worker, team_manager):
    report = court_report(case=north_case, by=case_worker, proposal="")
    page = url("report_detail", report.pk)
    client.force_login(case_worker)
    assert buttons(client.get(page)) == ["proposal", "send"]
    # Sent without a proposal: refused on the page.
    assert error_summary(client.post(page, {"action": "send"})) == ["Select the sentence the report proposes"]
    assert client.post(page, {"action": "proposal", "proposal": "referral_order"}).status_code == 302
    assert client.post(page, {"action": "send"}).status_code == 302
    assert buttons(client.get(page)) == []

    client.force_login(team_manager)
    assert buttons(client.get(page)) == ["approve", "return"]
    assert error_summary(client.post(page, {"action": "return", "feedback": ""})) == [
        "Enter your feedback: what must change before you can approve the report"
    ]
    assert client.post(page, {"action": "return", "feedback": "Say what the victim wants"}).status_code == 302

    client.force_login(case_worker)
    response = client.get(page)
    assert "Say what the victim wants" in response.content.decode()
    assert buttons(response) == ["proposal", "resubmit"]
    # Acceptance 3 on the page: a returned report is not submitted.
    assert error_summary(client.post(page, {"action": "submit", **date_fields("submitted_on", TODAY)})) == [
        "The report cannot be submitted to the court: it is returned by a manager, and only a report a manager "
        "has approved can be"
    ]
    response = client.post(page, {"action": "resubmit", "proposal": "referral_order", "proposal_detail": "Letter"})
    assert response.status_code == 302

    client.force_login(team_manager)
    assert client.post(page, {"action": "approve"}).status_code == 302
    client.force_login(case_worker)
    assert buttons(client.get(page)) == ["submit"]
    assert client.post(page, {"action": "submit", **date_fields("submitted_on", TODAY)}).status_code == 302
    response = client.post(page, {"action": "sentence", "sentence_given": "", **date_fields("sentenced_on", TODAY)})
    assert error_summary(response) == ["Select the sentence the court gave"]
    response = client.post(
        page, {"action": "sentence", "sentence_given": "referral_order", **date_fields("sentenced_on", TODAY)}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.sentence_given, report.submitted_on) == (
        ReportStatus.SUBMITTED,
        "referral_order",
        TODAY,
    )
    assert "(as proposed)" in client.get(page).content.decode()


def test_a_step_the_user_may_not_take_is_403(client, north_case, case_worker, team_manager):
    report = report_at("awaiting_approval", case=north_case, author=case_worker, manager=team_manager)
    client.force_login(case_worker)
    assert client.post(url("report_detail", report.pk), {"action": "approve"}).status_code == 403
    assert error_summary(client.post(url("report_detail", report.pk), {"action": "fly"})) == [
        "Choose an action on the report"
    ]


def test_the_list_a_worker_and_a_manager_see(client, north_case, case_worker, team_manager, second_manager):
    draft = court_report(case=north_case, by=case_worker, requested_on=days_ago(1))
    awaiting = report_at("awaiting_approval", case=north_case, author=team_manager, manager=second_manager)
    client.force_login(second_manager)
    html = client.get(url("report_list")).content.decode()
    assert html.index(url("report_detail", awaiting.pk)) < html.index(url("report_detail", draft.pk))
    html = client.get(url("report_list"), {"status": "draft"}).content.decode()
    assert url("report_detail", draft.pk) in html and url("report_detail", awaiting.pk) not in html
    client.force_login(case_worker)
    html = client.get(url("report_list")).content.decode()
    assert url("report_detail", draft.pk) in html and url("report_detail", awaiting.pk) not in html


def test_another_teams_restricted_report_is_404(client, case_worker, south_restricted_case, south_worker):
    report = court_report(case=south_restricted_case, by=south_worker)
    client.force_login(case_worker)
    assert client.get(url("report_detail", report.pk)).status_code == 404
    assert client.post(url("report_detail", report.pk), {"action": "send"}).status_code == 404
    assert client.get(url("report_add", south_restricted_case.pk)).status_code == 404
