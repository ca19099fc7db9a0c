"""Celery tasks for custody: they take ids, never model instances, and call ingest or notifications.

- ``ingest_run_task(run_id)``: one upload or API file, queued on commit;
- ``drop_folder_ingest_task()``: each morning (``CUSTODY_INGEST_TIME``, Europe/London), every
  new ``*.csv`` in ``CUSTODY_DROP_FOLDER``, oldest first, each moved afterwards to
  ``processed/`` or ``failed/``;
- ``records_notify_task(record_ids)``: after each loaded batch;
- ``planner_statistics_refresh_task(tables)``: after a run that grew tables by thousands of rows;
- ``digest_task()``: each morning; sends on working days only.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import connection
from django.utils import timezone

from yjs.celery import DATABASE_GONE
from yjs.database import refresh_planner_statistics

from . import ingest, notifications
from .models import IngestSource, RunStatus

log = logging.getLogger(__name__)

DROP_FOLDER_LOCK = 0x6375_7364  # one scan of the drop folder at a time (a PostgreSQL advisory lock key)
BUSY_RETRIES, BUSY_RETRY_SECONDS = 60, 5  # for five minutes, while another worker holds a run


def drop_folder() -> Path:
    return Path(settings.CUSTODY_DROP_FOLDER)


@shared_task(bind=True, acks_late=True)
def ingest_run_task(self, run_id: int) -> str:
    """Load one queued run. A redelivered task (its worker was lost) takes over the run; a finished
    run is left alone. While another worker holds the run, try again a little later: the holder
    may be a lost worker whose connection PostgreSQL has not yet closed."""
    try:
        with ingest.ingest_run_claim(run_id) as run:
            if run is None:
                return "nothing to do"
            return ingest.ingest_file(run).status
    except ingest.IngestRunBusy:
        if self.request.retries >= BUSY_RETRIES:
            return "another worker is loading it"
        raise self.retry(countdown=BUSY_RETRY_SECONDS, max_retries=None) from None


@shared_task(acks_late=True, autoretry_for=(OSError, *DATABASE_GONE), retry_backoff=60, max_retries=5)
def records_notify_task(record_ids: list[int]) -> dict:
    counts = notifications.records_notify(record_ids=record_ids)
    if counts.failures:
        # What went out is recorded, so a retry sends only what failed.
        raise OSError(f"{len(counts.failures)} custody notification(s) failed: {counts.failures[0]}")
    return {
        "reviews_opened": counts.reviews_opened,
        "social_workers_told": counts.social_workers_told,
        "duty_inboxes_told": counts.duty_inboxes_told,
        "police_only_decisions": counts.police_only_decisions,
    }


@shared_task(autoretry_for=DATABASE_GONE, retry_backoff=60, max_retries=3)
def planner_statistics_refresh_task(tables: list[str]) -> list[str]:
    """After a run that grew these tables: their planner statistics refreshed (as their owner)."""
    refresh_planner_statistics(*tables)
    return tables


@shared_task(autoretry_for=(OSError, *DATABASE_GONE), retry_backoff=300, max_retries=6)
def digest_task() -> str:
    run = notifications.digest_send()
    return f"digest of {run.record_count} records" if run else "no digest today"


@shared_task
def drop_folder_ingest_task() -> list[dict]:
    return drop_folder_ingest()


def _files(folder: Path) -> list[Path]:
    files = [path for path in folder.iterdir() if path.is_file() and path.suffix.lower() == ".csv"]
    return sorted(files, key=lambda path: (path.stat().st_mtime, path.name))


def _move(path: Path, to: Path) -> Path:
    to.mkdir(parents=True, exist_ok=True)
    target = to / path.name
    if target.exists():
        target = to / f"{path.stem}-{timezone.now():%Y%m%d%H%M%S%f}{path.suffix}"
    return Path(shutil.move(str(path), str(target)))


def drop_folder_ingest(folder: Path | None = None) -> list[dict]:
    """Ingest every new extract in the drop folder, one after another (a later file may update
    an earlier one's records). Each becomes a run, then moves to processed/ or failed/."""
    folder = folder or drop_folder()
    folder.mkdir(parents=True, exist_ok=True)
    ingest.ingest_runs_fail_stale()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [DROP_FOLDER_LOCK])
        if not cursor.fetchone()[0]:
            log.info("The custody drop folder is being read by another worker")
            return []
    done = []
    try:
        for path in _files(folder):
            with path.open("rb") as handle:
                run = ingest.ingest_run_create(
                    by=None, source=IngestSource.DROP_FOLDER, upload=File(handle, name=path.name), queue=False
                )
            ingest.ingest_file(run)
            moved = _move(path, folder / ("processed" if run.status == RunStatus.SUCCEEDED else "failed"))
            log.info("Custody extract %s: %s (%s)", path.name, run.status, run.message)
            done.append({"file": path.name, "run": run.pk, "status": run.status, "moved_to": str(moved)})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [DROP_FOLDER_LOCK])
    return done
