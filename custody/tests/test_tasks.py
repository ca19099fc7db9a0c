"""The custody Celery tasks: the morning drop folder, a run on a real worker (and one that fails
half-way on it, then loads fully when tried again), and the notification task's retries."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.base import ContentFile

from custody import ingest, loading, tasks
from custody.models import CustodyRecord, IngestRun, IngestSource, RunStatus
from yjs.celery import app

HEADER = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth,released_at"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def extract(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def write(path, data: bytes, mtime: int) -> None:
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


@pytest.mark.django_db
def test_the_morning_task_loads_each_new_file_in_order_and_moves_it(tmp_path, settings):
    drop = tmp_path / "drop"
    drop.mkdir()
    settings.CUSTODY_DROP_FOLDER = drop
    write(drop / "saturday.csv", extract("WYP,C1,2026-08-29T01:00,Smith,Jo,2010-05-01,"), 1_000)
    # Sunday's file releases Saturday's child: read after it, although its name sorts first.
    write(drop / "a-sunday.CSV", extract("WYP,C1,2026-08-29T01:00,Smith,Jo,2010-05-01,2026-08-29T09:00"), 2_000)
    write(drop / "broken.csv", b"force_code,custody_ref\nWYP,C9\n", 3_000)
    (drop / "notes.txt").write_text("not an extract")

    done = tasks.drop_folder_ingest_task()

    assert [(item["file"], item["status"]) for item in done] == [
        ("saturday.csv", RunStatus.SUCCEEDED),
        ("a-sunday.CSV", RunStatus.SUCCEEDED),
        ("broken.csv", RunStatus.FAILED),
    ]
    assert sorted(path.name for path in (drop / "processed").iterdir()) == ["a-sunday.CSV", "saturday.csv"]
    assert [path.name for path in (drop / "failed").iterdir()] == ["broken.csv"]
    assert sorted(path.name for path in drop.iterdir() if path.is_file()) == ["notes.txt"]
    record = CustodyRecord.objects.get()
    assert record.hours_detained == 8.0
    runs = IngestRun.objects.order_by("id")
    assert [(run.source, run.created, run.updated) for run in runs] == [
        (IngestSource.DROP_FOLDER, 1, 0),
        (IngestSource.DROP_FOLDER, 0, 1),
        (IngestSource.DROP_FOLDER, 0, 0),
    ]
    assert "force_code" not in runs[2].message and "custody_ref" not in runs[2].message.split(":")[-1]
    assert "detained_at" in runs[2].message

    assert tasks.drop_folder_ingest_task() == []  # nothing new the next morning

    write(drop / "saturday.csv", extract("WYP,C1,2026-08-29T01:00,Smith,Jo,2010-05-01,2026-08-29T09:00"), 4_000)
    [again] = tasks.drop_folder_ingest_task()  # the same name again: kept apart in processed/
    assert again["status"] == RunStatus.SUCCEEDED
    assert len(list((drop / "processed").iterdir())) == 3


@pytest.mark.django_db
def test_the_notification_task_raises_to_be_retried_when_something_was_not_sent(settings, team_north, case_worker):
    from datetime import date

    from cases.tests.factories import CaseFactory, ChildFactory
    from custody.extract import read_extract

    child = ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    CaseFactory(child=child, team=team_north, allocated_to=case_worker)
    counts = loading.load_rows(read_extract(extract("WYP,C1,2026-03-01T10:00,Whitfield,Jayden,2010-05-01,")).rows)
    settings.EMAIL_BACKEND = "custody.tests.test_notifications.SmtpDown"
    with pytest.raises(OSError, match="1 custody notification"):
        tasks.records_notify_task.run(counts.touched_record_ids)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.records_notify_task.run(counts.touched_record_ids)["reviews_opened"] == 1


def test_the_beat_tasks_are_registered_under_the_names_the_schedule_uses():
    for name in (
        "custody.tasks.drop_folder_ingest_task",
        "custody.tasks.digest_task",
        "custody.tasks.ingest_run_task",
        "custody.tasks.records_notify_task",
    ):
        assert name in app.tasks


def wait_for(run: IngestRun, timeout: float = 30) -> IngestRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run.pk} still {run.status}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_run_fails_half_way_on_a_real_worker_and_loads_fully_when_tried_again(monkeypatch, police_officer):
    monkeypatch.setattr(loading, "BATCH_SIZE", 2)
    real_load_batch = loading.load_batch
    calls = []

    def load_batch(rows, **kwargs):
        calls.append(len(rows))
        if len(calls) == 2:
            raise OSError("could not receive data from server: Connection reset by peer")
        return real_load_batch(rows, **kwargs)

    monkeypatch.setattr(loading, "load_batch", load_batch)
    lines = [f"WYP,C{n},2026-03-01T1{n}:00,Child{chr(65 + n)},Jo,2010-05-0{n + 1}," for n in range(5)]
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        run = ingest.ingest_run_create(
            by=police_officer, source=IngestSource.UPLOAD, upload=ContentFile(extract(*lines), name="monday.csv")
        )
        failed = wait_for(run)
        assert failed.status == RunStatus.FAILED
        assert "stopped after loading 2 of the file's 5 rows" in failed.message
        assert CustodyRecord.objects.count() == 2

        again = ingest.ingest_run_retry(run=failed, by=police_officer)
        again = wait_for(again)
    assert (again.status, again.created, again.unchanged, again.progress) == (RunStatus.SUCCEEDED, 3, 2, 100)
    assert sorted(CustodyRecord.objects.values_list("custody_ref", flat=True)) == [f"C{n}" for n in range(5)]
