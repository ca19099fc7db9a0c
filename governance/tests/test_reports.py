"""Board reports: the API, generation with progress, the page, CSV and PDF, and what board members see."""

import csv
import datetime
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cases.tests.factories import ChildFactory
from governance import report as rendering
from governance import services
from governance.models import BoardReport, ReportStatus
from governance.tests.factories import caution, court_order, population
from yjs.models import AuditEvent

pytestmark = pytest.mark.django_db

D = datetime.date
API = "/api/v1/governance/reports/"


@pytest.fixture
def figures(team_north):
    """Two named children with cautions (a small number) and a larger group with court orders."""
    population(2025, {("W1", "M"): 9_000, ("W1", "F"): 9_000, ("B1", "M"): 1_000, ("A1", "F"): 1_000})
    named = [
        ChildFactory(forenames="Zebedee", surname="Quartermaine", ethnicity="B1"),
        ChildFactory(forenames="Philippa", surname="Oyelaran-Smythe", gender="F", ethnicity="A1"),
    ]
    for child in named:
        caution(child, D(2025, 4, 1), team=team_north)
    for i in range(6):
        court_order(ChildFactory(forenames=f"Order{i}", surname="Kidd"), D(2025, 5, 1), team=team_north)
    caution(ChildFactory(), D(2024, 4, 1), team=team_north)
    return named


@pytest.fixture
def generated(figures, head_of_service):
    report = services.board_report_request(by=head_of_service, start=D(2025, 1, 1), end=D(2025, 12, 31))
    return services.board_report_generate(report_id=report.pk)


