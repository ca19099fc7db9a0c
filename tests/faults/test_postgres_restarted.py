"""PostgreSQL restarted (a fast shutdown: every connection cut) under a running gunicorn and worker,
with an ingest in flight: the same processes carry on, no page answers 500 for the lost connections
(``CONN_HEALTH_CHECKS``), the ingest that was cut off ends in a state that can be finished (taken
up again, or failed with a retry offered) and nothing is loaded twice."""

from __future__ import annotations

import pytest

from .checks import assert_loaded_once, in_the_middle, new_id, signed_in, upload, wait_for_run

pytestmark = pytest.mark.faults

PAGES = ("/", "/custody/", "/custody/runs/")


def pids(process) -> set[int]:
    """The process and its children: a worker that crashed and was replaced would change them."""
    import psutil

    parent = psutil.Process(process.process.pid)
    return {parent.pid, *(child.pid for child in parent.children())}


def test_after_postgres_restarts_the_running_app_and_worker_carry_on(app, template):
    web, worker = app.web_and_worker()
    police = signed_in(web, "police")
    # Each gunicorn worker keeps a connection open (CONN_MAX_AGE): those are what the restart cuts.
    for _ in range(3):
        for path in PAGES:
            assert police.get(path).status == 200, path
    before = (pids(web), pids(worker))

    cut_off = upload(police, template)
    in_the_middle(app, cut_off)
    app.postgres.restart()

    # The first requests after the restart, on connections that died: no 500s.
    statuses = [police.get(path).status for _ in range(3) for path in PAGES]
    assert statuses == [200] * len(statuses)
    assert police.get("/healthz").status == 200

    run = wait_for_run(app, cut_off)
    if run["status"] == "failed":  # the worker said so: tried again, as the page offers
        answer = police.post_form(f"/custody/runs/{cut_off}/retry/")
        assert answer.status == 302, answer.text[:2000]
        run = wait_for_run(app, new_id(answer.headers["Location"]))
    assert run["status"] == "succeeded", run
    # Work sent after the restart runs on the same worker.
    after = wait_for_run(app, upload(police, template, name="after-restart.csv"))
    assert (after["status"], after["created"]) == ("succeeded", 0)
    assert_loaded_once(app, template)
    assert (pids(web), pids(worker)) == before
