"""The signed disposal document (DESIGN.md §3 "oocd", delivery): checked by its content,
size-limited, stored privately and served only to users who may see its decision."""

import datetime
import hashlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from oocd import services
from oocd.documents import check_signed_document
from oocd.models import Decision, SignedDocumentVersion
from oocd.tests.factories import (
    API,
    HTML_AS_PDF,
    MINIMAL_PDF,
    client_for,
    image_bytes,
    image_upload,
    outcome,
    pdf_upload,
    referral_via_services,
)
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)
DAMAGED_PDF = "The selected PDF is damaged or incomplete"
LOCKED = "The signed disposal document cannot be replaced after the disposal is delivered"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def decision(police_officer, team_north) -> Decision:
    referral = referral_via_services(by=police_officer, team=team_north)
    return services.decision_record(
        referral=referral, by=police_officer, outcome=outcome("youth_caution"), rationale="R", decided_on=LAST_WEEK
    )


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


def weasyprint_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Youth caution</h1><p>Signed: A. Child, parent, officer</p>").write_pdf()


def padded_pdf(extra: int) -> bytes:
    """A valid PDF made ``extra`` bytes larger by a comment before its trailer."""
    return MINIMAL_PDF.replace(b"trailer", b"%" + b"x" * (extra - 2) + b"\ntrailer")


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def upload(client, decision, content: bytes, name: str, content_type: str = "application/pdf"):
    document = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(f"{API}/decisions/{decision.pk}/document/", {"file": document}, format="multipart")


# --- The checks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HTML_AS_PDF, "The selected file must be a PDF, JPEG or PNG"),
        (b"GIF89a" + b"\x00" * 40, "The selected file must be a PDF, JPEG or PNG"),
        (b"", "The selected file is empty"),
        (MINIMAL_PDF.replace(b"%%EOF", b""), "The selected PDF is damaged or incomplete"),
        (b"%PDF-1.4\n" + b"not a PDF body\n" * 40 + b"trailer << /Root 1 0 R >>\n%%EOF\n", DAMAGED_PDF),
        (MINIMAL_PDF[:40] + MINIMAL_PDF[-80:], DAMAGED_PDF),
        (MINIMAL_PDF.replace(b"/Type /Pages", b"/Type /Broken"), DAMAGED_PDF),
        (b"\x89PNG\r\n\x1a\n" + b"not really an image", "The selected image is damaged or not a JPEG or PNG"),
    ],
    ids=[
        "html-named-pdf",
        "gif",
        "empty",
        "truncated-pdf",
        "pdf-header-and-trailer-only",
        "pdf-body-cut",
        "pdf-without-pages",
        "fake-png",
    ],
)
def test_a_file_that_is_not_a_whole_pdf_jpeg_or_png_is_refused(content, message):
    with pytest.raises(ValidationError) as error:
        check_signed_document(SimpleUploadedFile("signed.pdf", content, content_type="application/pdf"))

    assert error.value.message_dict == {"signed_document": [message]}


def test_a_password_protected_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(MINIMAL_PDF)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    protected = io.BytesIO()
    writer.write(protected)

    with pytest.raises(ValidationError) as error:
        check_signed_document(pdf_upload(content=protected.getvalue()))

    assert error.value.message_dict == {"signed_document": ["The selected PDF must not be password protected"]}


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (MINIMAL_PDF, "application/pdf"),
        (image_bytes("PNG"), "image/png"),
        (image_bytes("JPEG"), "image/jpeg"),
    ],
    ids=["pdf", "png", "jpeg"],
)
def test_the_content_not_the_name_decides_the_type(content, content_type):
    assert check_signed_document(SimpleUploadedFile("scan.txt", content, content_type="text/html")) == content_type


def test_a_file_over_the_limit_is_refused_with_the_limit_in_words(settings):
    settings.OOCD_DOCUMENT_MAX_BYTES = 2048

    with pytest.raises(ValidationError) as error:
        check_signed_document(pdf_upload(content=padded_pdf(2048)))

    assert error.value.message_dict == {"signed_document": ["The selected file must be smaller than 2KB"]}
    settings.OOCD_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    assert check_signed_document(pdf_upload(content=padded_pdf(2048))) == "application/pdf"


# --- Uploading through the service --------------------------------------------------------------------------


def test_an_html_file_renamed_pdf_is_refused_and_nothing_is_stored(decision, police_officer, private_media):
    with pytest.raises(ValidationError) as error:
        services.signed_document_upload(
            decision=decision, by=police_officer, document=pdf_upload("caution.pdf", HTML_AS_PDF)
        )

    assert error.value.message_dict == {"signed_document": ["The selected file must be a PDF, JPEG or PNG"]}
    decision.refresh_from_db()
    assert not decision.signed_document
    assert stored_files(private_media) == []


