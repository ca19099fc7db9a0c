"""The police officer uploads a custody extract, watches the progress bar reach 100% (the run is
loaded by a real Celery worker), opens the rejected rows and resolves a match in the review queue."""

import re
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from cases.tests.factories import ChildFactory
from custody.extract import read_extract
from custody.ingest import ingest_file, ingest_run_create
from custody.models import CustodyRecord, IngestRun, IngestSource, MatchStatus, RunStatus
from yjs.celery import app
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker]

HEADER = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth,suite,outcome,released_at"


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    for role in Role:
        Group.objects.get_or_create(name=role)
    north, south = TeamFactory(name="North", slug="north"), TeamFactory(name="South", slug="south")
    police = UserFactory(
        username="police", first_name="Dan", last_name="Hughes", roles=[Role.POLICE_OFFICER], teams=[north, south]
    )
    jayden = ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    ChildFactory(surname="Whitfeld", forenames="Jaden", date_of_birth=date(2010, 5, 1))
    return {"police": police, "jayden": jayden}


def extract() -> bytes:
    lines = [
        HEADER,
        # Two possible children: this one waits for review.
        "WYP,C1,2026-08-29T01:15,Whitfeild,Jayden,2010-05-01,Leeds District (Elland Road),,",
        "WYP,C2,29/08/2026 14:00,O'Brien,Liam,2011-03-04,Leeds District (Elland Road),bailed,2026-08-29T20:00",
        "WYP,C3,2026-03-29T01:30,Smith,Amy,2011-03-04,Leeds District (Elland Road),,",  # the clocks went forward
        "WYP,C4,2026-08-30T11:00,Adult,Older,2004-01-01,Leeds District (Elland Road),,",  # an adult: skipped
        *(
            f"WYP,D{n},2026-08-30T1{n}:00,Nowak,Kasia {chr(65 + n)},2011-0{1 + n}-10,Bradford District,,"
            for n in range(8)
        ),
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def watch(page) -> list[str]:
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("response", lambda response: response.status >= 500 and problems.append(response.url))
    return problems


def test_police_upload_a_file_watch_it_load_read_the_rejected_rows_and_resolve_a_match(live_server, people, page):
    problems = watch(page)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("police")
        page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Custody").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Custody")
        page.get_by_role("navigation", name="Custody").get_by_role("link", name="Upload an extract").click()
        page.get_by_role("button", name="Upload and load the file").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select a custody extract file")

        page.get_by_label("Upload a custody extract").set_input_files(
            {"name": "saturday.csv", "mimeType": "text/csv", "buffer": extract()}
        )
        page.get_by_role("button", name="Upload and load the file").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ingest of saturday.csv")

        progress = page.locator("#ingest-progress")
        expect(progress).to_have_attribute("value", "100", timeout=30_000)
        expect(page.locator("#ingest-status")).to_have_text("Succeeded", timeout=30_000)
        expect(page.locator("#ingest-message")).to_contain_text("1 adult skipped; 1 row rejected")

    run = IngestRun.objects.get()
    assert (run.status, run.created, run.skipped, run.rejected) == (RunStatus.SUCCEEDED, 10, 1, 1)

    # The rejected rows, with their line numbers and reasons.
    reason = "detained_at: 2026-03-29T01:30 does not exist in UK time (the clocks went forward)"
    expect(page.get_by_text(reason)).to_be_hidden()
    page.get_by_text("Rejected rows (1)").click()
    rejected = page.locator("#rejected-rows table")
    expect(rejected).to_be_visible()
    expect(rejected.locator("tbody tr")).to_have_count(1)
    expect(rejected.locator("tbody tr td").first).to_have_text("4")
    expect(rejected).to_contain_text(reason)

    # The review queue: the police's "Whitfeild" could be Jayden Whitfield or Jaden Whitfeld.
    page.get_by_role("link", name=re.compile(r"Review the uncertain matches \(1\)")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    page.get_by_role("link", name="Review the match for Jayden Whitfeild").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the match for Jayden Whitfeild")
    page.get_by_role("button", name="Save the match").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the child, or that none of these is the child")
    page.get_by_label("Jayden Whitfield").check()
    page.get_by_role("button", name="Save the match").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Match saved for Jayden Whitfeild")
    expect(page.get_by_text("There are no matches to review.")).to_be_visible()

    record = CustodyRecord.objects.get(custody_ref="C1")
    assert (record.child, record.match_status) == (people["jayden"], MatchStatus.MATCHED)
    assert problems == []


def test_the_custody_pages_meet_wcag_22_aa(live_server, people, axe_page, wcag_violations):
    page = axe_page
    problems = watch(page)
    run = ingest_run_create(
        by=people["police"], source=IngestSource.UPLOAD, upload=ContentFile(extract(), name="x.csv"), queue=False
    )
    ingest_file(run, notify="none")
    assert read_extract(extract()).errors
    record = CustodyRecord.objects.get(custody_ref="C1")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("police")
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in (
        "/custody/?since=2026-08-01",
        f"/custody/records/{record.pk}/",
        "/custody/review/",
        f"/custody/review/{record.pk}/",
        f"/custody/runs/{run.pk}/",
        "/custody/runs/",
        "/custody/runs/upload/",
        "/custody/figures/",
    ):
        page.goto(f"{live_server.url}{path}")
        if path.endswith(f"/runs/{run.pk}/"):
            page.get_by_text("Rejected rows (1)").click()
        assert wcag_violations(page) == [], path
    assert problems == []
