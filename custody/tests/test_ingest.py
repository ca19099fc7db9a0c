"""Running an ingest end to end (DESIGN.md §5 rules, issue 6 acceptance 1 and 2): a stored file
becomes an IngestRun with its counts, statuses and rejected rows, and a failure half-way leaves
the run failed and a re-run that loads every valid row exactly once."""

import threading
import time
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Child
from cases.tests.factories import CaseFactory, ChildFactory
from custody import demo, ingest, loading, lookups, matching
from custody.extract import read_extract, stream_extract
from custody.ingest import ingest_file, ingest_rows, ingest_run_claim, ingest_run_create, ingest_runs_fail_stale
from custody.models import CustodyRecord, CustodyRecordChange, IngestRun, IngestSource, MatchStatus, RunStatus
from yjs.database import separate_connection

HEADER = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def csv_bytes(*lines: str, header: str = HEADER, newline: str = "\n", bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + (newline.join([header, *lines]) + newline).encode()


def run_of(data: bytes, *, by=None, name: str = "extract.csv") -> IngestRun:
    """A run of a stored file, loaded at once (no worker)."""
    run = ingest_run_create(by=by, source=IngestSource.UPLOAD, upload=ContentFile(data, name=name), queue=False)
    return ingest_file(run, notify=ingest.NOTIFY_NONE)


def counts(run: IngestRun) -> dict:
    return {
        name: getattr(run, name)
        for name in ("status", "progress", "rows_read", "created", "updated", "unchanged", "skipped", "rejected")
    }


@pytest.mark.django_db
def test_a_file_with_a_bom_crlf_quoted_commas_and_unknown_columns_loads():
    data = csv_bytes(
        'WYP,C1,2026-03-01T10:00,"O\'Brien",Liam,2010-05-01,"Theft; Assault, common","ignored, really"',
        "WYP,C2,01/03/2026 22:15,Smith-Jones,Amy,01/05/2011,,",
        header=HEADER + ",Offences,Unexpected Column",
        newline="\r\n",
        bom=True,
    )
    run = run_of(data)
    assert counts(run) == {
        "status": RunStatus.SUCCEEDED,
        "progress": 100,
        "rows_read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "rejected": 0,
    }
    first = CustodyRecord.objects.get(custody_ref="C1")
    assert (first.surname, first.offences) == ("O'Brien", ["Theft", "Assault, common"])
    assert CustodyRecord.objects.get(custody_ref="C2").detained_at == datetime(2026, 3, 1, 22, 15, tzinfo=UTC)
    assert run.message == "Loaded 2 records (2 new, 0 updated, 0 unchanged)."


@pytest.mark.django_db
def test_a_child_turning_18_on_the_day_is_skipped_and_one_turning_10_is_loaded():
    run = run_of(
        csv_bytes(
            "WYP,C1,2026-03-01T10:00,Adult,Jo,2008-03-01",
            "WYP,C2,2026-03-01T10:00,Ten,Jo,2016-03-01",
            "WYP,C3,2026-03-01T10:00,Nine,Jo,2016-03-02",
        )
    )
    assert (run.rows_read, run.created, run.skipped, run.rejected) == (3, 1, 1, 1)
    assert list(CustodyRecord.objects.values_list("custody_ref", flat=True)) == ["C2"]
    [error] = run.errors
    assert error["line"] == 4
    assert "under the age of criminal responsibility" in error["reason"]
    assert "1 adult skipped; 1 row rejected" in run.message


@pytest.mark.django_db
def test_a_time_that_never_happened_in_the_uk_is_rejected_with_its_line_and_the_rest_load():
    run = run_of(
        csv_bytes(
            "WYP,C1,2026-03-29T00:59,Smith,Jo,2010-05-01",
            "WYP,C2,2026-03-29T01:30,Smith,Jo,2010-05-01",
            "WYP,C3,2026-03-29T02:00,Smith,Jo,2010-05-01",
        )
    )
    assert run.errors == [
        {"line": 3, "reason": "detained_at: 2026-03-29T01:30 does not exist in UK time (the clocks went forward)"}
    ]
    assert run.status == RunStatus.SUCCEEDED
    # 00:59 GMT and 02:00 BST are a minute of real time apart.
    times = dict(CustodyRecord.objects.values_list("custody_ref", "detained_at"))
    assert times["C3"] - times["C1"] == timedelta(minutes=1)


@pytest.mark.django_db
def test_a_file_missing_the_date_of_birth_column_is_refused_whole_and_nothing_is_loaded():
    run = run_of(
        csv_bytes("WYP,C1,2026-03-01T10:00,Smith,Jo", header="force_code,custody_ref,detained_at,surname,forenames")
    )
    assert run.status == RunStatus.FAILED
    assert "date_of_birth" in run.message
    assert run.message.startswith("The file was refused and nothing was loaded")
    assert (run.rows_read, run.created) == (0, 0)
    assert not CustodyRecord.objects.exists()
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_text_is_refused():
    run = run_of(csv_bytes("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01").replace(b"Smith", b"Sm\xe9th"))
    assert run.status == RunStatus.FAILED
    assert "not UTF-8" in run.message
    assert not CustodyRecord.objects.exists()


@pytest.mark.django_db
def test_reingesting_the_same_file_creates_nothing():
    data = csv_bytes("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01", "WYP,C2,2026-03-01T11:00,Khan,Ali,2011-01-02")
    first, again = run_of(data), run_of(data)
    assert (first.created, again.created, again.updated, again.unchanged) == (2, 0, 0, 2)
    assert CustodyRecord.objects.count() == 2
    assert Child.objects.count() == 2


@pytest.mark.django_db
def test_a_second_file_adding_released_at_updates_the_record_and_keeps_its_history():
    header = HEADER + ",released_at,outcome"
    first = run_of(csv_bytes("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,,", header=header))
    second = run_of(csv_bytes("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,2026-03-01T18:30,bailed", header=header))
    assert (first.created, second.created, second.updated) == (1, 0, 1)
    record = CustodyRecord.objects.get()
    assert (record.hours_detained, record.outcome, record.ingest_run) == (8.5, "bailed", second)
    [change] = CustodyRecordChange.objects.filter(record=record)
    assert change.ingest_run == second
    assert change.changes == {"released_at": [None, "2026-03-01T18:30:00+00:00"], "outcome": ["", "bailed"]}


# --- Acceptance 2: interrupted half-way, then re-run ----------------------------------------------


def _rows(count: int) -> list[str]:
    """Rows of ``count`` different children (born on different days: no two alike)."""
    return [
        f"WYP,C{n},2026-03-0{1 + n % 5}T1{n % 10}:00,Person{chr(65 + n)},Jo,2010-05-{n + 1:02d}" for n in range(count)
    ]


@pytest.mark.django_db
def test_an_ingest_interrupted_part_way_is_failed_and_a_rerun_loads_every_valid_row_once(monkeypatch):
    monkeypatch.setattr(loading, "BATCH_SIZE", 3)
    data = csv_bytes(*_rows(10), "WYP,BAD,not a time,Smith,Jo,2010-05-01")
    real_load_batch = loading.load_batch
    batches = []

    def load_batch_that_loses_the_database(rows, **kwargs):
        batches.append(len(rows))
        if len(batches) == 2:
            raise ConnectionError("server closed the connection unexpectedly")
        return real_load_batch(rows, **kwargs)

    monkeypatch.setattr(loading, "load_batch", load_batch_that_loses_the_database)
    failed = run_of(data)
    assert failed.status == RunStatus.FAILED
    assert failed.message.startswith("The ingest stopped after loading 3 of the file's 11 rows (ConnectionError")
    assert failed.finished_at is not None
    assert CustodyRecord.objects.count() == 3  # the first batch, whole

    monkeypatch.setattr(loading, "load_batch", real_load_batch)
    again = ingest.ingest_run_retry(run=failed, by=None, queue=False)
    ingest_file(again, notify=ingest.NOTIFY_NONE)
    assert counts(again) | {"errors": again.errors} == {
        "status": RunStatus.SUCCEEDED,
        "progress": 100,
        "rows_read": 11,
        "created": 7,
        "updated": 0,
        "unchanged": 3,
        "skipped": 0,
        "rejected": 1,
        "errors": [{"line": 12, "reason": "detained_at: 'not a time' is not a date and time "
                    "(YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM)"}],
    }  # fmt: skip
    assert CustodyRecord.objects.count() == 10
    assert sorted(CustodyRecord.objects.values_list("custody_ref", flat=True)) == sorted(f"C{n}" for n in range(10))
    assert Child.objects.count() == 10
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED  # the failed run stays, as a record of what happened


def _writer_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith("custody-ingest-")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("failing", ["writing", "planning"])
def test_with_batches_written_on_a_thread_of_their_own_a_failure_in_either_thread_keeps_whole_batches(
    monkeypatch, failing
):
    """Outside a transaction, batches are planned here and written on a writer thread: an error
    on either side stops both, the run fails with what was loaded, and a re-run loads the rest once."""
    monkeypatch.setattr(loading, "BATCH_SIZE", 3)
    data = csv_bytes(*_rows(10))
    real = loading.load_batch if failing == "writing" else loading.batch_plan
    calls = []

    def fails_the_second_time(rows, **kwargs):
        calls.append(threading.current_thread().name)
        if len(calls) == 2:
            raise ConnectionError("server closed the connection unexpectedly")
        return real(rows, **kwargs)

    monkeypatch.setattr(loading, "load_batch" if failing == "writing" else "batch_plan", fails_the_second_time)
    failed = run_of(data)
    on_writer = calls[0] == "custody-ingest-writer"
    assert on_writer == (failing == "writing")
    assert failed.status == RunStatus.FAILED
    loaded = CustodyRecord.objects.count()
    # Whole batches only: the first, written (or, planning having failed first, perhaps not yet).
    assert loaded == 3 if failing == "writing" else loaded in (0, 3)
    stopped = f"The ingest stopped after loading {loaded} of the file's 10 rows (ConnectionError"
    assert failed.message.startswith(stopped)
    assert _writer_threads() == []

    monkeypatch.setattr(loading, "load_batch" if failing == "writing" else "batch_plan", real)
    again = ingest_file(ingest.ingest_run_retry(run=failed, by=None, queue=False), notify=ingest.NOTIFY_NONE)
    assert (again.status, again.created, again.unchanged) == (RunStatus.SUCCEEDED, 10 - loaded, loaded)
    assert sorted(CustodyRecord.objects.values_list("custody_ref", flat=True)) == sorted(f"C{n}" for n in range(10))
    assert Child.objects.count() == 10
    assert _writer_threads() == []


@pytest.mark.django_db(transaction=True)
def test_with_batches_written_on_a_thread_the_same_pnc_id_in_two_batches_is_one_new_child(monkeypatch):
    """A later batch matches the child an earlier batch made, whether or not that batch has committed."""
    monkeypatch.setattr(loading, "BATCH_SIZE", 1)
    run = run_of(
        csv_bytes(
            "WYP,C1,2026-03-01T10:00,Whitfield,Jayden,2010-05-01,23/123456A",
            "WYP,C2,2026-03-02T10:00,Whitfeild,Jaden,2010-05-01,23/123456A",
            "WYP,C3,2026-03-03T10:00,Nobody,Known,2011-05-01,",
            "WYP,C4,2026-03-04T10:00,Nobody,Known,2011-05-01,",
            header=HEADER + ",pnc_id",
        )
    )
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 4)
    assert Child.objects.count() == 2
    assert dict(CustodyRecord.objects.values_list("custody_ref", "match_status")) == {
        "C1": MatchStatus.CREATED, "C2": MatchStatus.MATCHED, "C3": MatchStatus.CREATED, "C4": MatchStatus.MATCHED,
    }  # fmt: skip


