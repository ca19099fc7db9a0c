"""The custody API of DESIGN.md §7: pushing rows, uploading files, following a run, listing records
and the review queue; who may do what; constant query counts; the schema."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import reset_generator_stats
from rest_framework.test import APIClient

from cases.models import Child
from cases.tests.factories import CaseFactory, ChildFactory
from custody import tasks
from custody.extract import read_extract
from custody.loading import load_rows
from custody.models import CustodyRecord, IngestRun, IngestSource, MatchStatus, RunStatus
from yjs.api.tokens import api_token_create
from yjs.models import AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

RECORDS = "/api/v1/custody/records/"
RUNS = "/api/v1/custody/ingest-runs/"
QUEUE = "/api/v1/custody/review-queue/"
RUN_FIELDS = {
    "id",
    "status",
    "progress",
    "message",
    "rows_read",
    "created",
    "updated",
    "unchanged",
    "skipped",
    "rejected",
    "errors",
}
HEADER = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def feed(db):
    return UserFactory(username="custody-feed", roles=[Role.API_CLIENT])


def client_for(user, *, token: bool = False) -> APIClient:
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    else:
        client.force_authenticate(user)
    return client


def row(ref: str, surname: str = "Smith", dob: str = "2010-05-01", **extra) -> dict:
    return {
        "force_code": "WYP",
        "custody_ref": ref,
        "detained_at": "2026-03-01T10:00",
        "surname": surname,
        "forenames": "Jo",
        "date_of_birth": dob,
        **extra,
    }


def load(*lines: str) -> list[int]:
    return load_rows(read_extract(("\n".join([HEADER, *lines]) + "\n").encode()).rows).touched_record_ids


# --- POST /records/ -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pushed_rows_answer_with_the_runs_counts_and_errors_numbered_from_one(feed):
    client = client_for(feed, token=True)
    rows = [
        row("C1"),
        row("C2", detained_at="2026-03-29T01:30"),
        row("C3", dob="2007-01-01"),
        row("C4", surname="O'Brien", released_at="2026-03-01T18:00", outcome="bailed"),
    ]
    response = client.post(RECORDS, rows, format="json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= RUN_FIELDS
    assert {key: body[key] for key in RUN_FIELDS - {"id", "message"}} == {
        "status": "succeeded",
        "progress": 100,
        "rows_read": 4,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
        "rejected": 1,
        "errors": [
            {"line": 2, "reason": "detained_at: 2026-03-29T01:30 does not exist in UK time (the clocks went forward)"}
        ],
    }
    run = IngestRun.objects.get(pk=body["id"])
    assert (run.source, run.started_by) == (IngestSource.API, feed)

    again = client.post(RECORDS, rows, format="json").json()
    assert (again["created"], again["unchanged"]) == (0, 2)


@pytest.mark.django_db
def test_a_pushed_row_without_some_keys_changes_only_those_it_has_and_repeats_are_counted(feed):
    client = client_for(feed, token=True)
    full = row(
        "C1",
        suite="Elland Road",
        gender="M",
        ethnicity="A2",
        offences="Theft;Robbery",
        aa_requested_at="2026-03-01T10:15",
        aa_arrived_at="2026-03-01T11:45",
        ld_screening="completed",
        released_at="",
        outcome="",
    )
    created = client.post(RECORDS, [full, {**full, "suite": "Trinity"}], format="json").json()
    assert {key: created[key] for key in ("rows_read", "created", "repeated", "repeated_rows")} == {
        "rows_read": 2,
        "created": 1,
        "repeated": 1,
        "repeated_rows": [{"line": 2, "repeats": 1}],
    }
    record = CustodyRecord.objects.get()
    before = {name: getattr(record, name) for name in full if name != "released_at"}

    narrower = {key: full[key] for key in ("force_code", "custody_ref", "detained_at", "surname", "forenames")}
    body = client.post(
        RECORDS, [{**narrower, "date_of_birth": "2010-05-01", "released_at": "2026-03-01T20:00"}], format="json"
    ).json()
    counts = ("rows_read", "created", "updated", "unchanged", "skipped", "rejected", "repeated")
    assert {key: body[key] for key in counts} == {
        "rows_read": 1,
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "skipped": 0,
        "rejected": 0,
        "repeated": 0,
    }
    record.refresh_from_db()
    assert {name: getattr(record, name) for name in before} == before
    assert (record.ld_screening, record.offences, record.hours_detained) == ("completed", ["Theft", "Robbery"], 10.0)
    detail = client_for(UserFactory(roles=[Role.POLICE_OFFICER])).get(f"{RECORDS}{record.pk}/").json()
    assert [change["changes"] for change in detail["history"]] == [{"released_at": [None, "2026-03-01T20:00:00+00:00"]}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ('{"force_code": "WYP"', "application/json", "JSON parse error"),
        ('{"force_code": "WYP"}', "application/json", "Send a JSON list of custody rows"),
        ("[]", "application/json", "Send at least one custody row"),
        ("[1, 2, 3]", "application/json", "Send at most 2 rows at a time"),
    ],
)
def test_bad_json_or_not_a_list_is_a_400_and_nothing_is_loaded(feed, settings, body, content_type, message):
    settings.CUSTODY_API_MAX_ROWS = 2
    response = client_for(feed).post(RECORDS, body, content_type=content_type)
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    assert not IngestRun.objects.exists()


# --- POST /ingest-runs/ and GET /ingest-runs/{id}/ ---------------------------------------------------------


@pytest.mark.django_db
def test_an_uploaded_file_is_queued_on_commit_answers_202_and_the_run_can_be_followed(
    feed, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.ingest_run_task, "apply_async", lambda args, **kwargs: queued.append(args[0]))
    client = client_for(feed, token=True)
    data = f"{HEADER}\nWYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01\nWYP,C2,bad,Smith,Jo,2010-05-01\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RUNS, {"file": SimpleUploadedFile("monday.csv", data, "text/csv")}, format="multipart")
    assert response.status_code == 202
    run_id = response.json()["id"]
    assert response["Location"] == f"{RUNS}{run_id}/"
    assert queued == [run_id]
    assert client.get(f"{RUNS}{run_id}/").json()["status"] == "queued"

    tasks.ingest_run_task.run(run_id)  # what the worker does

    body = client.get(f"{RUNS}{run_id}/").json()
    assert {key: body[key] for key in RUN_FIELDS - {"id", "message"}} == {
        "status": "succeeded",
        "progress": 100,
        "rows_read": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "rejected": 1,
        "errors": [
            {"line": 3, "reason": "detained_at: 'bad' is not a date and time (YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM)"}
        ],
    }
    assert IngestRun.objects.get(pk=run_id).source == IngestSource.API


@pytest.mark.django_db(transaction=True)
def test_when_the_broker_is_down_the_upload_answers_503_and_the_run_is_failed(monkeypatch):
    from kombu.exceptions import OperationalError

    police = UserFactory(username="police", roles=[Role.POLICE_OFFICER])

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr(tasks.ingest_run_task, "apply_async", broker_down)
    data = f"{HEADER}\nWYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01\n".encode()
    response = client_for(police).post(RUNS, {"file": SimpleUploadedFile("x.csv", data)}, format="multipart")
    assert response.status_code == 503
    body = response.json()
    assert body["detail"].startswith("The ingest could not be queued: the task queue is not answering")
    run = IngestRun.objects.get(pk=body["id"])
    assert (run.status, run.message) == (RunStatus.FAILED, body["detail"])


@pytest.mark.django_db
def test_an_upload_needs_a_file_under_the_size_limit(feed, settings):
    settings.CUSTODY_UPLOAD_MAX_BYTES = 10
    client = client_for(feed)
    assert client.post(RUNS, {}, format="multipart").json() == {"file": ["Select a custody extract file"]}
    big = SimpleUploadedFile("big.csv", b"x" * 11)
    response = client.post(RUNS, {"file": big}, format="multipart")
    assert response.status_code == 400
    assert "smaller than" in response.json()["file"][0]


# --- Who may do what -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_client_may_only_push_and_read_back_its_own_runs(feed, police_officer):
    load("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01")
    record = CustodyRecord.objects.get()
    others = IngestRun.objects.create(source=IngestSource.UPLOAD, started_by=police_officer)
    own = IngestRun.objects.create(source=IngestSource.API, started_by=feed)
    client = client_for(feed)
    assert client.get(RECORDS).status_code == 403
    assert client.get(f"{RECORDS}{record.pk}/").status_code == 403
    assert client.get(QUEUE).status_code == 403
    assert client.post(f"{QUEUE}{record.pk}/resolve/", {"child": None}, format="json").status_code == 403
    assert client.get(f"{RUNS}{own.pk}/").status_code == 200
    assert client.get(f"{RUNS}{others.pk}/").status_code == 404
    assert [run["id"] for run in client.get(RUNS).json()["results"]] == [own.pk]


@pytest.mark.django_db
def test_a_case_worker_sees_only_the_records_of_children_on_their_caseload(case_worker, team_north):
    mine = ChildFactory(surname="Mine", forenames="Jo", date_of_birth=date(2010, 5, 1))
    CaseFactory(child=mine, team=team_north, allocated_to=case_worker)
    colleagues = ChildFactory(surname="Colleague", forenames="Jo", date_of_birth=date(2010, 6, 1))
    CaseFactory(child=colleagues, team=team_north)
    load("WYP,C1,2026-03-01T10:00,Mine,Jo,2010-05-01", "WYP,C2,2026-03-01T10:00,Colleague,Jo,2010-06-01")
    client = client_for(case_worker)
    listed = client.get(RECORDS).json()["results"]
    assert [(item["custody_ref"], item["has_open_case"]) for item in listed] == [("C1", True)]
    other = CustodyRecord.objects.get(custody_ref="C2")
    assert client.get(f"{RECORDS}{other.pk}/").status_code == 404
    assert client.post(RECORDS, [row("C9")], format="json").status_code == 403
    assert client.get(QUEUE).status_code == 403


@pytest.mark.django_db
def test_a_record_with_its_history_and_the_list_filters(police_officer):
    load("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01", "WYP,C2,2026-03-02T10:00,Khan,Ali,2011-01-02")
    load_rows(
        read_extract(
            f"{HEADER},released_at,outcome\nWYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,2026-03-01T16:00,nfa\n".encode()
        ).rows
    )
    client = client_for(police_officer)
    record = CustodyRecord.objects.get(custody_ref="C1")
    body = client.get(f"{RECORDS}{record.pk}/").json()
    assert (body["hours_detained"], body["outcome"], body["match_status"]) == (6.0, "nfa", "created")
    assert [set(change["changes"]) for change in body["history"]] == [{"released_at", "outcome"}]
    assert [item["custody_ref"] for item in client.get(RECORDS, {"outcome": "nfa"}).json()["results"]] == ["C1"]
    assert [item["custody_ref"] for item in client.get(RECORDS, {"outcome": "none"}).json()["results"]] == ["C2"]
    assert [item["custody_ref"] for item in client.get(RECORDS, {"since": "2026-03-02"}).json()["results"]] == ["C2"]
    assert client.get(RECORDS, {"since": "yesterday"}).status_code == 400


# --- The review queue ----------------------------------------------------------------------------------


def _two_candidates() -> tuple[Child, Child, CustodyRecord]:
    first = ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    second = ChildFactory(surname="Whitfeld", forenames="Jaden", date_of_birth=date(2010, 5, 1))
    load("WYP,C1,2026-03-01T10:00,Whitfeild,Jayden,2010-05-01")
    return first, second, CustodyRecord.objects.get(match_status=MatchStatus.REVIEW)


@pytest.mark.django_db
def test_the_review_queue_lists_candidates_and_a_match_is_resolved_and_audited(police_officer):
    first, second, record = _two_candidates()
    client = client_for(police_officer)
    [item] = client.get(QUEUE).json()["results"]
    assert {candidate["child"]["id"] for candidate in item["candidates"]} == {first.pk, second.pk}

    refused = client.post(f"{QUEUE}{record.pk}/resolve/", {"child": ChildFactory().pk}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"child": ["Select one of the possible children, or create a new child"]}

    resolved = client.post(f"{QUEUE}{record.pk}/resolve/", {"child": first.pk}, format="json")
    assert resolved.status_code == 200
    assert (resolved.json()["child"], resolved.json()["match_status"]) == (first.pk, "matched")
    assert client.get(QUEUE).json()["results"] == []
    assert client.post(f"{QUEUE}{record.pk}/resolve/", {"child": first.pk}, format="json").status_code == 404
    event = AuditEvent.objects.get(object_id=str(record.pk), action="update")
    assert (event.actor, event.detail) == (police_officer, {"match": "linked", "child": first.pk})


@pytest.mark.django_db
def test_none_of_the_candidates_creates_a_new_child_not_known(team_manager):
    _, _, record = _two_candidates()
    response = client_for(team_manager).post(f"{QUEUE}{record.pk}/resolve/", {"child": None}, format="json")
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.match_status == MatchStatus.CREATED
    assert (record.child.surname, record.child.known_to_yjs) == ("Whitfeild", False)


@pytest.mark.django_db
def test_the_head_of_service_reads_the_queue_but_does_not_resolve(db):
    head = UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE])
    first, _, record = _two_candidates()
    client = client_for(head)
    assert len(client.get(QUEUE).json()["results"]) == 1
    assert client.post(f"{QUEUE}{record.pk}/resolve/", {"child": first.pk}, format="json").status_code == 403


# --- Constant query counts --------------------------------------------------------------------------------


def _queries(client, url) -> tuple[int, int]:
    client.get(url)  # the user's roles and teams are read once, then kept
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", [RECORDS, QUEUE, RUNS])
def test_lists_take_the_same_number_of_queries_for_10_or_100_rows(police_officer, url):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            dob = date(2010, 1, 1).replace(day=1 + n % 28, month=1 + n // 28 % 12)
            ChildFactory(surname=f"Twin{chr(65 + n % 26)}{chr(65 + n // 26)}", forenames="Jo", date_of_birth=dob)
            ChildFactory(surname=f"Twin{chr(65 + n % 26)}{chr(65 + n // 26)}", forenames="Joe", date_of_birth=dob)
            load(f"WYP,C{n},2026-03-01T10:00,Twin{chr(65 + n % 26)}{chr(65 + n // 26)},Jo,{dob}")
            IngestRun.objects.create(source=IngestSource.UPLOAD, started_by=police_officer)

    client = client_for(police_officer)
    add(10, 0)
    for_10, rows = _queries(client, url)
    assert rows == 10
    add(90, 10)
    for_100, rows = _queries(client, url)
    assert rows == 100
    assert for_100 == for_10


# --- The schema -----------------------------------------------------------------------------------------


def test_the_schema_documents_the_custody_endpoints_without_warnings(db, tmp_path):
    reset_generator_stats()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(tmp_path / "s")
    )
    schema = json.loads((tmp_path / "s").read_text())
    paths = schema["paths"]
    assert set(paths[RECORDS]) >= {"get", "post"}
    assert set(paths[RUNS]) >= {"get", "post"}
    assert "202" in paths[RUNS]["post"]["responses"] and "503" in paths[RUNS]["post"]["responses"]
    assert "get" in paths["/api/v1/custody/ingest-runs/{run_id}/"]
    assert "post" in paths["/api/v1/custody/review-queue/{record_id}/resolve/"]
    run = schema["components"]["schemas"]["IngestRunOutput"]["properties"]
    assert set(run) >= RUN_FIELDS
