"""Running an ingest: an IngestRun from its stored file (or the API's rows) to its counts.

Three doors lead here (DESIGN.md §3, §7): the morning drop-folder task, the upload page
and the API. Each makes an ``IngestRun``; ``ingest_file`` reads the run's stored file,
checks every row (``custody.extract``) and loads the valid ones batch by batch
(``custody.loading.load_rows``), saving progress and counts after every batch.

A run always ends ``succeeded`` or ``failed``: any exception marks it failed with a
message. Batches already loaded stay loaded, and loading is idempotent, so trying again
loads the rest and nothing twice. A worker killed outright cannot mark its run: its task
goes back to the queue (late acknowledgement) and the worker that takes it finds the run
``running`` with nobody holding it (``ingest_run_claim``), so takes it over. A run left
``running`` without progress for ``CUSTODY_STALE_RUN_MINUTES`` is failed by
``ingest_runs_fail_stale`` (the morning task calls it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import File
from django.db import DatabaseError, InterfaceError, connection, transaction
from django.utils import timezone

from yjs.database import refresh_planner_statistics

from . import notifications
from .extract import CheckedRows, CustodyRow, ExtractRefused, checked_rows, stream_extract
from .loading import LoadCounts, grown_tables, load_rows
from .models import IngestRun, IngestSource, RunStatus
from .pipeline import cycle_collector_paused

log = logging.getLogger(__name__)

# How a batch's people are told (``notify_records``): queued for a worker, at once, or not at all.
NOTIFY_QUEUE, NOTIFY_INLINE, NOTIFY_NONE = "queue", "inline", "none"
RUN_LOCK = 0x6375_7372  # with a run's id: the PostgreSQL advisory lock a worker holds while loading the run
RUN_COUNTS = ["rows_read", "skipped", "rejected", "repeated", "created", "updated", "unchanged"]
BROKER_DOWN = "The ingest could not be queued: the task queue is not answering. Try again in a few minutes."
STALE_MESSAGE = (
    "The ingest stopped part-way without finishing (the worker was stopped or lost). The batches loaded "
    "before then are kept; try again to load the rest: nothing is loaded twice."
)


class IngestRunBusy(Exception):
    """Another worker holds the run (or its connection is still closing after its worker died)."""


class QueueUnavailable(Exception):
    """The broker did not take the task: the run is marked failed."""

    def __init__(self, message: str, run_id: int) -> None:
        super().__init__(message)
        self.run_id = run_id


def stale_after() -> timedelta:
    return timedelta(minutes=settings.CUSTODY_STALE_RUN_MINUTES)


def max_upload_bytes() -> int:
    return settings.CUSTODY_UPLOAD_MAX_BYTES


# --- Making and queueing runs ------------------------------------------------------------------


@transaction.atomic
def ingest_run_create(*, by, source: str, upload: File, queue: bool = True) -> IngestRun:
    """A queued run holding a copy of the file; with ``queue`` it is sent to a worker once the
    transaction commits (``QueueUnavailable`` then if the broker does not answer)."""
    name = (upload.name or "extract.csv").rsplit("/", 1)[-1][:255]
    run = IngestRun(source=source, file_name=name, started_by=by if by and by.is_authenticated else None)
    run.file.save(name, upload, save=False)
    run.save()
    if queue:
        transaction.on_commit(partial(ingest_run_queue, run.pk))
    return run


def ingest_run_queue(run_id: int) -> None:
    """Send the run to a worker. A broker that is down fails the run at once (and raises), rather
    than leaving it queued for ever."""
    from kombu.exceptions import OperationalError

    from .tasks import ingest_run_task

    try:
        ingest_run_task.apply_async((run_id,), retry=False)
    except (OperationalError, OSError) as error:
        log.warning("Custody ingest run %s could not be queued: %s", run_id, error)
        IngestRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, message=BROKER_DOWN, finished_at=timezone.now(), updated_at=timezone.now()
        )
        raise QueueUnavailable(BROKER_DOWN, run_id) from error


@transaction.atomic
def ingest_run_retry(*, run: IngestRun, by, queue: bool = True) -> IngestRun:
    """A new run of a failed run's file (the failed run stays, as a record of what happened)."""
    if run.status != RunStatus.FAILED or not run.file:
        raise ValueError("Only a failed run with its file can be tried again")
    again = IngestRun.objects.create(
        source=run.source, file_name=run.file_name, file=run.file.name, started_by=by if by else run.started_by
    )
    if queue:
        transaction.on_commit(partial(ingest_run_queue, again.pk))
    return again