@pytest.mark.django_db
def test_progress_and_counts_are_saved_after_every_batch(monkeypatch):
    monkeypatch.setattr(loading, "BATCH_SIZE", 4)
    seen = []
    real_save = IngestRun.save

    def save(self, *args, **kwargs):
        if self.status == RunStatus.RUNNING and "progress" in (kwargs.get("update_fields") or []):
            seen.append((self.progress, self.created))
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(IngestRun, "save", save)
    run_of(csv_bytes(*_rows(10)))
    assert seen == [(40, 4), (80, 8), (99, 10)]


@pytest.mark.django_db
def test_the_first_rows_are_loaded_before_the_rest_of_the_file_is_checked(monkeypatch):
    monkeypatch.setattr(loading, "BATCH_SIZE", 2)
    checked = stream_extract(csv_bytes(*_rows(10)))
    read_when_loaded = []
    loading.load_rows(checked, on_batch=lambda batch, counts: read_when_loaded.append(checked.rows_read))
    # Two batches are read to choose how to load; then each is read as the one before is loaded.
    assert read_when_loaded == [4, 4, 6, 8, 10]
    assert CustodyRecord.objects.count() == 10


@pytest.mark.django_db
def test_new_records_and_children_take_their_ids_from_the_sequences_a_block_at_a_time(monkeypatch):
    monkeypatch.setattr(loading, "BATCH_SIZE", 2)
    with CaptureQueriesContext(connection) as queries:
        loading.load_rows(read_extract(csv_bytes(*_rows(25))).rows)
    taken = [query["sql"] for query in queries.captured_queries if "nextval" in query["sql"]]
    assert len(taken) == 4  # ids for 20 records, then 20 children; then 20 more of each
    records = sorted(CustodyRecord.objects.values_list("id", flat=True))
    assert records == list(range(records[0], records[0] + 25))


