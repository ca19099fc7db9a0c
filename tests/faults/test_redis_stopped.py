"""Redis stopped under a running app and worker: pages still serve (sessions live in PostgreSQL),
``/healthz`` answers 503 naming the broker, starting an ingest answers a clear 503 and keeps the
uploaded file for a retry, rows pushed to the API are loaded at once; once Redis is back the
worker picks up again and everything queued completes, with each record loaded once."""

from __future__ import annotations

import csv
import io

import pytest

from .checks import assert_loaded_once, new_id, signed_in, wait_for_run
from .harness import PASSWORD, wait_until

pytestmark = pytest.mark.faults

QUEUE_DOWN = "The ingest could not be queued: the task queue is not answering"


def runs(app) -> list[tuple]:
    return app.all("SELECT id, source, status, message, file FROM custody_ingestrun ORDER BY id")


def extract_rows(data: bytes, count: int) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))[:count]


def test_with_redis_stopped_pages_serve_and_ingests_wait_clearly_then_complete(app, template):
    web, _ = app.web_and_worker()
    police = signed_in(web, "police")
    feed = web.browser(token=template.tokens["custody-feed"])
    head = web.browser(token=template.tokens["head"])
    assert police.get("/healthz").status == 200

    app.redis.stop()

    # Pages serve: the session is a row in PostgreSQL, not a key in Redis.
    assert app.one("SELECT count(*) FROM django_session")[0] >= 1
    for path in ("/", "/custody/", "/custody/runs/", "/custody/runs/upload/"):
        assert police.get(path).status == 200, path
    assert feed.get("/api/v1/custody/ingest-runs/").status == 200
    assert head.get("/api/v1/governance/reports/").status == 200
    health = police.get("/healthz")
    assert (health.status, health.json()["failed"]) == (503, ["broker"])
    # The token endpoint's rate limit counts in the Redis cache: signing in still works without it.
    token = web.browser().post_json("/api/v1/auth/token/", {"username": "custody-feed", "password": PASSWORD})
    assert token.status == 200
    assert web.browser(token=token.json()["token"]).get("/api/v1/custody/ingest-runs/").status == 200

    # Starting an ingest: a clear 503 (never a 500), and the file kept with its run.
    page = police.post_form("/custody/runs/upload/", files={"file": ("tuesday.csv", template.extract)})
    assert page.status == 503
    assert QUEUE_DOWN in page.text
    api = feed.post_form("/api/v1/custody/ingest-runs/", files={"file": ("wednesday.csv", template.extract)})
    assert api.status == 503
    assert api.json()["detail"].startswith(QUEUE_DOWN)
    kept = runs(app)
    assert [(source, status) for _, source, status, _, _ in kept] == [("upload", "failed"), ("api", "failed")]
    assert api.json()["id"] == kept[1][0]
    for _, _, _, message, stored in kept:
        assert message.startswith(QUEUE_DOWN)
        assert (app.folder / "private" / stored).read_bytes() == template.extract

    # Rows pushed to the API need no queue: they are loaded in the request.
    pushed = feed.post_json("/api/v1/custody/records/", extract_rows(template.extract, 25))
    assert pushed.status == 200, pushed.text
    assert pushed.json()["status"] == "succeeded"
    assert app.one("SELECT count(*) FROM custody_custodyrecord")[0] == pushed.json()["created"] > 0

    # A board report asked for now is not left waiting for ever.
    report = head.post_json("/api/v1/governance/reports/", {"period_start": "2026-04-01", "period_end": "2026-06-30"})
    assert report.status == 503, report.text

    app.redis.start()
    wait_until(lambda: police.get("/healthz").status == 200, timeout=30, what="/healthz to answer 200")

    # Each refused ingest tried again, and a new one: the worker that lived through the outage loads them.
    retried = []
    for run_id, *_ in kept:
        answer = police.post_form(f"/custody/runs/{run_id}/retry/")
        assert answer.status == 302, answer.text[:2000]
        retried.append(new_id(answer.headers["Location"]))
    fresh = feed.post_form("/api/v1/custody/ingest-runs/", files={"file": ("thursday.csv", template.extract)})
    assert fresh.status == 202, fresh.text
    finished = [wait_for_run(app, run_id, timeout=180) for run_id in [*retried, fresh.json()["id"]]]
    assert [run["status"] for run in finished] == ["succeeded"] * 3
    assert [run["created"] for run in finished[1:]] == [0, 0]
    assert_loaded_once(app, template)

    report = head.post_json("/api/v1/governance/reports/", {"period_start": "2026-04-01", "period_end": "2026-06-30"})
    assert report.status == 202, report.text
    done = wait_until(
        lambda: (
            (body := head.get(f"/api/v1/governance/reports/{report.json()['id']}/").json())["status"]
            in ("succeeded", "failed")
            and body
        ),
        timeout=180,
        what="the board report",
    )
    assert done["status"] == "succeeded", done