@contextmanager
def ingest_run_claim(run_id: int) -> Iterator[IngestRun | None]:
    """The run for this worker to load, held for as long as the block runs; None if it is finished.
    ``IngestRunBusy`` if another worker holds it.

    The hold is a PostgreSQL advisory lock on the worker's connection. PostgreSQL lets go of it
    when the connection ends, even when the worker is killed, so a run left ``running`` that
    nobody holds has lost its worker, and is taken over at once (not after it turns stale)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s::int, %s::int)", [RUN_LOCK, run_id])
        if not cursor.fetchone()[0]:
            raise IngestRunBusy(f"Custody ingest run {run_id} is held by another worker")
    try:
        with transaction.atomic():
            run = IngestRun.objects.select_for_update().filter(pk=run_id).first()
            if run is not None and run.status not in (RunStatus.SUCCEEDED, RunStatus.FAILED):
                _begin(run)
            else:
                run = None
        yield run
    finally:
        # If the connection was lost, so was the lock.
        with suppress(DatabaseError, InterfaceError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s::int, %s::int)", [RUN_LOCK, run_id])


def ingest_runs_fail_stale() -> int:
    """Fail the runs left ``running`` by a worker that stopped (no progress for a while)."""
    return IngestRun.objects.filter(status=RunStatus.RUNNING, updated_at__lt=timezone.now() - stale_after()).update(
        status=RunStatus.FAILED, message=STALE_MESSAGE, finished_at=timezone.now(), updated_at=timezone.now()
    )


# --- Running -------------------------------------------------------------------------------------


def ingest_file(run: IngestRun, *, notify: str = NOTIFY_QUEUE, search_keys: str | None = None) -> IngestRun:
    """Read, check and load the run's stored file. Never raises for a bad file or a failed
    load: the run ends ``failed`` with the reason (and what was loaded stays loaded)."""
    _begin(run)
    with cycle_collector_paused():
        return _ingest_file(run, notify=notify, search_keys=search_keys)


def _ingest_file(run: IngestRun, *, notify: str, search_keys: str | None) -> IngestRun:
    try:
        with run.file.open("rb") as stored:
            data = stored.read()
        checked = stream_extract(data)
    except ExtractRefused as refusal:
        return _finish(run, RunStatus.FAILED, f"The file was refused and nothing was loaded: {refusal}")
    except Exception as error:
        log.exception("Custody ingest run %s: the stored file could not be read", run.pk)
        return _finish(run, RunStatus.FAILED, f"The file could not be read, so nothing was loaded ({error})")
    except BaseException:
        _finish(run, RunStatus.FAILED, "The ingest was stopped before the file was read")
        raise
    return load_checked(run, checked, notify=notify, search_keys=search_keys)


def ingest_rows(*, rows: list, by, notify: str = NOTIFY_QUEUE) -> IngestRun:
    """The API's door: rows as JSON objects, numbered from 1 by their place in the list."""
    run = IngestRun.objects.create(source=IngestSource.API, file_name="", started_by=by)
    _begin(run)
    # Keys are matched as a file's header is: case-insensitively, spaces trimmed.
    numbered = [
        (position, {str(key).strip().lower(): value for key, value in row.items()} if isinstance(row, dict) else row)
        for position, row in enumerate(rows, start=1)
    ]
    return load_checked(run, checked_rows(numbered), notify=notify)