@pytest.mark.django_db
def test_a_run_left_running_by_a_lost_worker_is_taken_over_at_once_and_failed_when_stale():
    run = IngestRun.objects.create(source=IngestSource.UPLOAD, status=RunStatus.RUNNING)
    held = IngestRun.objects.create(source=IngestSource.UPLOAD, status=RunStatus.RUNNING)

    with separate_connection() as other:  # another worker
        other.execute("SELECT pg_advisory_lock(%s::int, %s::int)", [ingest.RUN_LOCK, held.pk])
        with pytest.raises(ingest.IngestRunBusy), ingest_run_claim(held.pk):
            pass  # another worker is on it
        backend = other.info.backend_pid
    with connection.cursor() as cursor:  # the server ends that worker's session a moment later
        for _ in range(100):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    with ingest_run_claim(held.pk) as claimed:  # that worker's connection ended: it was lost
        assert claimed.pk == held.pk
    with ingest_run_claim(run.pk) as claimed:  # running, recently updated, and nobody holds it
        assert (claimed.pk, claimed.status) == (run.pk, RunStatus.RUNNING)
    IngestRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    assert ingest_runs_fail_stale() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "stopped part-way" in run.message
    with ingest_run_claim(run.pk) as claimed:
        assert claimed is None  # finished runs are left alone


