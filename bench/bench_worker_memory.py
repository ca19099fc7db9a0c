"""Peak memory of a Celery worker during a custody ingest and during the year's board report.

A real worker is started (``celery -A yjs worker``, prefork pool, one child: as production runs
it, with its own queue so that nothing else's tasks reach it) against the benchmark database
holding the large data set. Its resident memory, the main process and its pool children added up
(psutil, every 50 ms), is sampled while it runs:

- ``ingest``: ``custody.tasks.ingest_run_task`` on an uploaded extract of ``ROWS`` rows
  (``custody.demo.synthetic_rows``: 60% children already known, the rest new, some faulty and
  adults), as an upload queued by the police officer would be. The notifications it queues per
  batch go to the default queue, which this worker does not read, and are discarded afterwards
  (they are measured with the ingest's own benchmark's data only if a worker runs them);
- ``report``: ``governance.tasks.generate_board_report`` for the twelve whole months before this
  one, all teams (the figures, charts, PDF and CSV, twice).

Figures: the worker's resident memory when idle before each task, its peak during the task
(the sum over its processes; and the largest single process), and the task's seconds. The
records, children, runs and reports the benchmark made are deleted afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import delete_custody_made, large_data_set, stop_process, write_result

ROWS = 100_000
QUEUE = "bench-memory"
FORCE_CODE = "MEMB"
FILE_NAME = "bench-memory-extract.csv"
BUDGET_MB = 1024
SAMPLE_SECONDS = 0.05
_made_reports: list[int] = []


class Sampler:
    """The resident memory of a process and its children, sampled on a thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peak_total = self.peak_single = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> tuple[int, int]:
        import psutil

        sizes = []
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                sizes.append(process.memory_info().rss)
            except psutil.NoSuchProcess:
                continue
        return sum(sizes), max(sizes, default=0)

    def _run(self) -> None:
        while not self._stop.is_set():
            total, single = self.now()
            self.peak_total, self.peak_single = max(self.peak_total, total), max(self.peak_single, single)
            self.samples += 1
            time.sleep(SAMPLE_SECONDS)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run() -> None:
    data = large_data_set()
    _clean()
    worker = _start_worker()
    phases = {}
    try:
        phases["ingest"] = _phase(worker, _queue_ingest, "custody.IngestRun")
        phases["report"] = _phase(worker, _queue_report, "governance.BoardReport")
    finally:
        stop_process(worker)
        _clean()
    figures = {
        "data_set": data["counts"],
        "ingest_rows": ROWS,
        "phases": phases,
        "peak_mb": max(phase["peak_total_mb"] for phase in phases.values()),
        "budget_mb": BUDGET_MB,
    }
    figures["within_budget"] = figures["peak_mb"] < BUDGET_MB
    write_result("worker_memory", figures)
    print()
    print("Celery worker memory (resident, main process and pool child added up)")
    for name, phase in phases.items():
        print(
            f"  {name:7} idle {phase['idle_total_mb']:7.1f} MB  peak {phase['peak_total_mb']:7.1f} MB "
            f"(largest process {phase['peak_single_mb']:7.1f} MB)  task {phase['seconds']:6.1f} s  {phase['outcome']}"
        )
    verdict = "within" if figures["within_budget"] else "OVER"
    print(f"  budget {BUDGET_MB} MB: {verdict}")


def _phase(worker: subprocess.Popen, queue, model_name: str) -> dict:
    from django.apps import apps

    model = apps.get_model(model_name)
    sampler = Sampler(worker.pid)
    idle_total, _idle_single = sampler.now()
    with sampler:
        started = time.perf_counter()
        handle = queue()
        outcome = None
        deadline = time.monotonic() + 1800
        while outcome is None:
            if worker.poll() is not None:
                raise RuntimeError(f"the worker stopped with {worker.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("the task did not finish within 30 minutes")
            time.sleep(0.2)
            outcome = _finished(model, handle)
        seconds = time.perf_counter() - started
    megabyte = 1024 * 1024
    return {
        "idle_total_mb": round(idle_total / megabyte, 1),
        "peak_total_mb": round(sampler.peak_total / megabyte, 1),
        "peak_single_mb": round(sampler.peak_single / megabyte, 1),
        "seconds": round(seconds, 1),
        "samples": sampler.samples,
        "outcome": outcome,
    }


def _queue_ingest() -> int:
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from custody.demo import extract_bytes, known_children, synthetic_rows
    from custody.ingest import ingest_run_create
    from custody.models import IngestSource
    from custody.tasks import ingest_run_task
    from yjs.models import User

    today = timezone.localdate()
    rows = synthetic_rows(
        ROWS,
        seed=515,
        children=known_children(on=today, days=7),
        end=today - timedelta(days=1),
        days=7,
        force_code=FORCE_CODE,
    )
    police = User.objects.get(username="police")
    run = ingest_run_create(
        by=police, source=IngestSource.UPLOAD, upload=ContentFile(extract_bytes(rows), name=FILE_NAME), queue=False
    )
    ingest_run_task.apply_async((run.pk,), queue=QUEUE)
    return run.pk


def _queue_report() -> int:
    from django.utils import timezone

    from governance.demo import _last_full_year
    from governance.models import BoardReport
    from governance.tasks import generate_board_report
    from yjs.models import User

    start, end = _last_full_year(timezone.localdate())
    report = BoardReport.objects.create(
        period_start=start, period_end=end, created_by=User.objects.get(username="head"), message="bench"
    )
    _made_reports.append(report.pk)
    generate_board_report.apply_async((report.pk,), queue=QUEUE)
    return report.pk


def _finished(model, pk: int) -> str | None:
    """ "succeeded: …" or "failed: …" once the run or report is done, else None."""
    row = model.objects.get(pk=pk)
    return f"{row.status}: {row.message}" if row.status in ("succeeded", "failed") else None


def _start_worker() -> subprocess.Popen:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "yjs.settings.development", "DEBUG": "0"}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "yjs",
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        f"--queues={QUEUE}",
        f"--hostname=bench-memory-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
    ]
    worker = subprocess.Popen(  # noqa: S603
        command,
        env=environment,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    lines = []
    for line in worker.stdout:
        lines.append(line)
        if " ready." in line:
            break
        if time.monotonic() > deadline:
            break
    else:
        raise RuntimeError("the worker stopped before it was ready:\n" + "".join(lines[-20:]))
    # Keep reading its output, or a full pipe would block it.
    threading.Thread(target=lambda: [None for _ in worker.stdout], daemon=True).start()
    return worker


def _clean() -> None:
    """Delete what the benchmark made: its records and the children they created, its run and
    reports with their files, and the notification tasks the ingest queued for nobody."""
    from django.conf import settings

    from governance.models import BoardReport

    delete_custody_made(force_code=FORCE_CODE, file_name=FILE_NAME)
    for report in BoardReport.objects.filter(pk__in=_made_reports):
        for field in ("pdf", "csv", "board_pdf", "board_csv"):
            if getattr(report, field):
                getattr(report, field).delete(save=False)
        report.delete()
    from redis import Redis

    Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")
