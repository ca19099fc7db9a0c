"""The head of service generates a board report on a real Celery worker, watches its progress,
opens it and downloads the PDF; a board member reads it and sees no child's name."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cases.tests.factories import ChildFactory
from governance.tests.factories import caution, court_order, population
from oocd.catalogue import ensure_shipped_outcomes
from oocd.models import Outcome
from yjs.celery import app
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

from .conftest import CHROMIUM_ARGS  # noqa: F401 (the browser fixtures live there)
from .test_information_request import sign_in, sign_out, watch

pytestmark = pytest.mark.browser

NAMES = [("Ottoline", "Featherstonehaugh"), ("Bartholomew", "Quillfeather"), ("Marisol", "Abernethy-Vance")]


@pytest.fixture
def people(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role)
    ensure_shipped_outcomes(Outcome)
    north = TeamFactory(name="North", slug="north")
    south = TeamFactory(name="South", slug="south")
    head = UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[north, south])
    board = UserFactory(username="board", roles=[Role.BOARD_MEMBER])
    year = datetime.date.today().year - 1
    population(year, {("W1", "M"): 9_000, ("W1", "F"): 9_000, ("B1", "M"): 1_000})
    children = [ChildFactory(forenames=f, surname=s) for f, s in NAMES]
    caution(children[0], datetime.date(year, 3, 1), team=north)
    court_order(children[1], datetime.date(year, 5, 1), team=north)
    court_order(children[2], datetime.date(year, 6, 1), team=south)
    return {"head": head, "board": board, "year": year}


@pytest.fixture
def celery_worker(people):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
        yield worker


@pytest.mark.worker
def test_head_generates_a_report_and_the_board_reads_it(live_server, people, celery_worker, page, tmp_path):
    problems = watch(page)
    year = people["year"]
    sign_in(page, live_server.url, "head")
    page.goto(f"{live_server.url}/governance/reports/")
    for prefix, (day, month) in (("Start of the period", (1, 1)), ("End of the period", (31, 12))):
        group = page.get_by_role("group", name=prefix)
        group.get_by_label("Day").fill(str(day))
        group.get_by_label("Month").fill(str(month))
        group.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Generate the report").click()

    progress = page.locator("#report-progress-bar")
    expect(progress).to_be_visible()
    expect(page.locator("#report-progress-message")).to_contain_text("100%", timeout=60_000)
    expect(progress).to_have_attribute("value", "100")
    page.get_by_role("link", name="Open the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"1 January {year} to 31 December {year}")
    expect(page.get_by_role("heading", name="Youth Justice Board key performance indicators")).to_be_visible()
    expect(page.locator("svg.report-chart").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    sign_out(page)

    sign_in(page, live_server.url, "board")
    page.get_by_role("link", name="Board and inspection").first.click()
    page.get_by_role("link", name=f"1 Jan {year} to 31 Dec {year}").click()
    expect(page.get_by_role("heading", name="Youth Justice Board key performance indicators")).to_be_visible()
    expect(page.get_by_role("cell", name="not shown (small numbers)").first).to_be_visible()
    text = page.content()
    for forenames, surname in NAMES:
        assert forenames not in text and surname not in text
    assert not problems, problems


def test_the_report_page_meets_wcag_22_aa(live_server, people, axe_page, wcag_violations):
    from governance import services

    year = people["year"]
    report = services.board_report_request(
        by=people["head"], start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
    )
    services.board_report_generate(report_id=report.pk)
    for username in ("head", "board"):
        sign_in(axe_page, live_server.url, username)
        axe_page.goto(f"{live_server.url}/governance/reports/{report.pk}/")
        expect(axe_page.locator("svg.report-chart").first).to_be_visible()
        assert wcag_violations(axe_page) == []
        sign_out(axe_page)