@pytest.mark.django_db
def test_the_same_pnc_id_spelt_two_ways_in_one_file_is_one_new_child():
    run = run_of(
        csv_bytes(
            "WYP,C1,2026-03-01T10:00,Whitfield,Jayden,2010-05-01,23/123456A",
            "WYP,C2,2026-03-02T10:00,Whitfeild,Jaden,2010-05-01,23/123456A",
            header=HEADER + ",pnc_id",
        )
    )
    assert run.status == RunStatus.SUCCEEDED
    child = Child.objects.get()
    assert child.pnc_id == "23/123456A"
    assert set(CustodyRecord.objects.values_list("child", flat=True)) == {child.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "between",
    [
        [],  # the child's row comes next
        # Rows of other birthdays between, planned more than a second later than the addition.
        ["WYP,C3,2026-03-01T10:00,Brown,Al,2010-06-01", "WYP,C4,2026-03-01T10:00,Jones,Bo,2010-07-01"],
    ],
)
def test_a_child_added_by_someone_else_during_an_ingest_is_matched_in_a_later_batch(monkeypatch, between):
    monkeypatch.setattr(loading, "BATCH_SIZE", 1)
    real_load_batch = loading.load_batch
    batches = []

    def load_batch(rows, **kwargs):
        batches.append(rows)
        if len(batches) == 2:  # a case worker adds the child between the batches
            ChildFactory(surname="Okafor", forenames="Chidi", date_of_birth=date(2010, 5, 1))
        if between and len(batches) == 3:
            time.sleep(1.2)
        return real_load_batch(rows, **kwargs)

    monkeypatch.setattr(loading, "load_batch", load_batch)
    run_of(
        csv_bytes(
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01", *between, "WYP,C2,2026-03-01T10:00,Okafor,Chidi,2010-05-01"
        )
    )
    record = CustodyRecord.objects.get(custody_ref="C2")
    assert (record.match_status, record.child.known_to_yjs) == (MatchStatus.MATCHED, True)


@pytest.mark.django_db
def test_a_child_the_ingest_made_and_someone_renamed_meanwhile_is_matched_by_the_new_name(monkeypatch):
    monkeypatch.setattr(loading, "BATCH_SIZE", 1)
    real_load_batch = loading.load_batch
    batches = []
    changed_read = []
    real_fetch = matching.ChildNames._fetch

    def fetch(query, params):
        rows = real_fetch(query, params)
        if query is lookups.CHILDREN_CHANGED_SINCE:
            changed_read.extend(rows)
        return rows

    def load_batch(rows, **kwargs):
        batches.append(rows)
        if len(batches) == 3:  # a case worker corrects the name of the child the first row brought
            child = Child.objects.get(surname="Smith")
            child.surname, child.forenames = "Okafor", "Chidi"
            child.save()
        return real_load_batch(rows, **kwargs)

    monkeypatch.setattr(matching.ChildNames, "_fetch", staticmethod(fetch))
    monkeypatch.setattr(loading, "load_batch", load_batch)
    run_of(
        csv_bytes(
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01",
            "WYP,C2,2026-03-01T10:00,Brown,Al,2010-05-01",
            "WYP,C3,2026-03-01T11:00,Jones,Bo,2010-05-01",
            "WYP,C4,2026-03-01T12:00,Okafor,Chidi,2010-05-01",
        )
    )
    first, fourth = (CustodyRecord.objects.get(custody_ref=ref) for ref in ("C1", "C4"))
    assert (fourth.match_status, fourth.child_id) == (MatchStatus.MATCHED, first.child_id)
    # The children it made, unchanged, are not read again: only the one renamed.
    assert {(child_id, surname) for child_id, _, surname, _ in changed_read} == {(first.child_id, "Okafor")}


