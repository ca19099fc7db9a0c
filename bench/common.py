"""What every benchmark shares: a Django set-up on its own database, machine facts, results.

The benchmarks run against a database of their own, ``yjs_bench`` on the same server
as ``DATABASE_URL`` (the embedded PostgreSQL when it is unset), so the 100,000
synthetic children never mix with the development data. The database is created and
migrated on first use and kept, so later runs reuse what is already loaded. It has the
owner and application roles of DESIGN.md §12 (``yjs.embedded``): the benchmarks measure the
application's role, and their own housekeeping (vacuuming, removing what a run loaded, the
COPY baseline's table) is done as the owner.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

RESULTS_DIR = Path(__file__).resolve().parent / "results"
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "yjs_bench")

_ready = False


def setup() -> None:
    """Point Django at the benchmark database (creating and migrating it), then set Django up."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjs.settings.development")
    # DEBUG off: Django would otherwise keep every query in memory, and time it.
    os.environ["DEBUG"] = "0"
    from yjs import embedded

    embedded.ensure_environment()
    if os.environ.get("DATABASE_OWNER_URL"):
        admin_url = os.environ.get("DATABASE_ADMIN_URL") or embedded.postgres_admin_url()
        application, owner = embedded.provision_database(admin_url, BENCH_DATABASE)
        os.environ.update(DATABASE_URL=application, DATABASE_OWNER_URL=owner)
    else:  # one role, named by DATABASE_URL
        os.environ["DATABASE_URL"] = _create_database(os.environ["DATABASE_URL"], BENCH_DATABASE)

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
    _ready = True


def _create_database(url: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    # The server's maintenance database: DATABASE_URL may already name the benchmark's, not yet made.
    maintenance_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return bench_url


def machine() -> dict:
    """Facts about the machine and software the figures were measured on."""
    from django import get_version
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": get_version(),
        "postgresql": postgres,
        "database": BENCH_DATABASE,
        # The machine is shared: how busy it was when the figures were written.
        "load_average_1_5_15_min": [round(value, 2) for value in os.getloadavg()],
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def summary(timings_ms: list[float]) -> dict:
    """p50, p95 and max of a list of timings in milliseconds (nearest-rank percentiles)."""
    ordered = sorted(timings_ms)

    def rank(p: float) -> float:
        return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(rank(95), 2),
        "max_ms": round(ordered[-1], 2),
    }


def write_result(name: str, figures: dict) -> Path:
    """Write bench/results/<name>.json (date, machine, figures) and print it."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    result = {
        "benchmark": name,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "figures": figures,
    }
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"Written to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}", file=sys.stderr)
    return path


# The large data set of issue #8: ``yjs.demo.make_demo_data`` at its large scale.
LARGE_COUNTS = {
    "children": 200_000,
    "cases": 100_000,
    "custody_records": 1_000_000,
    "information_requests": 50_000,
    "oocd_decisions": 20_000,
}


def large_data_set() -> dict:
    """The large data set: built the first time (a few minutes; ``make_demo_data`` adds only what
    is missing, so later runs check it in seconds), its counts, and the seconds this run spent."""
    import time

    from yjs.demo import LARGE_SCALE, data_set_counts, make_demo_data

    started = time.perf_counter()
    counts = data_set_counts()
    if any(counts[kind] < wanted for kind, wanted in LARGE_COUNTS.items()):
        print(f"Building the large data set (make_demo_data --scale {LARGE_SCALE}; once, a few minutes)…", flush=True)
    make_demo_data(scale=LARGE_SCALE, log=lambda message: print(f"  {message}", flush=True))
    counts = data_set_counts()
    short = {kind: n for kind, n in counts.items() if n < LARGE_COUNTS[kind]}
    if short:
        raise RuntimeError(f"The large data set is short of {short}")
    return {"counts": counts, "build_seconds": round(time.perf_counter() - started, 1)}


def vacuum_analyze(*models) -> None:
    """What autovacuum does on a production server (this one may run with it off): the dead rows
    other benchmarks left cleared, the visibility map (index-only scans) and the planner's
    statistics brought up to date. Quick on a table with nothing to do."""
    from django.db import connection

    from yjs.database import connected_as_owner

    with connected_as_owner(), connection.cursor() as cursor:  # only a table's owner may vacuum it
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def stop_process(process) -> None:
    """Stop a server or worker the benchmark started (SIGTERM, then SIGKILL after a minute)."""
    import signal
    import subprocess

    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def delete_custody_made(*, force_code: str, file_name: str) -> None:
    """Delete the custody records a benchmark loaded under its own force code, the children
    they made, and its ingest runs with their files, so each run starts from the same data
    (as the owner: the records' history is append-only to the application)."""
    from yjs.database import connected_as_owner

    with connected_as_owner():
        _delete_custody_made(force_code=force_code, file_name=file_name)


def _delete_custody_made(*, force_code: str, file_name: str) -> None:
    from cases.models import Child
    from custody.models import CustodyRecord, IngestRun, MatchStatus

    made = list(
        CustodyRecord.objects.filter(force_code=force_code, match_status=MatchStatus.CREATED)
        .values_list("child_id", flat=True)
        .distinct()
    )
    CustodyRecord.objects.filter(force_code=force_code).delete()
    for start in range(0, len(made), 5_000):
        Child.objects.filter(pk__in=made[start : start + 5_000], known_to_yjs=False).delete()
    for run in IngestRun.objects.filter(file_name__startswith=file_name.removesuffix(".csv")):
        run.file.delete(save=False)
        run.delete()
