"""Custody ingest: 100,000 extract rows against 100,000 children — at least 10,000 rows a second?

Loads the demo children at the 100,000 scale if they are missing (``cases.demo``, kept for later
runs), writes a synthetic extract of 100,000 rows (``custody.demo.synthetic_rows``: 60% children
already on the system, found by PNC ID or date of birth and name, typed with typos, swapped
forenames, hyphens and apostrophes left out; 2% faulty rows; 1% adults), and times:

- PostgreSQL ``COPY`` of the same file into a plain table of text columns (the floor: no
  checking, matching or indexes), best of three;
- the ingest end to end, as the worker runs it (``custody.ingest.ingest_file``): the stored
  file read, every row checked, matched to a child (or a new child not known to the YJS made),
  loaded in batches of 2,000 with progress saved after each (each batch checked and planned on
  the worker's thread while the one before is written on a writer thread of its own, and the
  next one's stored records and names are read on a third);
- the search keys of the new children, which a follow-up task writes in production after each
  batch (``cases.tasks.child_search_keys_build_task``), timed apart, and the rate with them;
- the same file ingested again (every row unchanged).

Notifications are queued per batch in production (a separate task): they are left out here.
The benchmark's rows and the children they created are deleted afterwards.
"""

from __future__ import annotations

import math
import statistics
import time

from bench.common import write_result

ROWS = 100_000
TARGET_CHILDREN = 100_000
TARGET_ROWS_PER_SECOND = 10_000
SEED = 4242
FORCE_CODE = "BNCH"  # the benchmark's rows, kept apart from any others
FILE_NAME = "bench-custody-extract.csv"


def run() -> None:
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from cases.demo import CHILDREN_PER_UNIT, load_cases_demo
    from cases.models import Child
    from custody.demo import COLUMNS, extract_bytes, known_children, synthetic_rows
    from custody.extract import read_extract
    from custody.ingest import NOTIFY_NONE, ingest_file, ingest_run_create
    from custody.models import CustodyRecord, IngestSource, MatchStatus
    from yjs.demo import load_demo

    if Child.objects.count() < TARGET_CHILDREN:
        print(f"Loading {TARGET_CHILDREN:,} children (a few minutes, once)…", flush=True)
        load_demo()
        print(load_cases_demo(scale=math.ceil(TARGET_CHILDREN / CHILDREN_PER_UNIT)), flush=True)
    _clean()
    _vacuum_analyze()
    children_before = Child.objects.count()

    today = timezone.localdate()
    started = time.perf_counter()
    known = known_children(on=today, days=7)
    rows = synthetic_rows(ROWS, seed=SEED, children=known, end=today - timedelta(days=1), days=7, force_code=FORCE_CODE)
    data = extract_bytes(rows)
    generate_seconds = time.perf_counter() - started
    print(f"{ROWS:,} rows generated ({len(data) / 1e6:.1f} MB) in {generate_seconds:.1f} s", flush=True)

    copy_seconds = statistics.median(_copy_seconds(connection, COLUMNS, data) for _ in range(3))

    started = time.perf_counter()
    checked = read_extract(data)
    parse_seconds = time.perf_counter() - started

    try:
        first = _ingest(ingest_run_create, ingest_file, ContentFile, IngestSource, NOTIFY_NONE, data)
        keyed_children, keys_written, keys_seconds = _search_keys_seconds()
        print(f"search keys: {keys_written:,} for {keyed_children:,} new children in {keys_seconds:.1f} s", flush=True)
        again = _ingest(ingest_run_create, ingest_file, ContentFile, IngestSource, NOTIFY_NONE, data)
        statuses = dict(
            CustodyRecord.objects.filter(force_code=FORCE_CODE).values_list("match_status").annotate(n=Count("id"))
        )
    finally:
        _clean()

    run_1, seconds_1 = first
    run_2, seconds_2 = again
    rows_per_second = round(run_1.rows_read / seconds_1)
    figures = {
        "rows": ROWS,
        "children_before": children_before,
        "known_children_to_draw_from": len(known),
        "file_mb": round(len(data) / 1e6, 1),
        "status": run_1.status,
        "created": run_1.created,
        "skipped_adults": run_1.skipped,
        "rejected": run_1.rejected,
        "matched": statuses.get(MatchStatus.MATCHED, 0),
        "review": statuses.get(MatchStatus.REVIEW, 0),
        "new_children": statuses.get(MatchStatus.CREATED, 0),
        "ingest_seconds": round(seconds_1, 2),
        "rows_per_second": rows_per_second,
        "search_keys_children": keyed_children,
        "search_keys_written": keys_written,
        "search_keys_seconds": round(keys_seconds, 2),
        "rows_per_second_with_search_keys": round(run_1.rows_read / (seconds_1 + keys_seconds)),
        "parse_and_check_seconds": round(parse_seconds, 2),
        "copy_seconds": round(copy_seconds, 3),
        "copy_rows_per_second": round(ROWS / copy_seconds),
        "ratio_to_copy": round(seconds_1 / copy_seconds, 1),
        "reingest_status": run_2.status,
        "reingest_created": run_2.created,
        "reingest_unchanged": run_2.unchanged,
        "reingest_seconds": round(seconds_2, 2),
        "reingest_rows_per_second": round(run_2.rows_read / seconds_2),
        "target_rows_per_second": TARGET_ROWS_PER_SECOND,
        "within_target": rows_per_second >= TARGET_ROWS_PER_SECOND,
        "valid_rows_checked": len(checked.rows),
    }
    write_result("custody_ingest", figures)
    _print(figures)