@pytest.mark.django_db(transaction=True)
def test_a_child_added_just_after_a_batch_s_names_were_read_ahead_is_matched_in_a_later_batch(monkeypatch):
    """On a thread of its own, the names for a batch are read while the batch before is planned:
    a child added after that read is found with the next batch's names, even when the batch
    between is planned more than a second later (changes are read again from the read's time)."""
    monkeypatch.setattr(loading, "BATCH_SIZE", 1)
    real_read_ahead, real_load = matching.ChildNames.read_ahead, matching.ChildNames.load
    reads = []

    def read_ahead(self, dobs):
        reads.append(dobs)
        if len(reads) == 5:
            time.sleep(2)  # the last batch's names are read after the fourth batch is planned
        ahead = real_read_ahead(self, dobs)
        if len(reads) == 4:  # just after the fourth batch's names were read
            ChildFactory(surname="Okafor", forenames="Chidi", date_of_birth=date(2010, 5, 1))
        return ahead

    def load(self, dobs, ahead=None):
        if date(2010, 8, 1) in dobs:
            time.sleep(1.5)  # the fourth batch is planned well after its names were read
        return real_load(self, dobs, ahead)

    monkeypatch.setattr(matching.ChildNames, "read_ahead", read_ahead)
    monkeypatch.setattr(matching.ChildNames, "load", load)
    run = run_of(
        csv_bytes(
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-06-01",
            "WYP,C2,2026-03-01T10:00,Brown,Al,2010-07-01",
            "WYP,C3,2026-03-01T10:00,Jones,Bo,2010-05-01",
            "WYP,C4,2026-03-01T10:00,Evans,Cy,2010-08-01",
            "WYP,C5,2026-03-01T10:00,Okafor,Chidi,2010-05-01",
        )
    )
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 5)
    record = CustodyRecord.objects.get(custody_ref="C5")
    assert (record.match_status, record.child.surname) == (MatchStatus.MATCHED, "Okafor")
    assert record.child.known_to_yjs


# --- The API's door: JSON rows numbered by their place in the list -------------------------------------


@pytest.mark.django_db
def test_pushed_rows_are_numbered_from_one_and_keys_match_in_any_case(police_officer):
    run = ingest_rows(
        rows=[
            {"FORCE_CODE": "WYP", "custody_ref": "C1", "detained_at": "2026-03-01T10:00", "surname": "Smith",
             "forenames": "Jo", "date_of_birth": "2010-05-01", "extra": "ignored"},
            ["not", "an", "object"],
            {"force_code": "WYP", "custody_ref": "C3", "detained_at": "2026-03-01T10:00", "surname": "Smith",
             "forenames": "Jo", "date_of_birth": 20100501},
        ],
        by=police_officer,
        notify=ingest.NOTIFY_NONE,
    )  # fmt: skip
    assert (run.source, run.status, run.rows_read, run.created, run.rejected) == (
        IngestSource.API,
        RunStatus.SUCCEEDED,
        3,
        1,
        2,
    )
    assert run.errors == [
        {"line": 2, "reason": "expected an object of column names and values"},
        {"line": 3, "reason": "date_of_birth: expected text, found int"},
    ]


# --- The extract reader, faster but the same ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1/3/2026 9:05", datetime(2026, 3, 1, 9, 5, tzinfo=UTC)),
        ("2026-3-1T9:05", datetime(2026, 3, 1, 9, 5, tzinfo=UTC)),
        ("2026-07-01T10:30:15", datetime(2026, 7, 1, 9, 30, 15, tzinfo=UTC)),
        ("2026-02-30T10:00", None),
        ("2026-03-01 10:00", None),
        ("2026-03-01T10:00Z", None),
        ("01/03/26 10:00", None),
    ],
)
def test_both_time_formats_are_read_strictly(value, expected):
    result = read_extract(csv_bytes(f"WYP,C1,{value},Smith,Jo,2010-05-01"))
    if expected is None:
        assert "is not a date and time" in result.errors[0]["reason"]
    else:
        assert result.rows[0].detained_at == expected


def test_a_29_february_birthday_counts_from_28_february_in_other_years():
    # As dateutil counts whole years: 18 on 28 February 2026, so skipped that day.
    result = read_extract(
        csv_bytes("WYP,C1,2026-02-27T10:00,Leap,Jo,2008-02-29", "WYP,C2,2026-02-28T10:00,Leap,Jo,2008-02-29")
    )
    assert [row.custody_ref for row in result.rows] == ["C1"]
    assert result.skipped == 1


# --- make_custody_extract -------------------------------------------------------------------------


@pytest.mark.django_db
def test_make_custody_extract_writes_a_realistic_file_with_some_faulty_rows(tmp_path: Path):
    for n in range(40):
        ChildFactory(
            surname=f"Known{chr(65 + n % 26)}{chr(97 + n // 26)}",
            forenames="Sam",
            date_of_birth=date(2011, 1, 1 + n % 28),
        )
    out = tmp_path / "extract.csv"
    call_command("make_custody_extract", rows=600, seed=7, out=str(out), stderr=StringIO())
    data = out.read_bytes()
    result = read_extract(data)
    assert result.rows_read == 600
    assert 0 < len(result.errors) < 40  # a small share of faulty rows
    assert 0 < result.skipped < 20  # and a few adults
    reasons = " ".join(error["reason"] for error in result.errors)
    assert "does not exist in UK time" in reasons
    assert any(row.surname.startswith("Known") for row in result.rows)  # children already on the system

    again = tmp_path / "again.csv"
    call_command("make_custody_extract", rows=600, seed=7, out=str(again), stderr=StringIO())
    assert again.read_bytes() == data  # the same seed, the same file


