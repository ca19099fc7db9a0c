"""A Celery worker killed (SIGKILL) in the middle of a custody ingest and of a board report.

Two ways a worker dies: the kernel's OOM killer takes the pool process running the task (the
main process lives on: with ``task_reject_on_worker_lost`` and late acks the task is given
back to the queue at once), or the whole worker goes (``docker kill``, the host): the task
stays unacknowledged in Redis and another worker takes it after the visibility timeout.
Either way the run must end loaded in full, with nothing loaded twice.
"""

from __future__ import annotations

import pytest

from .checks import FINISHED, assert_loaded_once, in_the_middle, run_row, signed_in, upload, wait_for_run
from .harness import wait_until

pytestmark = pytest.mark.faults

# The visibility timeout of the worker that takes over a lost task, and how often it looks for one:
# short, so the test is.
TAKE_OVER_ENV = {"CELERY_VISIBILITY_TIMEOUT_SECONDS": "2", "CELERY_UNACKED_RESTORE_INTERVAL_SECONDS": "1"}


@pytest.mark.parametrize("killed", ["pool process", "whole worker"])
def test_a_worker_killed_in_the_middle_of_an_ingest(app, template, killed):
    web, worker = app.web_and_worker()
    run_id = upload(signed_in(web, "police"), template)
    at_kill = in_the_middle(app, run_id)

    if killed == "pool process":
        worker.kill_pool_process()
    else:
        worker.kill()
        lost = run_row(app, run_id)
        assert lost["status"] == "running" and lost["created"] >= at_kill["created"]
        app.worker("takes-over", **TAKE_OVER_ENV)

    run = wait_for_run(app, run_id)
    assert run["status"] == "succeeded", run
    # Taken over from the start of the file: what the lost worker loaded is found unchanged.
    assert run["created"] + run["unchanged"] == template.valid_records
    assert run["unchanged"] >= at_kill["created"] > 0
    assert run["progress"] == 100
    assert app.one("SELECT count(*) FROM custody_ingestrun")[0] == 1
    assert_loaded_once(app, template)


def report_row(app, report_id: int) -> dict:
    columns = "status, progress, message, pdf, csv, board_pdf, board_csv"
    values = app.one(f"SELECT {columns} FROM governance_boardreport WHERE id = {report_id}")
    return dict(zip(columns.split(", "), values, strict=True))


@pytest.mark.parametrize("killed", ["pool process", "whole worker"])
def test_a_worker_killed_in_the_middle_of_a_board_report(app, template, killed):
    web, worker = app.web_and_worker()
    head = web.browser()
    head.token = template.tokens["head"]
    answer = head.post_json("/api/v1/governance/reports/", {"period_start": "2026-04-01", "period_end": "2026-06-30"})
    assert answer.status == 202, answer.text
    report_id = answer.json()["id"]
    wait_until(
        lambda: report_row(app, report_id)["status"] in ("running", *FINISHED),
        timeout=120,
        what="the report to start",
        every=0.02,
    )
    started = report_row(app, report_id)
    assert started["status"] == "running", f"the report finished before it could be stopped: {started}"

    if killed == "pool process":
        worker.kill_pool_process()
    else:
        worker.kill()
        assert report_row(app, report_id)["status"] == "running"
        app.worker("takes-over", **TAKE_OVER_ENV)

    report = wait_until(
        lambda: (row := report_row(app, report_id))["status"] in FINISHED and row, timeout=120, what="the report"
    )
    assert report["status"] == "succeeded", report
    assert app.one("SELECT count(*) FROM governance_boardreport")[0] == 1
    files = sorted(path.name for path in (app.folder / "private" / "governance" / "reports").iterdir())
    assert files == sorted(report[name].rsplit("/", 1)[-1] for name in ("pdf", "csv", "board_pdf", "board_csv"))
    status = head.get(f"/api/v1/governance/reports/{report_id}/").json()
    assert (status["status"], status["progress"]) == ("succeeded", 100)