class Tables(HTMLParser):
    """The rows (cell texts) of the report tables on a page."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_report_table = False
        self._in_body = False
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "report-table" in (attrs.get("class") or ""):
            self._in_report_table = True
        elif self._in_report_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_report_table = self._in_body = False
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


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


def test_status_has_progress_and_links_once_generated(api_client, generated, head_of_service):
    api_client.force_authenticate(head_of_service)
    status = api_client.get(f"{API}{generated.pk}/").json()
    assert (status["status"], status["progress"], status["message"]) == ("succeeded", 100, "Ready")
    assert status["pdf"] == reverse("governance:report_download", args=[generated.pk, "pdf"])
    assert status["csv"] == reverse("governance:report_download", args=[generated.pk, "csv"])


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


def test_board_members_see_finished_reports_only(api_client, board_member, generated, head_of_service):
    running = BoardReport.objects.create(
        period_start=D(2025, 1, 1), period_end=D(2025, 3, 31), created_by=head_of_service, status="running"
    )
    api_client.force_authenticate(board_member)
    assert [r["id"] for r in api_client.get(API).json()] == [generated.pk]
    assert api_client.get(f"{API}{running.pk}/").status_code == 404


# --- Generation ------------------------------------------------------------------------------


def test_generation_records_progress_and_keeps_the_files(generated):
    assert generated.status == ReportStatus.SUCCEEDED
    assert generated.progress == 100
    for field in ("pdf", "csv", "board_pdf", "board_csv"):
        assert getattr(generated, field).name
    with generated.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert set(generated.data["sections"]) >= {"yjb", "needs", "oocd", "disproportionality", "custody"}


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


def test_the_csv_carries_the_same_figures_as_the_page(client, generated, head_of_service):
    client.force_login(head_of_service)
    page = client.get(reverse("governance:report_detail", args=[generated.pk]))
    page_rows = Tables(page.content.decode()).rows
    csv_rows = _csv(client.get(reverse("governance:report_download", args=[generated.pk, "csv"])))

    assert csv_rows[0] == rendering.CSV_HEADER
    assert [row[1:] for row in csv_rows[1:]] == page_rows
    assert len(page_rows) > 40
    ftes = next(row for row in page_rows if row[0].startswith("First-time entrants"))
    assert ftes[1:4] == ["8", "20,000", "40.0"]  # 2 cautions and 6 orders, per 100,000 of 20,000
    assert ftes[4] == "1"  # the previous year's entrant beside it


def test_the_board_sees_small_numbers_suppressed_and_no_child_named(client, generated, board_member, figures):
    client.force_login(board_member)
    html = client.get(reverse("governance:report_detail", args=[generated.pk])).content.decode()
    rows = Tables(html).rows
    cautions = next(row for row in rows if row[0] == "Youth caution")
    # Every hidden cell reads the same, whether small or hidden so that a small one cannot be worked out.
    assert cautions[1:4] == [rendering.HIDDEN, rendering.HIDDEN, rendering.HIDDEN]
    assert "fewer than" not in html
    ftes = next(row for row in rows if row[0].startswith("First-time entrants"))
    assert ftes[1:4] == ["8", "20,000", "40.0"]
    csv_rows = _csv(client.get(reverse("governance:report_download", args=[generated.pk, "csv"])))
    assert [row[1:] for row in csv_rows[1:]] == rows
    pdf = b"".join(client.get(reverse("governance:report_download", args=[generated.pk, "pdf"])).streaming_content)
    assert pdf.startswith(b"%PDF")
    for child in figures:
        for name in (child.forenames, child.surname):
            assert name not in html
            assert name not in str(csv_rows)


def test_staff_see_exact_small_numbers(client, generated, head_of_service):
    client.force_login(head_of_service)
    html = client.get(reverse("governance:report_detail", args=[generated.pk])).content.decode()
    assert "fewer than" not in html
    cautions = next(row for row in Tables(html).rows if row[0] == "Youth caution")
    assert cautions[1:4] == ["2", "2", "100.0%"]


def test_each_chart_is_accessible_svg_with_a_table_after_it(client, generated, head_of_service):
    client.force_login(head_of_service)
    html = client.get(reverse("governance:report_detail", args=[generated.pk])).content.decode()
    charts = re.findall(r'<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) >= 6
    for labelled_by in charts:
        title_id, desc_id = labelled_by.split()
        assert f'<title id="{title_id}">' in html and f'<desc id="{desc_id}">' in html
    for section in re.findall(r"<section.*?</section>", html, flags=re.S):
        if "<svg" in section:
            assert section.index("<svg") < section.index('<table class="govuk-table report-table"')
    assert 'style="' not in html.split("<main", 1)[1]


def test_downloads_are_audited(client, generated, head_of_service):
    client.force_login(head_of_service)
    client.get(reverse("governance:report_download", args=[generated.pk, "pdf"]))
    assert AuditEvent.objects.filter(action="export", detail__export="board_report_pdf").exists()


def test_case_workers_cannot_see_reports(client, generated, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("governance:report_detail", args=[generated.pk])).status_code == 403
    assert client.get(reverse("governance:report_download", args=[generated.pk, "csv"])).status_code == 403


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


def test_the_pdf_renders_pages_that_are_not_blank(generated, tmp_path):
    pdftoppm, pdftotext = shutil.which("pdftoppm"), shutil.which("pdftotext")
    assert pdftoppm and pdftotext, "poppler-utils (pdftoppm, pdftotext) is missing: `make install` installs it"
    from PIL import Image

    with generated.pdf.open("rb") as pdf:
        (tmp_path / "report.pdf").write_bytes(pdf.read())
    # Page 1 is the cover; page 3 is the first section, with its chart.
    for page in (1, 3):
        subprocess.run(
            [pdftoppm, "-png", "-r", "40", "-f", str(page), "-l", str(page), "report.pdf", f"page{page}"],
            cwd=tmp_path,
            check=True,
        )
        (image_path,) = tmp_path.glob(f"page{page}*.png")
        image = Image.open(image_path).convert("L")
        dark = sum(image.histogram()[:200])
        assert dark > 200, f"page {page} looks blank"
    text = subprocess.run([pdftotext, "report.pdf", "-"], cwd=tmp_path, capture_output=True, text=True).stdout
    for section in rendering.indicators.SECTIONS:
        assert section[1] in text
    assert "Page 3 of" in text


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