@pytest.mark.django_db
def test_synthetic_rows_include_typos_swaps_hyphens_and_apostrophes_of_known_children():
    children = [
        demo.KnownChild("O'Brien", "Liam James", date(2010, 5, 1)),
        demo.KnownChild("Smith-Jones", "Amy Rose", date(2011, 6, 2)),
        demo.KnownChild("Wójcik", "Zoë", date(2012, 7, 3)),
    ]
    rows = demo.synthetic_rows(400, seed=1, children=children, known_share=1.0, faulty_share=0, adult_share=0)
    names = {(row["surname"], row["forenames"]) for row in rows}
    assert ("O'Brien", "James Liam") in names  # forenames swapped
    assert ("OBrien", "Liam James") in names  # apostrophe left out
    assert ("Smith Jones", "Amy Rose") in names  # hyphen left out
    assert ("Wojcik", "Zoe") in names  # accents dropped
    assert any(surname not in {"O'Brien", "OBrien", "Smith-Jones", "Smith Jones", "Wójcik", "Wojcik"}
               for surname, _ in names)  # fmt: skip


@pytest.mark.django_db
def test_a_batch_takes_the_same_number_of_queries_for_10_or_100_rows():
    ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1), pnc_id="23/123456A")

    def queries(count: int, prefix: str) -> int:
        lines = [
            f"WYP,{prefix}{n},2026-03-01T10:00,Person{chr(65 + n % 26)}{chr(65 + n // 26)},Jo,"
            f"{date(2010, 1, 1) + timedelta(days=n)},{'23/123456A' if n == 0 else ''}"
            for n in range(count)
        ]
        rows = read_extract(csv_bytes(*lines, header=HEADER + ",pnc_id")).rows
        with CaptureQueriesContext(connection) as captured:
            loading.load_rows(rows)
        return len(captured)

    assert queries(10, "A") == queries(100, "B")


@pytest.mark.django_db
def test_the_demo_loads_a_week_of_custody_records_once(police_officer, team_north, case_worker, mailoutbox):
    from custody.demo import DEMO_FILE, load_custody_demo
    from custody.models import LocalAuthorityInbox

    today = timezone.localdate()
    for n in range(30):
        child = ChildFactory(
            surname=f"Demo{chr(65 + n % 26)}{chr(65 + n // 26)}",
            forenames="Sam",
            date_of_birth=today - timedelta(days=365 * 14 + n),
        )
        if n % 2:
            CaseFactory(child=child, team=team_north, allocated_to=case_worker)
    summary = load_custody_demo(rows=120, seed=5)
    assert summary.startswith(f"custody: {DEMO_FILE}: ")
    runs = IngestRun.objects.order_by("id")
    assert [run.status for run in runs] == [RunStatus.SUCCEEDED, RunStatus.SUCCEEDED]
    assert runs[0].created > 100 and runs[0].rejected > 0
    assert runs[1].updated > 0  # the next morning's releases and outcomes
    assert CustodyRecord.objects.filter(child__known_to_yjs=True).exists()
    assert LocalAuthorityInbox.objects.filter(name="Leeds").exists()
    assert mailoutbox  # case workers and social workers told
    assert load_custody_demo(rows=120, seed=5) == "custody demo already loaded"
    assert IngestRun.objects.count() == 2


@pytest.mark.django_db
def test_children_not_known_to_the_yjs_are_findable_by_name_once_their_batch_is_loaded(
    police_officer, django_capture_on_commit_callbacks, monkeypatch
):
    from cases.tasks import child_search_keys_build_task

    queued = []
    # The worker, here: the task queued once the batch commits runs at once.
    monkeypatch.setattr(
        child_search_keys_build_task,
        "apply_async",
        lambda args, **kwargs: queued.append(args) or child_search_keys_build_task.apply(args),
    )
    data = csv_bytes("WYP,K1,2026-03-01T10:00,O'Connor-Byrne,Siobhan,2011-02-03")
    run = ingest_run_create(by=None, source=IngestSource.UPLOAD, upload=ContentFile(data, name="x.csv"), queue=False)
    with django_capture_on_commit_callbacks(execute=True):
        ingest_file(run, notify=ingest.NOTIFY_NONE, search_keys=ingest.NOTIFY_QUEUE)
    child = Child.objects.get(known_to_yjs=False)
    assert queued == [([child.pk],)]
    from cases.selectors import child_search

    assert [result.child.pk for result in child_search(user=police_officer, query="shivon oconnor byrne")] == [child.pk]


