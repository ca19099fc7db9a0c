"""Board reports: the API, generation with progress, the page, CSV and PDF, and what board members see."""

import datetime

import pytest
from django.urls import reverse

from governance import report as rendering
from governance import services
from governance.models import BoardReport, ReportStatus

pytestmark = pytest.mark.django_db

D = datetime.date
API = "/api/v1/governance/reports/"


# --- API -------------------------------------------------------------------------------------


def test_post_queues_a_report_and_answers_202(api_client, head_of_service, django_capture_on_commit_callbacks):
    api_client.force_authenticate(head_of_service)
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_client.post(API, {"period_start": "2025-01-01", "period_end": "2025-12-31"}, format="json")
    assert response.status_code == 202
    report = BoardReport.objects.get(pk=response.json()["id"])
    assert report.status == ReportStatus.QUEUED
    assert len(callbacks) == 1  # the Celery task, queued on commit

    status = api_client.get(f"{API}{report.pk}/").json()
    assert status["status"] == "queued" and status["progress"] == 0
    assert status["pdf"] is None and status["csv"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"period_start": "2025-12-31", "period_end": "2025-01-01"}, "period_end"),
        ({"period_start": "not a date", "period_end": "2025-01-01"}, "period_start"),
        ({"period_start": "2025-01-01", "period_end": "2025-12-31", "teams": [999999]}, "teams"),
    ],
)
def test_bad_input_is_400_with_field_errors(api_client, head_of_service, payload, field):
    api_client.force_authenticate(head_of_service)
    response = api_client.post(API, payload, format="json")
    assert response.status_code == 400
    assert field in str(response.json())


def test_board_members_and_case_workers_cannot_generate(api_client, board_member, case_worker):
    payload = {"period_start": "2025-01-01", "period_end": "2025-12-31"}
    for user in (board_member, case_worker):
        api_client.force_authenticate(user)
        assert api_client.post(API, payload, format="json").status_code == 403
    api_client.force_authenticate(case_worker)
    assert api_client.get(API).status_code == 403


def test_a_manager_generates_for_their_own_teams_only(api_client, team_manager, team_north, team_south):
    api_client.force_authenticate(team_manager)
    base = {"period_start": "2025-01-01", "period_end": "2025-12-31"}
    assert api_client.post(API, {**base, "teams": [team_north.pk]}, format="json").status_code == 202
    assert api_client.post(API, {**base, "teams": [team_south.pk]}, format="json").status_code == 403
    assert api_client.post(API, base, format="json").status_code == 403


# --- Generation ------------------------------------------------------------------------------


def test_a_failed_generation_says_why(head_of_service, monkeypatch):
    report = services.board_report_request(by=head_of_service, start=D(2025, 1, 1), end=D(2025, 1, 31))

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(rendering, "report_data", broken)
    with pytest.raises(RuntimeError):
        services.board_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "database went away" in report.message


# --- Page, CSV and PDF -----------------------------------------------------------------------


def test_the_page_to_start_a_report(client, head_of_service, django_capture_on_commit_callbacks):
    client.force_login(head_of_service)
    assert client.get(reverse("governance:reports")).status_code == 200
    data = {
        "period_start_0": "1",
        "period_start_1": "1",
        "period_start_2": "2025",
        "period_end_0": "31",
        "period_end_1": "12",
        "period_end_2": "2025",
    }
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("governance:reports"), data)
    report = BoardReport.objects.get()
    assert response.url == reverse("governance:report_detail", args=[report.pk])
    page = client.get(response.url).content.decode()
    assert 'id="report-progress-bar"' in page
    assert "js/governance-report" in page


def test_managers_keep_the_population_figures(client, team_manager, board_member):
    client.force_login(team_manager)
    data = {"year": "2025", "ethnicity": "W1", "gender": "F", "children": "4200"}
    response = client.post(reverse("governance:population"), data)
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "4200" in html
    response = client.post(reverse("governance:population"), {**data, "children": "-1"})
    assert response.status_code == 200
    client.force_login(board_member)
    assert client.get(reverse("governance:population")).status_code == 403
