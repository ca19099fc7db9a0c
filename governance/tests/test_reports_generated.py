"""A generated board report, as each of its readers sees it: the status, the page, the CSV and the
PDF, and what board members see.

The report is generated once for the module (its figures, then the staff's and the board's PDFs),
in a transaction rolled back when the module ends; each test runs in its own savepoint of it.
"""

import datetime
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from django.urls import reverse

from cases.models import Child
from cases.tests.factories import ChildFactory
from governance import report as rendering
from governance import services
from governance.models import BoardReport, Recommendation, ReportStatus
from governance.recommendations import load_shipped
from governance.tests.factories import caution, court_order, population
from governance.tests.report_tables import Tables, csv_of
from oocd.catalogue import ensure_shipped_outcomes
from oocd.models import Outcome
from yjs.models import AuditEvent, User
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
API = "/api/v1/governance/reports/"


@dataclass
class Generated:
    report: BoardReport
    named: list[Child]
    users: dict[str, User]


def _figures(team) -> list[Child]:
    """Two named children with cautions (a small number) and a larger group with court orders."""
    population(2025, {("W1", "M"): 9_000, ("W1", "F"): 9_000, ("B1", "M"): 1_000, ("A1", "F"): 1_000})
    named = [
        ChildFactory(forenames="Zebedee", surname="Quartermaine", ethnicity="B1"),
        ChildFactory(forenames="Philippa", surname="Oyelaran-Smythe", gender="F", ethnicity="A1"),
    ]
    for child in named:
        caution(child, D(2025, 4, 1), team=team)
    for i in range(6):
        court_order(ChildFactory(forenames=f"Order{i}", surname="Kidd"), D(2025, 5, 1), team=team)
    caution(ChildFactory(), D(2024, 4, 1), team=team)
    return named


@pytest.fixture(scope="module")
def world(module_world):
    def load() -> Generated:
        ensure_shipped_outcomes(Outcome)
        if not Recommendation.objects.exists():
            load_shipped()
        north, south = TeamFactory(name="North", slug="north"), TeamFactory(name="South", slug="south")
        users = {
            "head": UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[north, south]),
            "board": UserFactory(username="board", roles=[Role.BOARD_MEMBER]),
            "caseworker": UserFactory(username="caseworker", roles=[Role.CASE_WORKER], teams=[north]),
        }
        named = _figures(north)
        report = services.board_report_request(by=users["head"], start=D(2025, 1, 1), end=D(2025, 12, 31))
        return Generated(report=services.board_report_generate(report_id=report.pk), named=named, users=users)

    yield from module_world(load)


@pytest.fixture
def generated(world) -> BoardReport:
    world.report.refresh_from_db()
    return world.report


@pytest.fixture
def figures(world) -> list[Child]:
    return world.named


@pytest.fixture
def head_of_service(world) -> User:
    return world.users["head"]


@pytest.fixture
def board_member(world) -> User:
    return world.users["board"]


@pytest.fixture
def case_worker(world) -> User:
    return world.users["caseworker"]


def test_status_has_progress_and_links_once_generated(api_client, generated, head_of_service):
    api_client.force_authenticate(head_of_service)
    status = api_client.get(f"{API}{generated.pk}/").json()
    assert (status["status"], status["progress"], status["message"]) == ("succeeded", 100, "Ready")
    assert status["pdf"] == reverse("governance:report_download", args=[generated.pk, "pdf"])
    assert status["csv"] == reverse("governance:report_download", args=[generated.pk, "csv"])


def test_board_members_see_finished_reports_only(api_client, board_member, generated, head_of_service):
    running = BoardReport.objects.create(
        period_start=D(2025, 1, 1), period_end=D(2025, 3, 31), created_by=head_of_service, status="running"
    )
    api_client.force_authenticate(board_member)
    assert [r["id"] for r in api_client.get(API).json()] == [generated.pk]
    assert api_client.get(f"{API}{running.pk}/").status_code == 404


def test_generation_records_progress_and_keeps_the_files(generated):
    assert generated.status == ReportStatus.SUCCEEDED
    assert generated.progress == 100
    for field in ("pdf", "csv", "board_pdf", "board_csv"):
        assert getattr(generated, field).name
    with generated.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert set(generated.data["sections"]) >= {"yjb", "needs", "oocd", "disproportionality", "custody"}


def test_the_csv_carries_the_same_figures_as_the_page(client, generated, head_of_service):
    client.force_login(head_of_service)
    page = client.get(reverse("governance:report_detail", args=[generated.pk]))
    page_rows = Tables(page.content.decode()).rows
    csv_rows = csv_of(client.get(reverse("governance:report_download", args=[generated.pk, "csv"])))

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
    csv_rows = csv_of(client.get(reverse("governance:report_download", args=[generated.pk, "csv"])))
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