@pytest.mark.django_db
def test_building_search_keys_again_replaces_them():
    from cases.models import ChildSearchKey
    from cases.search import name_keys
    from cases.services import child_search_keys_build

    child = ChildFactory(surname="Nowak", forenames="Kacper", preferred_name="")
    assert child_search_keys_build(child_ids=[child.pk]) == len(name_keys(["Nowak", "Kacper"]))
    Child.objects.filter(pk=child.pk).update(surname="Novak")
    child_search_keys_build(child_ids=[child.pk])
    keys = list(ChildSearchKey.objects.filter(child=child).values_list("key", flat=True))
    assert sorted(keys) == sorted(name_keys(["Novak", "Kacper"]))


# --- Issue 17: a narrower file, a row too long, a record given twice -----------------------------

FULL_HEADER = ",".join(demo.COLUMNS)
FULL_ROW = {
    "force_code": "WYP",
    "custody_ref": "C1",
    "suite": "Elland Road",
    "detained_at": "2026-03-01T10:00",
    "charged_at": "2026-03-01T15:00",
    "released_at": "",
    "surname": "Smith",
    "forenames": "Jo",
    "date_of_birth": "2010-05-01",
    "gender": "F",
    "ethnicity": "B3",
    "pnc_id": "23/123456A",
    "postcode": "LS1 4AP",
    "home_local_authority": "Leeds",
    "looked_after": "Y",
    "responsible_local_authority": "Bradford",
    "offences": "Theft;Assault",
    "outcome": "charged_detained",
    "aa_requested_at": "2026-03-01T10:30",
    "aa_arrived_at": "2026-03-01T12:00",
    "ld_screening": "completed",
    "s38_6": "requested",
}
RECORD_VALUES = [name for name in demo.COLUMNS if name not in ("released_at", "custody_ref")]


def full_extract(*rows: dict) -> bytes:
    return csv_bytes(*(",".join(row[name] for name in demo.COLUMNS) for row in rows), header=FULL_HEADER)


def all_counts(run: IngestRun) -> dict:
    return {
        name: getattr(run, name)
        for name in ("rows_read", "created", "updated", "unchanged", "skipped", "rejected", "repeated")
    }


def tally(rows_read: int, **counts: int) -> dict:
    """Every count of a run: those not given are 0."""
    zero = dict.fromkeys(("created", "updated", "unchanged", "skipped", "rejected", "repeated"), 0)
    return {"rows_read": rows_read, **zero, **counts}


def record_values(custody_ref: str) -> dict:
    return CustodyRecord.objects.filter(custody_ref=custody_ref).values(*RECORD_VALUES, "released_at").get()


