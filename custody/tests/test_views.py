"""The custody pages: today's list and its filters, a record with its history, the review queue,
uploads and runs with their rejected rows, duty inboxes, the board's figures; who sees what;
constant query counts."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.tests.factories import CaseFactory, ChildFactory
from custody import selectors, tasks
from custody.extract import read_extract
from custody.loading import load_rows
from custody.models import CustodyRecord, IngestRun, IngestSource, LocalAuthorityInbox, MatchStatus, RunStatus
from yjs.roles import Role
from yjs.tests.factories import UserFactory

LONDON = ZoneInfo("Europe/London")
HEADER = (
    "force_code,custody_ref,detained_at,surname,forenames,date_of_birth,suite,outcome,looked_after,released_at,"
    "charged_at,aa_requested_at,aa_arrived_at,s38_6,ld_screening"
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def load(*lines: str) -> list[int]:
    result = read_extract(("\n".join([HEADER, *lines]) + "\n").encode())
    assert result.errors == []
    return load_rows(result.rows).touched_record_ids


def recent(hours_ago: int = 3) -> str:
    return f"{timezone.localtime() - timedelta(hours=hours_ago):%Y-%m-%dT%H:%M}"


def signed_in(client, user):
    client.force_login(user)
    return client


# --- The custody list ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_police_officer_sees_the_list_since_the_last_working_day_with_filters(client, police_officer, team_north):
    known = ChildFactory(surname="Opencase", forenames="Jo", date_of_birth=date(2010, 5, 1))
    CaseFactory(child=known, team=team_north)
    load(
        f"WYP,C1,{recent()},Opencase,Jo,2010-05-01,Leeds District,,,,,,,,",
        f"WYP,C2,{recent()},Looked,Amy,2011-05-01,Bradford District,bailed,Y,,,,,,",
        f"WYP,C3,{recent(24 * 20)},Old,Sam,2011-05-01,Leeds District,,,,,,,,",
    )
    signed_in(client, police_officer)
    page = client.get("/custody/").content.decode()
    assert "Jo Opencase" in page and "Amy Looked" in page
    assert "Sam Old" not in page  # detained before the last working day
    assert "Open case" in page and "Looked after" in page

    def names(**query) -> list[str]:
        return [record.custody_ref for record in client.get("/custody/", query).context["records"]]

    assert names(suite="Bradford District") == ["C2"]
    assert names(outcome="bailed") == ["C2"]
    assert names(outcome="none") == ["C1"]
    assert names(looked_after="yes") == ["C2"]
    assert names(open_case="yes") == ["C1"]
    assert names(open_case="no") == ["C2"]
    since = (timezone.localdate() - timedelta(days=30)).strftime("%d/%m/%Y")
    assert sorted(names(since=since)) == ["C1", "C2", "C3"]
    bad = client.get("/custody/", {"since": "31/02/2026"})
    assert "Enter the date as a real date" in bad.content.decode()


@pytest.mark.django_db
def test_a_case_worker_sees_only_their_caseload_and_no_queue(client, case_worker, team_north):
    mine = ChildFactory(surname="Mine", forenames="Jo", date_of_birth=date(2010, 5, 1))
    CaseFactory(child=mine, team=team_north, allocated_to=case_worker)
    load(f"WYP,C1,{recent()},Mine,Jo,2010-05-01,,,,,,,,,", f"WYP,C2,{recent()},Notmine,Jo,2010-06-01,,,,,,,,,")
    signed_in(client, case_worker)
    page = client.get("/custody/").content.decode()
    assert "Jo Mine" in page and "Notmine" not in page
    assert "Review queue" not in page
    assert client.get("/custody/review/").status_code == 403
    assert client.get("/custody/runs/upload/").status_code == 403
    other = CustodyRecord.objects.get(custody_ref="C2")
    assert client.get(f"/custody/records/{other.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.VICTIM_WORKER, Role.API_CLIENT, Role.PANEL_MEMBER])
def test_roles_without_custody_are_refused(client, role):
    signed_in(client, UserFactory(roles=[role]))
    assert client.get("/custody/").status_code == 403


@pytest.mark.django_db
def test_a_record_shows_its_history_and_who_was_told(client, police_officer):
    load(f"WYP,C1,{recent(5)},Smith,Jo,2010-05-01,Leeds District,,,,,,,,")
    load(f"WYP,C1,{recent(5)},Smith,Jo,2010-05-01,Leeds District,bailed,,{recent(1)},,,,,")
    record = CustodyRecord.objects.get()
    signed_in(client, police_officer)
    page = client.get(f"/custody/records/{record.pk}/").content.decode()
    assert "First received from the police" in page
    assert "<strong>outcome</strong>:" in page and "bailed" in page
    assert "Hours detained" in page and "4.0" in page
    assert "No one yet." in page


# --- Upload, runs and the rejected rows -------------------------------------------------------------


@pytest.mark.django_db
def test_an_upload_queues_the_run_and_its_page_shows_progress_and_the_rejected_rows(
    client, police_officer, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    queued = []
    monkeypatch.setattr(tasks.ingest_run_task, "apply_async", lambda args, **kwargs: queued.append(args[0]))
    signed_in(client, police_officer)
    data = f"{HEADER}\nWYP,C1,{recent()},Smith,Jo,2010-05-01,,,,,,,,,\nWYP,C2,never,Smith,Jo,2010-05-01,,,,,,,,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/custody/runs/upload/", {"file": SimpleUploadedFile("monday.csv", data.encode())})
    run = IngestRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/custody/runs/{run.pk}/"
    assert queued == [run.pk]
    page = client.get(f"/custody/runs/{run.pk}/").content.decode()
    assert 'value="0"' in page and "js/custody-progress.js" in page
    assert f'data-status-url="/api/v1/custody/ingest-runs/{run.pk}/"' in page

    tasks.ingest_run_task.run(run.pk)
    page = client.get(f"/custody/runs/{run.pk}/").content.decode()
    assert '<progress id="ingest-progress" class="app-progress" max="100" value="100">' in page
    assert "Rejected rows (1)" in page
    assert "detained_at: &#x27;never&#x27; is not a date and time" in page
    assert "monday.csv" in client.get("/custody/runs/").content.decode()


@pytest.mark.django_db
def test_the_runs_page_lists_the_rows_repeating_a_record_given_earlier(client, police_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from custody.ingest import NOTIFY_NONE, ingest_file, ingest_run_create

    lines = [f"WYP,C1,{recent(hours)},Smith,Jo,2010-05-01,,,,,,,,," for hours in (3, 2)]
    data = "\n".join([HEADER, *lines]) + "\n"
    run = ingest_run_create(
        by=police_officer, source="upload", upload=SimpleUploadedFile("twice.csv", data.encode()), queue=False
    )
    ingest_file(run, notify=NOTIFY_NONE)
    page = signed_in(client, police_officer).get(f"/custody/runs/{run.pk}/").content.decode()
    assert "Rows repeating an earlier row's record</dt>" in page
    assert "Repeated rows (1)" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page


@pytest.mark.django_db
def test_an_upload_without_a_file_says_so(client, police_officer):
    signed_in(client, police_officer)
    response = client.post("/custody/runs/upload/", {})
    page = response.content.decode()
    assert "There is a problem" in page and "Select a custody extract file" in page
    assert not IngestRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_upload_with_the_broker_down_says_so_and_the_run_is_failed(client, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.ingest_run_task, "apply_async", broker_down)
    signed_in(client, UserFactory(username="police", roles=[Role.POLICE_OFFICER]))
    data = f"{HEADER}\nWYP,C1,{recent()},Smith,Jo,2010-05-01,,,,,,,,,\n".encode()
    response = client.post("/custody/runs/upload/", {"file": SimpleUploadedFile("monday.csv", data)})
    assert response.status_code == 503
    assert "the task queue is not answering" in response.content.decode()
    assert IngestRun.objects.get().status == RunStatus.FAILED


@pytest.mark.django_db
def test_a_failed_run_can_be_tried_again(client, police_officer, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    queued = []
    monkeypatch.setattr(tasks.ingest_run_task, "apply_async", lambda args, **kwargs: queued.append(args[0]))
    run = IngestRun(source=IngestSource.UPLOAD, status=RunStatus.FAILED, file_name="x.csv", message="Stopped")
    run.file.save("x.csv", ContentFile(b"force_code\n"), save=True)
    signed_in(client, police_officer)
    assert "Try again" in client.get(f"/custody/runs/{run.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/custody/runs/{run.pk}/retry/")
    again = IngestRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == f"/custody/runs/{again.pk}/"
    assert queued == [again.pk]
    assert again.file.name == run.file.name


# --- The review queue ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_police_officer_resolves_a_match_from_the_queue(client, police_officer):
    first = ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    ChildFactory(surname="Whitfeld", forenames="Jaden", date_of_birth=date(2010, 5, 1))
    load(f"WYP,C1,{recent()},Whitfeild,Jayden,2010-05-01,,,,,,,,,")
    record = CustodyRecord.objects.get()
    signed_in(client, police_officer)
    queue = client.get("/custody/review/").content.decode()
    assert "Review queue (1)" in queue and "Jayden Whitfeild" in queue
    page = client.get(f"/custody/review/{record.pk}/")
    assert "None of these: create a new child" in page.content.decode()
    refused = client.post(f"/custody/review/{record.pk}/", {})
    assert "Select the child, or that none of these is the child" in refused.content.decode()
    response = client.post(f"/custody/review/{record.pk}/", {"child": str(first.pk)})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.child, record.match_status) == (first, MatchStatus.MATCHED)
    assert "There are no matches to review" in client.get("/custody/review/").content.decode()


# --- Duty inboxes ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_managers_keep_the_duty_inboxes(client, team_manager, police_officer):
    signed_in(client, team_manager)
    response = client.post("/custody/inboxes/", {"name": "  Leeds ", "email": "duty@leeds.gov.uk.example"})
    assert response.status_code == 302
    inbox = LocalAuthorityInbox.objects.get()
    assert inbox.name == "Leeds"
    duplicate = client.post("/custody/inboxes/", {"name": "LEEDS", "email": "other@leeds.gov.uk.example"})
    assert "There is already a duty inbox for this local authority" in duplicate.content.decode()
    bad = client.post("/custody/inboxes/", {"name": "Bradford", "email": "not an email"})
    assert "Enter an email address in the correct format" in bad.content.decode()
    client.post(f"/custody/inboxes/{inbox.pk}/", {"name": "Leeds", "email": "new@leeds.gov.uk.example"})
    inbox.refresh_from_db()
    assert inbox.email == "new@leeds.gov.uk.example"
    signed_in(client, police_officer)
    assert client.get("/custody/inboxes/").status_code == 403


# --- Figures for the board ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_board_figures_are_derived_not_typed(client, police_officer):
    load(
        # detained 10:00, AA 10:30→12:00, charged 14:00, released next day 09:00 (overnight after charge), s38 secured
        "WYP,C1,2026-03-02T10:00,Smith,Jo,2010-05-01,,charged_bailed,,2026-03-03T09:00,2026-03-02T14:00,"
        "2026-03-02T10:30,2026-03-02T12:00,secured,completed",
        # detained 20:00, released 23:00 the same day; AA 20:30→21:30; s38 requested; screening declined
        "WYP,C2,2026-03-04T20:00,Khan,Ali,2011-01-02,,nfa,,2026-03-04T23:00,,2026-03-04T20:30,2026-03-04T21:30,"
        "requested,declined",
        # still detained (before today: overnight), no screening recorded
        "WYP,C3,2026-03-05T08:00,Evans,Tom,2011-02-03,,,,,,,,,",
        "WYP,C4,2026-04-05T08:00,Outside,Period,2011-02-03,,,,,,,,,",
    )
    figures = selectors.board_figures(user=police_officer, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert figures["detentions"] == 3
    assert figures["released"] == 2
    assert figures["total_hours_detained"] == 26.0  # 23 + 3
    assert figures["mean_hours_detained"] == 13.0
    assert figures["mean_appropriate_adult_wait_hours"] == 1.3  # (1.5 + 1) / 2 = 1.25, half up as the board report
    assert figures["mean_hours_held_after_charge"] == 19.0
    assert (figures["s38_requested"], figures["s38_secured"]) == (2, 1)
    assert (figures["overnight"], figures["overnight_after_charge"]) == (2, 1)
    assert figures["ld_screening"] == {
        "offered": 0,
        "declined": 1,
        "completed": 1,
        "unavailable": 0,
        "not_recorded": 1,
    }
    signed_in(client, police_officer)
    page = client.get("/custody/figures/", {"start": "2026-03-01", "end": "2026-03-31"}).content.decode()
    assert "3 (3 children)" in page and "2 requested, 1 secured" in page


# --- Constant query counts ------------------------------------------------------------------------------


def _add_records(count: int, start: int, *, review: bool) -> None:
    for n in range(start, start + count):
        name = f"Twin{chr(65 + n % 26)}{chr(65 + n // 26)}"
        dob = date(2010, 1 + n // 28 % 12, 1 + n % 28)
        if review:
            ChildFactory(surname=name, forenames="Jo", date_of_birth=dob)
            ChildFactory(surname=name, forenames="Joe", date_of_birth=dob)
        load(f"WYP,C{n},{recent()},{name},Jo,{dob},Suite {n % 3},,Y,,,,,,")


def _count(client, url) -> tuple[int, int]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["records"])


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "review"), [("/custody/", False), ("/custody/review/", True)])
def test_the_list_and_the_queue_take_the_same_queries_for_10_or_100_records(client, police_officer, url, review):
    signed_in(client, police_officer)
    _add_records(10, 0, review=review)
    for_10, shown = _count(client, url)
    assert shown == 10
    _add_records(90, 10, review=review)
    for_100, shown = _count(client, url)
    assert shown == 50  # a page
    assert for_100 == for_10


def test_the_list_starts_from_the_last_working_day():
    assert selectors.default_since(date(2026, 9, 1)) == date(2026, 8, 28)  # Tuesday after a bank holiday
    assert selectors.default_since(date(2026, 8, 31)) == date(2026, 8, 28)  # the bank holiday itself
    assert selectors.default_since(date(2026, 9, 2)) == date(2026, 9, 1)


@pytest.mark.django_db
def test_custody_records_appear_on_the_childs_timeline(police_officer, case_worker, team_north):
    child = ChildFactory(surname="Smith", forenames="Jo", date_of_birth=date(2010, 5, 1))
    CaseFactory(child=child, team=team_north, allocated_to=case_worker)
    load("WYP,C1,2026-03-01T22:00,Smith,Jo,2010-05-01,Leeds District,bailed,,,,,,,")
    [event] = selectors.timeline_events(user=case_worker, child=child)
    assert (event.title, event.kind) == ("Held in police custody", "custody")
    assert "Leeds District; bailed" in event.detail
    assert event.at == datetime(2026, 3, 1, 22, 0, tzinfo=LONDON)
