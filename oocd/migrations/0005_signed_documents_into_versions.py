"""Each signed document already held becomes its decision's first version (DESIGN.md §12),
with the hash of the stored file and, where the audit trail recorded it, who uploaded it."""

import hashlib

from django.core.files.storage import default_storage
from django.db import migrations

REMOVED_DOCUMENT = "removed-under-retention"  # governance.retention.REMOVED_DOCUMENT: nothing left to keep
CHUNK = 2000


def _stored(name: str) -> tuple[str, int | None]:
    """The stored file's SHA-256 and size, or ("", None) when it is missing."""
    digest, size = hashlib.sha256(), 0
    try:
        with default_storage.open(name, "rb") as stored:
            for chunk in iter(lambda: stored.read(1024 * 1024), b""):
                digest.update(chunk)
                size += len(chunk)
    except (FileNotFoundError, OSError):
        return "", None
    return digest.hexdigest(), size


def forwards(apps, schema_editor):
    Decision = apps.get_model("oocd", "Decision")
    SignedDocumentVersion = apps.get_model("oocd", "SignedDocumentVersion")
    AuditEvent = apps.get_model("yjs", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")

    uploads = {}  # decision id -> (uploader id, when) of its latest recorded upload
    content_type = ContentType.objects.filter(app_label="oocd", model="decision").first()
    if content_type is not None:
        events = (
            AuditEvent.objects.filter(content_type=content_type, action="update", detail__has_key="signed_document")
            .order_by("occurred_at", "id")
            .values_list("object_id", "actor_id", "occurred_at")
        )
        for object_id, actor_id, occurred_at in events.iterator():
            uploads[object_id] = (actor_id, occurred_at)

    hashes = {}  # the demo's history shares one file among many decisions
    decisions = (
        Decision.objects.exclude(signed_document="")
        .exclude(signed_document=REMOVED_DOCUMENT)
        .filter(signed_document_versions__isnull=True)
        .order_by("id")
        .values_list("id", "signed_document", "signed_document_type", "delivered_at", "recorded_at")
    )
    versions = []
    for decision_id, name, content_type_held, delivered_at, recorded_at in decisions.iterator():
        if name not in hashes:
            hashes[name] = _stored(name)
        sha256, size = hashes[name]
        uploaded_by_id, uploaded_at = uploads.get(str(decision_id), (None, delivered_at or recorded_at))
        versions.append(
            SignedDocumentVersion(
                decision_id=decision_id,
                file=name,
                sha256=sha256,
                size=size,
                content_type=content_type_held or "application/octet-stream",
                uploaded_by_id=uploaded_by_id,
                uploaded_at=uploaded_at,
            )
        )
        if len(versions) >= CHUNK:
            SignedDocumentVersion.objects.bulk_create(versions)
            versions = []
    SignedDocumentVersion.objects.bulk_create(versions)


class Migration(migrations.Migration):
    dependencies = [
        ("oocd", "0004_signed_document_versions"),
        ("yjs", "0003_retention"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Backwards: the versions are evidence, append-only; the table goes with 0004.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