@pytest.mark.django_db
def test_a_narrower_file_changes_only_the_columns_it_has_and_the_history_shows_only_that():
    first = run_of(full_extract(FULL_ROW, {**FULL_ROW, "custody_ref": "C2", "pnc_id": "23/654321B"}))
    assert all_counts(first) == tally(2, created=2)
    before = {ref: record_values(ref) for ref in ("C1", "C2")}
    assert before["C1"]["ethnicity"] == "B3" and before["C1"]["offences"] == ["Theft", "Assault"]

    # The next morning: C1 released; C2 as it was. Only some optional columns in the file.
    narrower = csv_bytes(
        "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,2026-03-02T09:00",
        "WYP,C2,2026-03-01T10:00,Smith,Jo,2010-05-01,",
        header=HEADER + ",released_at",
    )
    second = run_of(narrower)
    assert all_counts(second) == tally(2, created=0, updated=1, unchanged=1, skipped=0, rejected=0, repeated=0)
    after = {ref: record_values(ref) for ref in ("C1", "C2")}
    assert after["C2"] == before["C2"]
    assert after["C1"] == {**before["C1"], "released_at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC)}
    [change] = CustodyRecordChange.objects.all()
    assert change.changes == {"released_at": [None, "2026-03-02T09:00:00+00:00"]}
    assert change.ingest_run == second

    # The record's hash is that of its values now, as a full row of them gives it.
    [released] = read_extract(full_extract({**FULL_ROW, "released_at": "2026-03-02T09:00"})).rows
    assert CustodyRecord.objects.get(custody_ref="C1").row_hash == released.digest()

    # Again: nothing changes. The full file with the release in it: the same record, unchanged.
    again = run_of(narrower)
    assert all_counts(again) == tally(2, created=0, updated=0, unchanged=2, skipped=0, rejected=0, repeated=0)
    full = run_of(
        full_extract(
            {**FULL_ROW, "released_at": "2026-03-02T09:00"}, {**FULL_ROW, "custody_ref": "C2", "pnc_id": "23/654321B"}
        )
    )
    assert all_counts(full) == tally(2, created=0, updated=0, unchanged=2, skipped=0, rejected=0, repeated=0)
    assert CustodyRecordChange.objects.count() == 1

    # A column that is there, empty, does clear its field.
    cleared = run_of(csv_bytes("WYP,C2,2026-03-01T10:00,Smith,Jo,2010-05-01,", header=HEADER + ",ethnicity"))
    assert (cleared.updated, record_values("C2")["ethnicity"], record_values("C2")["gender"]) == (1, "", "F")
    assert CustodyRecordChange.objects.latest("id").changes == {"ethnicity": ["B3", ""]}


@pytest.mark.django_db
def test_pushed_rows_without_some_keys_leave_those_fields_alone(police_officer):
    def push(*rows):
        return ingest_rows(rows=list(rows), by=police_officer, notify=ingest.NOTIFY_NONE)

    first = push(FULL_ROW, {**FULL_ROW, "custody_ref": "C2", "pnc_id": "23/654321B"})
    assert all_counts(first) == tally(2, created=2)
    before = {ref: record_values(ref) for ref in ("C1", "C2")}
    required = {name: FULL_ROW[name] for name in ("force_code", "detained_at", "surname", "forenames", "date_of_birth")}
    second = push(
        {**required, "custody_ref": "C1", "released_at": "2026-03-02T09:00", "OUTCOME": "charged_detained"},
        {**required, "custody_ref": "C2"},
    )
    assert all_counts(second) == tally(2, created=0, updated=1, unchanged=1, skipped=0, rejected=0, repeated=0)
    assert record_values("C2") == before["C2"]
    assert record_values("C1") == {**before["C1"], "released_at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC)}
    [change] = CustodyRecordChange.objects.all()
    assert change.changes == {"released_at": [None, "2026-03-02T09:00:00+00:00"]}
    # A key given as null or empty clears the field.
    third = push({**required, "custody_ref": "C1", "suite": None, "offences": ""})
    assert (third.updated, record_values("C1")["suite"], record_values("C1")["offences"]) == (1, "", [])
    assert record_values("C1")["ethnicity"] == "B3"


@pytest.mark.django_db
def test_a_row_with_a_200_kb_surname_is_rejected_with_its_line_and_every_other_row_loads():
    data = csv_bytes(
        "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01",
        f"WYP,C2,2026-03-01T10:00,{'A' * 200_000},Jo,2010-05-01",
        "WYP,C3,2026-03-01T10:00,Khan,Ali,2011-01-02",
    )
    run = run_of(data)
    assert run.status == RunStatus.SUCCEEDED
    assert all_counts(run) == tally(3, created=2, updated=0, unchanged=0, skipped=0, rejected=1, repeated=0)
    assert run.errors == [{"line": 3, "reason": "surname: must be 100 characters or fewer (it has 200,000)"}]
    assert sorted(CustodyRecord.objects.values_list("custody_ref", flat=True)) == ["C1", "C3"]


@pytest.mark.django_db
def test_a_record_given_twice_is_counted_once_loaded_and_once_repeated_with_the_line_it_repeats():
    lines = [f"WYP,C{number},2026-03-01T10:00,Smith,Jo,2010-05-{number:02d}" for number in range(1, 13)]
    lines.insert(5, "WYP,C3,2026-03-01T10:00,Smith,Joe,2010-05-03")  # line 7 repeats line 4
    lines.append("WYP,C99,never,Smith,Jo,2010-05-01")
    assert len(lines) == 14
    run = run_of(csv_bytes(*lines))
    expected = tally(14, created=12, updated=0, unchanged=0, skipped=0, rejected=1, repeated=1)
    assert all_counts(run) == expected
    assert sum(value for name, value in expected.items() if name != "rows_read") == 14
    assert run.repeated_rows == [{"line": 7, "repeats": 4}]
    assert CustodyRecord.objects.get(custody_ref="C3").forenames == "Joe"
    assert "1 row repeating a record given earlier in the same file" in run.message

    again = run_of(csv_bytes(*lines))
    assert all_counts(again) == {**expected, "created": 0, "unchanged": 12}


@pytest.mark.django_db
def test_counts_add_up_to_the_rows_read_with_repeats_among_rejected_and_adult_rows(police_officer):
    rows = [
        {**FULL_ROW, "custody_ref": "C1"},
        {**FULL_ROW, "custody_ref": "C1", "detained_at": "never"},  # rejected
        {**FULL_ROW, "custody_ref": "C1", "suite": "Trinity"},  # repeats row 1
        {**FULL_ROW, "custody_ref": "C1", "date_of_birth": "2001-01-01"},  # an adult: skipped
        {**FULL_ROW, "custody_ref": "C1", "suite": "Leeds"},  # repeats row 1, and is loaded
    ]
    run = ingest_rows(rows=rows, by=police_officer, notify=ingest.NOTIFY_NONE)
    assert all_counts(run) == tally(5, created=1, updated=0, unchanged=0, skipped=1, rejected=1, repeated=2)
    assert run.repeated_rows == [{"line": 3, "repeats": 1}, {"line": 5, "repeats": 1}]
    assert CustodyRecord.objects.get().suite == "Leeds"