def load_checked(
    run: IngestRun, checked: CheckedRows, *, notify: str = NOTIFY_QUEUE, search_keys: str | None = None
) -> IngestRun:
    """Load an extract's rows into the run batch by batch as they are checked, saving progress
    and counts after each batch; the run ends finished, with every rejected row's line and reason.
    ``notify`` and ``search_keys`` say how the batch's people are told and how the children it
    brought are made findable by name: queued for a worker, at once, or (benchmarks) not here.
    Search keys go as notifications do unless said otherwise, at once when nobody is told."""
    if search_keys is None:
        search_keys = NOTIFY_INLINE if notify == NOTIFY_NONE else notify
    done = 0
    reported: list[int] = []
    indexed: list[int] = []

    def batch_loaded(batch: Sequence[CustodyRow], counts: LoadCounts) -> None:
        # On the thread writing the batches: ``checked`` may have read a batch or two further.
        nonlocal done
        done += len(batch)
        new_ids = counts.touched_record_ids[len(reported) :]
        reported.extend(new_ids)
        run.created, run.updated, run.unchanged = counts.created, counts.updated, counts.unchanged
        _count_checked(run, checked)
        # How far into the file the batch reaches (its lines count the header, and blank lines).
        run.progress = max(run.progress, min(100 * (batch[-1].line - 1) // max(checked.total, 1), 99))
        run.save(update_fields=[*RUN_COUNTS, "progress", "updated_at"])
        new_children = counts.new_child_ids[len(indexed) :]
        indexed.extend(new_children)
        _index_new_children(new_children, search_keys)
        notify_records(new_ids, notify)

    try:
        counts = load_rows(checked, ingest_run=run, on_batch=batch_loaded)
    except Exception as error:
        log.exception("Custody ingest run %s failed after %s of %s rows", run.pk, done, checked.total)
        return _finish(
            run,
            RunStatus.FAILED,
            f"The ingest stopped after loading {done:,} of the file's {checked.total:,} rows "
            f"({type(error).__name__}: {error}). "
            "The rows loaded before then are kept; try again to load the rest: nothing is loaded twice.",
            checked,
        )
    except BaseException:
        stopped = f"The ingest was stopped after loading {done:,} of the file's {checked.total:,} rows"
        _finish(run, RunStatus.FAILED, stopped, checked)
        raise
    _finish(run, RunStatus.SUCCEEDED, None, checked)
    _refresh_statistics(grown_tables(counts), search_keys)
    return run


def notify_records(record_ids: list[int], how: str) -> None:
    """Tell people about a batch's records: queued for a worker once the batch has committed (run
    here if the broker does not answer), at once, or not at all (the benchmark)."""
    if not record_ids or how == NOTIFY_NONE:
        return
    if how == NOTIFY_INLINE:
        notifications.records_notify(record_ids=record_ids)
        return
    transaction.on_commit(partial(_queue_notifications, list(record_ids)))


def _queue_notifications(record_ids: list[int]) -> None:
    from kombu.exceptions import OperationalError

    from .tasks import records_notify_task

    try:
        records_notify_task.apply_async((record_ids,), retry=False)
    except (OperationalError, OSError) as error:
        log.warning("Custody notifications could not be queued (%s): sending them now", error)
        notifications.records_notify(record_ids=record_ids)


def _index_new_children(child_ids: list[int], how: str) -> None:
    """Write the search keys of the children a batch brought: queued for a worker once the
    batch has committed (written here if the broker does not answer), at once, or not here."""
    if not child_ids or how == NOTIFY_NONE:
        return
    from cases.services import child_search_keys_build

    if how == NOTIFY_INLINE:
        child_search_keys_build(child_ids=child_ids)
        return
    transaction.on_commit(partial(_queue_search_keys, list(child_ids)))


def _refresh_statistics(tables: list[str], how: str) -> None:
    """Fresh planner statistics for the tables a run grew (vacuumed and analysed as their owner),
    so that what follows is not planned on statistics from before it until autovacuum comes
    round: queued for a worker (the run's own worker free meanwhile), at once, or not here."""
    if not tables or how == NOTIFY_NONE:
        return
    if how == NOTIFY_INLINE:
        refresh_planner_statistics(*tables)
        return
    from kombu.exceptions import OperationalError

    from .tasks import planner_statistics_refresh_task

    try:
        planner_statistics_refresh_task.apply_async((tables,), retry=False)
    except (OperationalError, OSError) as error:
        log.warning(
            "The planner statistics of %s could not be queued (%s): autovacuum will refresh them", tables, error
        )


def _queue_search_keys(child_ids: list[int]) -> None:
    from kombu.exceptions import OperationalError

    from cases.services import child_search_keys_build
    from cases.tasks import child_search_keys_build_task

    try:
        child_search_keys_build_task.apply_async((child_ids,), retry=False)
    except (OperationalError, OSError) as error:
        log.warning("Search keys of %s new children could not be queued (%s): writing them now", len(child_ids), error)
        child_search_keys_build(child_ids=child_ids)


def _summary(run: IngestRun) -> str:
    loaded = run.created + run.updated + run.unchanged
    parts = [f"{run.created:,} new", f"{run.updated:,} updated", f"{run.unchanged:,} unchanged"]
    text = f"Loaded {loaded:,} record{'s' if loaded != 1 else ''} ({', '.join(parts)})"
    if run.skipped:
        text += f"; {run.skipped:,} adult{'s' if run.skipped != 1 else ''} skipped"
    if run.rejected:
        text += f"; {run.rejected:,} row{'s' if run.rejected != 1 else ''} rejected"
    if run.repeated:
        text += (
            f"; {run.repeated:,} row{'s' if run.repeated != 1 else ''} repeating a record given earlier in the "
            "same file (each record is loaded once, from its last row)"
        )
    return text + "."


def _begin(run: IngestRun) -> None:
    now = timezone.now()
    run.status = RunStatus.RUNNING
    run.started_at = run.started_at or now
    run.finished_at = None
    run.progress = 0
    run.message = ""
    run.rows_read = run.created = run.updated = run.unchanged = run.skipped = run.rejected = run.repeated = 0
    run.errors = []
    run.repeated_rows = []
    run.save()


def _count_checked(run: IngestRun, checked: CheckedRows) -> None:
    """The run's rows read, skipped, rejected and repeated, as far as ``checked`` has read them."""
    run.rows_read, run.skipped, run.rejected = checked.rows_read, checked.skipped, len(checked.errors)
    run.repeated = len(checked.repeated)


def _finish(run: IngestRun, status: str, message: str | None, checked: CheckedRows | None = None) -> IngestRun:
    """End the run; with ``checked``, its rows read, skipped, rejected and repeated as far as they
    were read (the message, if None, sums them up)."""
    fields = ["status", "message", "finished_at", "progress", "updated_at"]
    if checked is not None:
        _count_checked(run, checked)
        run.errors = checked.errors
        run.repeated_rows = checked.repeated
        fields += [*RUN_COUNTS, "errors", "repeated_rows"]
    run.status = status
    run.message = (_summary(run) if message is None else message)[:2000]
    run.finished_at = timezone.now()
    if status == RunStatus.SUCCEEDED:
        run.progress = 100
    try:
        run.save(update_fields=fields)
    except Exception:
        # The connection may be what failed: one more try on a fresh one.
        connection.close()
        run.save(update_fields=fields)
    return run
