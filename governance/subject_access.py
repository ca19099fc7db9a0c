"""Subject access: everything held about one child, as a PDF (UK GDPR article 15).

The record is gathered through each app's own permission rules, so it holds what the
requesting user may see (the head of service sees everything). Victims' identities and
contact details, and phone contacts' names and numbers, are other people's personal data:
the export says they exist and withholds them. The PDF is for the service to review for
exemptions (e.g. police information) before anything is disclosed.

What each app exports, and which of its records' audit events go with it, is the app's own
declaration (its ``personal_data`` module, registered in ``yjs.personal_data``).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from cases import permissions as case_permissions
from cases.models import Child
from yjs import personal_data
from yjs.audit import audit_record
from yjs.exports import pdf_bytes, pdf_response
from yjs.models import AuditAction, AuditEvent, User

TEMPLATE = "governance/subject_access_pdf.html"


@dataclass
class SubjectAccessRecord:
    """The child and every app's exported parts, read by name (``record.cases``,
    ``record.custody_records``: see each app's ``personal_data.export``)."""

    child: Child
    by: User
    generated_at: datetime
    parts: dict[str, Any] = field(default_factory=dict)
    audit_events: list[AuditEvent] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        parts = self.__dict__.get("parts", {})
        if name in parts:
            return parts[name]
        raise AttributeError(name)

    @property
    def footer(self) -> str:
        """At the foot of each page of the PDF, beside its number (``includes/pdf/document.css``)."""
        return f"Subject access: child {self.child.pk}"

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in personal_data.registered():
            counts.update(entry.counts(self.parts))
        return {**counts, "audit_events": len(self.audit_events)}


def subject_access_record(*, user: User, child_id: int) -> SubjectAccessRecord:
    """Everything the user may see about the child (PermissionDenied unless they may export it)."""
    if not case_permissions.can_export_subject_access(user):
        raise PermissionDenied("Only the head of service answers subject access requests.")
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No such child")
    record = SubjectAccessRecord(child=child, by=user, generated_at=timezone.localtime())
    for entry in personal_data.registered():
        record.parts.update(entry.export(user, child))
    record.audit_events = list(_audit_events(record))
    return record


def _audit_events(record: SubjectAccessRecord) -> QuerySet[AuditEvent]:
    """Events about the child or anything recorded about them."""
    objects: list[Model] = [record.child]
    for entry in personal_data.registered():
        objects += entry.audited(record.parts)
    ids: dict[int, set[str]] = {}
    for obj in objects:
        ids.setdefault(ContentType.objects.get_for_model(obj).pk, set()).add(str(obj.pk))
    about = Q(pk__in=[])
    for content_type_id, object_ids in ids.items():
        about |= Q(content_type_id=content_type_id, object_id__in=sorted(object_ids))
    return AuditEvent.objects.filter(about).order_by("occurred_at", "pk")


def _audit_detail(record: SubjectAccessRecord) -> dict:
    detail = {"child": record.child.pk, "counts": record.counts()}
    for entry in personal_data.registered():
        detail.update(entry.audit_detail(record.parts))  # e.g. the police information shown
    return detail


def subject_access_response(*, user: User, child_id: int, request: HttpRequest | None = None) -> HttpResponse:
    """The PDF download, recorded in the audit trail as an export about the child."""
    record = subject_access_record(user=user, child_id=child_id)
    return pdf_response(
        filename=f"subject-access-child-{record.child.pk}.pdf",
        template=TEMPLATE,
        context={"record": record},
        user=user,
        request=request,
        what="subject_access",
        detail=_audit_detail(record),
        obj=record.child,
    )


def subject_access_pdf(*, user: User, child_id: int) -> bytes:
    """The same PDF as bytes (for the management command), recorded as an export."""
    record = subject_access_record(user=user, child_id=child_id)
    data = pdf_bytes(TEMPLATE, {"record": record})
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=record.child,
        detail={"export": "subject_access", **_audit_detail(record)},
    )
    return data