@pytest.mark.parametrize(
    ("document", "content_type", "extension"),
    [
        (lambda: pdf_upload("my caution.pdf", weasyprint_pdf()), "application/pdf", "pdf"),
        (lambda: pdf_upload(), "application/pdf", "pdf"),
        (lambda: image_upload("PNG"), "image/png", "png"),
        (lambda: image_upload("JPEG"), "image/jpeg", "jpg"),
    ],
    ids=["weasyprint-pdf", "minimal-pdf", "png", "jpeg"],
)
def test_a_pdf_or_image_is_stored_privately_under_its_own_name(
    decision, police_officer, private_media, document, content_type, extension
):
    services.signed_document_upload(decision=decision, by=police_officer, document=document())

    decision.refresh_from_db()
    assert decision.signed_document_type == content_type
    assert re.fullmatch(
        rf"decision-{decision.pk}-[0-9a-f]{{32}}\.{extension}", Path(decision.signed_document.name).name
    )
    (stored,) = stored_files(private_media)
    assert Path(decision.signed_document.path) == stored
    (version,) = decision.signed_document_versions.all()
    assert version.file.name == decision.signed_document.name
    assert version.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert version.size == stored.stat().st_size
    assert (version.content_type, version.uploaded_by) == (content_type, police_officer)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(decision.pk)).exists()


def test_replacing_the_document_keeps_both_files_and_both_hashes(
    decision, police_officer, case_worker, private_media, django_capture_on_commit_callbacks
):
    png = image_bytes("PNG")
    services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload())
    with django_capture_on_commit_callbacks(execute=True):
        services.signed_document_upload(
            decision=decision, by=case_worker, document=SimpleUploadedFile("scan.png", png, "image/png")
        )

    decision.refresh_from_db()
    current, earlier = decision.signed_document_versions.all()
    assert decision.signed_document.name == current.file.name != earlier.file.name
    assert decision.signed_document_type == "image/png"
    assert (current.sha256, current.uploaded_by) == (hashlib.sha256(png).hexdigest(), case_worker)
    assert (earlier.sha256, earlier.uploaded_by) == (hashlib.sha256(MINIMAL_PDF).hexdigest(), police_officer)
    assert sorted(path.read_bytes() for path in stored_files(private_media)) == sorted([MINIMAL_PDF, png])


def test_a_version_can_be_neither_changed_nor_deleted(decision, police_officer):
    from django.db import DatabaseError, transaction

    services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload())
    version = SignedDocumentVersion.objects.get(decision=decision)

    # The application's role holds neither privilege on the table (yjs.database); for the owner, the
    # trigger refuses (yjs/tests/test_database_roles.py).
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        SignedDocumentVersion.objects.filter(pk=version.pk).update(sha256="0" * 64)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        version.delete()
    assert SignedDocumentVersion.objects.get(pk=version.pk).sha256 == version.sha256


def test_the_first_document_may_follow_delivery_but_is_then_locked(decision, police_officer, private_media):
    at = timezone.now() - datetime.timedelta(hours=1)
    services.implications_explained_record(decision=decision, by=police_officer, explained_at=at)
    services.delivery_record(decision=decision, by=police_officer, delivered_at=at)
    services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload())

    with pytest.raises(ValidationError) as error:
        services.signed_document_upload(decision=decision, by=police_officer, document=image_upload("PNG"))

    assert error.value.message_dict == {"signed_document": [LOCKED]}
    decision.refresh_from_db()
    assert decision.signed_document_type == "application/pdf"
    assert decision.signed_document_versions.count() == 1
    assert [path.suffix for path in stored_files(private_media)] == [".pdf"]


def test_a_replacement_that_does_not_commit_keeps_the_signed_copy(decision, police_officer, private_media):
    from django.db import transaction

    services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload())
    with pytest.raises(RuntimeError), transaction.atomic():
        services.signed_document_upload(decision=decision, by=police_officer, document=image_upload("PNG"))
        raise RuntimeError("the request failed after the upload")

    decision.refresh_from_db()
    assert decision.signed_document.name.endswith(".pdf")
    assert decision.signed_document.storage.exists(decision.signed_document.name)


def test_private_files_are_outside_the_web_root():
    media = Path(django_settings.MEDIA_ROOT).resolve()
    public = [Path(django_settings.STATIC_ROOT).resolve()]
    for entry in django_settings.STATICFILES_DIRS:
        public.append(Path(entry[1] if isinstance(entry, tuple) else entry).resolve())

    for root in public:
        assert not media.is_relative_to(root), root
        assert not root.is_relative_to(media), root


# --- Through the API ----------------------------------------------------------------------------------------


