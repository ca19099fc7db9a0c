"""What the fault tests read back from the app's own database, and the steps they share."""

from __future__ import annotations

from .harness import PASSWORD, App, Browser, Web, wait_until

FINISHED = ("succeeded", "failed")
RUN_COLUMNS = ("status", "progress", "created", "updated", "unchanged", "rows_read", "skipped", "rejected", "message")


def run_row(app: App, run_id: int) -> dict:
    values = app.one(f"SELECT {', '.join(RUN_COLUMNS)} FROM custody_ingestrun WHERE id = {int(run_id)}")
    return dict(zip(RUN_COLUMNS, values, strict=True))


def wait_for_run(app: App, run_id: int, timeout: float = 120) -> dict:
    return wait_until(
        lambda: (row := run_row(app, run_id))["status"] in FINISHED and row, timeout=timeout, what=f"run {run_id}"
    )


def in_the_middle(app, run_id: int) -> dict:
    """Wait until the run has loaded some batches but not all."""
    row = wait_until(
        lambda: ((row := run_row(app, run_id))["created"] > 0 or row["status"] in FINISHED) and row,
        timeout=120,
        what=f"run {run_id} to load its first batch",
        every=0.02,
    )
    assert row["status"] == "running", f"the run finished before it could be stopped: {row}"
    return row


def assert_loaded_once(app: App, template) -> None:
    """One record for each valid row of the extract; no child made for a record that was lost."""
    records, distinct_keys, children, children_of_records = app.one(
        "SELECT (SELECT count(*) FROM custody_custodyrecord),"
        " (SELECT count(DISTINCT (force_code, custody_ref)) FROM custody_custodyrecord),"
        " (SELECT count(*) FROM cases_child),"
        " (SELECT count(DISTINCT child_id) FROM custody_custodyrecord)"
    )
    assert records == distinct_keys == template.valid_records
    assert children == children_of_records


def signed_in(web: Web, username: str) -> Browser:
    browser = web.browser()
    browser.sign_in(username, PASSWORD)
    return browser


def new_id(location: str) -> int:
    """The id at the end of a redirect to a new object's page."""
    return int(location.rstrip("/").rsplit("/", 1)[-1])


def upload(police: Browser, template, name: str = "extract.csv") -> int:
    """The extract uploaded on the page, as the police officer does: the new run's id."""
    answer = police.post_form("/custody/runs/upload/", files={"file": (name, template.extract)})
    assert answer.status == 302, answer.text[:3000]
    return new_id(answer.headers["Location"])