def _ingest(ingest_run_create, ingest_file, content_file, sources, notify, data: bytes):
    from custody.extract import forget_values_read

    run = ingest_run_create(by=None, source=sources.UPLOAD, upload=content_file(data, name=FILE_NAME), queue=False)
    forget_values_read()  # as a worker reading the file for the first time
    started = time.perf_counter()
    # The search keys of the new children are a follow-up task in production: timed apart below.
    ingest_file(run, notify=notify, search_keys=notify)
    seconds = time.perf_counter() - started
    print(f"ingest run {run.pk}: {run.status} in {seconds:.1f} s — {run.message}", flush=True)
    return run, seconds


def _search_keys_seconds() -> tuple[int, int, float]:
    """The follow-up task's work for the run: the search keys of every child it brought."""
    from cases.services import child_search_keys_build
    from custody.models import CustodyRecord, MatchStatus

    made = list(
        CustodyRecord.objects.filter(force_code=FORCE_CODE, match_status=MatchStatus.CREATED)
        .values_list("child_id", flat=True)
        .distinct()
    )
    started = time.perf_counter()
    keys = sum(child_search_keys_build(child_ids=made[i : i + 2000]) for i in range(0, len(made), 2000))
    return len(made), keys, time.perf_counter() - started


def _copy_seconds(connection, columns: list[str], data: bytes) -> float:
    """COPY of the file's bytes into a plain table of text columns, committed (as the owner: the
    application's role may create no table)."""

    from yjs.database import connected_as_owner

    with connected_as_owner():
        return _copy_into_a_plain_table(connection, columns, data)


def _copy_into_a_plain_table(connection, columns: list[str], data: bytes) -> float:
    from psycopg import sql

    table = sql.Identifier("bench_custody_copy")
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        cursor.execute(
            sql.SQL("CREATE TABLE {} ({})").format(
                table, sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(name)) for name in columns)
            )
        )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.copy(sql.SQL("COPY {} FROM STDIN WITH (FORMAT csv, HEADER true)").format(table)) as copy:
            copy.write(data)
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
        copied = cursor.fetchone()[0]
    seconds = time.perf_counter() - started
    assert copied == ROWS, copied
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE {}").format(table))
    return seconds


def _vacuum_analyze() -> None:
    """What autovacuum does in production (it may be off on a benchmark server): the dead rows of
    earlier runs cleared and the planner's statistics brought up to date."""
    from bench.common import vacuum_analyze
    from cases.models import Child, ChildAlias, ChildSearchKey
    from custody.models import CustodyRecord, CustodyRecordChange, MatchCandidate

    vacuum_analyze(Child, ChildAlias, ChildSearchKey, CustodyRecord, CustodyRecordChange, MatchCandidate)


def _clean() -> None:
    """Delete the benchmark's records, runs and the children they made (so each run starts alike)."""
    from bench.common import delete_custody_made

    delete_custody_made(force_code=FORCE_CODE, file_name=FILE_NAME)


def _print(figures: dict) -> None:
    print()
    print(f"Custody ingest: {figures['rows']:,} rows against {figures['children_before']:,} children")
    print(
        f"  loaded {figures['created']:,} records: {figures['matched']:,} matched, {figures['review']:,} to review, "
        f"{figures['new_children']:,} new children; {figures['skipped_adults']:,} adults skipped, "
        f"{figures['rejected']:,} rows rejected"
    )
    print(f"  ingest end to end:   {figures['ingest_seconds']:>8.2f} s  {figures['rows_per_second']:>9,} rows/s")
    print(f"  of which parse+check {figures['parse_and_check_seconds']:>8.2f} s (measured apart)")
    print(
        f"  then search keys:    {figures['search_keys_seconds']:>8.2f} s  for {figures['search_keys_children']:,} "
        f"new children (a follow-up task); with them {figures['rows_per_second_with_search_keys']:,} rows/s"
    )
    print(f"  COPY, plain table:   {figures['copy_seconds']:>8.3f} s  {figures['copy_rows_per_second']:>9,} rows/s")
    print(f"  ingest / COPY:       {figures['ratio_to_copy']:>8.1f} ×")
    print(
        f"  re-ingest (all unchanged): {figures['reingest_seconds']:.2f} s, "
        f"{figures['reingest_rows_per_second']:,} rows/s, {figures['reingest_created']} created"
    )
    verdict = "within" if figures["within_target"] else "BELOW"
    print(f"  target {figures['target_rows_per_second']:,} rows/s: {verdict}")