def test_the_api_refuses_an_html_file_renamed_pdf(decision, police_officer, private_media):
    response = upload(client_for(police_officer), decision, HTML_AS_PDF, "caution.pdf")

    assert response.status_code == 400
    assert response.json() == {"file": ["The selected file must be a PDF, JPEG or PNG"]}
    decision.refresh_from_db()
    assert not decision.signed_document
    assert stored_files(private_media) == []


def test_the_api_refuses_a_file_over_the_limit(decision, police_officer, settings, private_media):
    settings.OOCD_DOCUMENT_MAX_BYTES = 1024

    response = upload(client_for(police_officer), decision, padded_pdf(1024), "caution.pdf")

    assert response.status_code == 400
    assert response.json() == {"file": ["The selected file must be smaller than 1KB"]}
    assert stored_files(private_media) == []


@pytest.mark.parametrize("data", [{}, {"file": ""}, {"file": "not a file"}])
def test_the_api_asks_for_a_missing_file(decision, police_officer, data):
    response = client_for(police_officer).post(f"{API}/decisions/{decision.pk}/document/", data, format="multipart")

    assert response.status_code == 400
    assert response.json() == {"file": ["Select the signed disposal document"]}


def test_a_permitted_user_uploads_and_downloads_the_document(decision, police_officer, case_worker):
    content = weasyprint_pdf()

    response = upload(client_for(police_officer), decision, content, "whatever.html", "text/html")
    assert response.status_code == 200, response.content
    assert response.json()["signed_document_type"] == "application/pdf"
    url = response.json()["signed_document"]
    assert url == f"{API}/decisions/{decision.pk}/document/"

    for user in (police_officer, case_worker):
        response = client_for(user).get(url, HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="signed-disposal-{decision.pk}.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user, object_id=str(decision.pk)).exists()


def test_an_image_is_served_with_its_checked_type(decision, police_officer):
    upload(client_for(police_officer), decision, image_bytes("JPEG"), "scan.pdf", "application/pdf")

    response = client_for(police_officer).get(f"{API}/decisions/{decision.pk}/document/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")


def test_another_teams_user_and_the_board_get_a_404(decision, police_officer, south_worker, board_member):
    upload(client_for(police_officer), decision, MINIMAL_PDF, "caution.pdf")
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()

    for user in (south_worker, board_member):
        client = client_for(user)
        response = client.get(f"{API}/decisions/{decision.pk}/document/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert upload(client, decision, MINIMAL_PDF, "other.pdf").status_code == 404

    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before


def test_no_document_yet_is_a_404(decision, police_officer):
    assert client_for(police_officer).get(f"{API}/decisions/{decision.pk}/document/").status_code == 404


def test_no_url_serves_the_stored_file_directly(decision, police_officer, client):
    upload(client_for(police_officer), decision, MINIMAL_PDF, "caution.pdf")
    decision.refresh_from_db()
    client.force_login(police_officer)

    for path in (
        f"/{decision.signed_document.name}",
        f"{django_settings.MEDIA_URL or '/'}{decision.signed_document.name}",
        f"/media/{decision.signed_document.name}",
        f"/assets/{decision.signed_document.name}",
    ):
        response = client.get(path.replace("//", "/"))
        assert response.status_code == 404, path


# --- Earlier versions and the lock after delivery ------------------------------------------------------------


def two_versions(decision, police_officer) -> tuple[SignedDocumentVersion, SignedDocumentVersion]:
    """The decision's document uploaded, then replaced: (earlier, current)."""
    services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload())
    services.signed_document_upload(decision=decision, by=police_officer, document=image_upload("PNG"))
    current, earlier = decision.signed_document_versions.all()
    return earlier, current


def deliver(decision, by) -> None:
    at = timezone.now() - datetime.timedelta(hours=1)
    services.implications_explained_record(decision=decision, by=by, explained_at=at)
    services.delivery_record(decision=decision, by=by, delivered_at=at)


def test_the_api_lists_every_version_with_its_hash(decision, police_officer):
    earlier, current = two_versions(decision, police_officer)

    body = client_for(police_officer).get(f"{API}/decisions/{decision.pk}/").json()

    assert body["signed_document"] == f"{API}/decisions/{decision.pk}/document/"
    assert [
        (version["id"], version["sha256"], version["content_type"]) for version in body["signed_document_versions"]
    ] == [
        (current.pk, current.sha256, "image/png"),
        (earlier.pk, hashlib.sha256(MINIMAL_PDF).hexdigest(), "application/pdf"),
    ]
    (listed,) = [
        row for row in client_for(police_officer).get(f"{API}/decisions/").json()["results"] if row["id"] == decision.pk
    ]
    assert listed["signed_document_versions"] == body["signed_document_versions"]
    assert (
        body["signed_document_versions"][1]["download"]
        == f"{API}/decisions/{decision.pk}/document/versions/{earlier.pk}/"
    )
    assert body["signed_document_versions"][1]["uploaded_by"] == police_officer.pk


def test_an_earlier_version_downloads_for_those_who_see_the_decision_only(
    decision, police_officer, case_worker, south_worker, board_member, client
):
    earlier, _ = two_versions(decision, police_officer)
    api_url = f"{API}/decisions/{decision.pk}/document/versions/{earlier.pk}/"
    page_url = reverse("oocd:document_version_download", args=[decision.pk, earlier.pk])

    for user in (police_officer, case_worker):
        response = client_for(user).get(api_url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == MINIMAL_PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        client.force_login(user)
        response = client.get(page_url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == MINIMAL_PDF
        events = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user, object_id=str(decision.pk))
        assert [event.detail["version"] for event in events] == [earlier.pk, earlier.pk]
        assert events[0].detail["sha256"] == earlier.sha256

    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    for user in (south_worker, board_member):
        assert client_for(user).get(api_url).status_code == 404
        client.force_login(user)
        assert client.get(page_url).status_code in (403, 404)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before


def test_a_version_of_another_decision_is_not_found(decision, police_officer, team_north):
    earlier, _ = two_versions(decision, police_officer)
    other = services.decision_record(
        referral=referral_via_services(by=police_officer, team=team_north),
        by=police_officer,
        outcome=outcome("youth_caution"),
        rationale="R",
        decided_on=LAST_WEEK,
    )

    assert (
        client_for(police_officer).get(f"{API}/decisions/{other.pk}/document/versions/{earlier.pk}/").status_code == 404
    )


def test_the_api_refuses_to_replace_the_document_after_delivery(decision, police_officer, private_media):
    upload(client_for(police_officer), decision, MINIMAL_PDF, "caution.pdf")
    deliver(decision, police_officer)

    response = upload(client_for(police_officer), decision, image_bytes("PNG"), "scan.png", "image/png")

    assert response.status_code == 400
    assert response.json() == {"file": [LOCKED]}
    assert decision.signed_document_versions.count() == 1
    assert [path.suffix for path in stored_files(private_media)] == [".pdf"]


def test_the_page_refuses_to_replace_the_document_after_delivery(decision, police_officer, client, private_media):
    services.signed_document_upload(decision=decision, by=police_officer, document=pdf_upload())
    deliver(decision, police_officer)
    client.force_login(police_officer)

    response = client.post(
        reverse("oocd:document_upload", args=[decision.pk]),
        {"signed_document": SimpleUploadedFile("scan.png", image_bytes("PNG"), content_type="image/png")},
    )

    assert response.status_code == 200  # the form again, with the error (as every form page here)
    text = response.content.decode()
    assert "govuk-error-summary" in text and LOCKED in text
    assert decision.signed_document_versions.count() == 1
    detail = client.get(reverse("oocd:decision_detail", args=[decision.pk])).content.decode()
    assert "Locked: the disposal has been delivered" in detail
    assert reverse("oocd:document_upload", args=[decision.pk]) not in detail


def test_the_decision_page_lists_every_version(decision, police_officer, client):
    earlier, current = two_versions(decision, police_officer)
    client.force_login(police_officer)

    text = client.get(reverse("oocd:decision_detail", args=[decision.pk])).content.decode()

    for version in (earlier, current):
        assert version.sha256 in text
        assert reverse("oocd:document_version_download", args=[decision.pk, version.pk]) in text


def test_documents_held_before_versions_become_first_versions(decision, police_officer, private_media):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    migration = importlib.import_module("oocd.migrations.0005_signed_documents_into_versions")
    decision.signed_document.save(f"decision-{decision.pk}.pdf", ContentFile(MINIMAL_PDF), save=False)
    decision.signed_document_type = "application/pdf"
    decision.save()
    gone = services.decision_record(
        referral=referral_via_services(by=police_officer, team=decision.referral.case.team),
        by=police_officer,
        outcome=outcome("youth_caution"),
        rationale="R",
        decided_on=LAST_WEEK,
    )
    Decision.objects.filter(pk=gone.pk).update(signed_document="oocd/signed/gone.pdf", signed_document_type="image/png")

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # once only

    (version,) = decision.signed_document_versions.all()
    assert (version.file.name, version.sha256, version.size) == (
        decision.signed_document.name,
        hashlib.sha256(MINIMAL_PDF).hexdigest(),
        len(MINIMAL_PDF),
    )
    assert version.uploaded_at == decision.recorded_at
    (missing,) = gone.signed_document_versions.all()
    assert (missing.sha256, missing.size, missing.content_type) == ("", None, "image/png")
