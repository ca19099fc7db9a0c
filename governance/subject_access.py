"""Subject access: everything held about one child, as a PDF (UK GDPR article 15).

The record is gathered through each app's own permission rules, so it holds what the
requesting user may see (the head of service sees everything). Victims' identities and
contact details, and phone contacts' names and numbers, are other people's personal data:
the export says they exist and withholds them. The PDF is for the service to review for
exemptions (e.g. police information) before anything is disclosed.

Like the board report, this module reads every app: it is information governance.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from cases import permissions as case_permissions
from cases.models import (
    Assessment,
    Case,
    CaseTransfer,
    Child,
    Contact,
    Flag,
    Offence,
    Plan,
    PlanTarget,
    Review,
    Transition,
    Victim,
)
from custody import permissions as custody_permissions
from custody.models import CustodyRecord
from intelligence import permissions as intelligence_permissions
from intelligence.models import Addendum, InformationRequest
from oocd import permissions as oocd_permissions
from oocd.models import Condition, ConditionFailure, Decision, Referral
from yjs.audit import audit_record
from yjs.exports import pdf_bytes, pdf_response
from yjs.models import AuditAction, AuditEvent, User

TEMPLATE = "governance/subject_access_pdf.html"


@dataclass
class CaseSection:
    case: Case
    offences: list[Offence]
    assessments: list[Assessment]
    plans: list[Plan]
    reviews: list[Review]
    contacts: list[Contact]
    victim_count: int
    transition: Transition | None
    transfers: list[CaseTransfer]


@dataclass
class SubjectAccessRecord:
    child: Child
    by: User
    generated_at: datetime
    aliases: list = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    cases: list[CaseSection] = field(default_factory=list)
    information_requests: list[InformationRequest] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    custody_records: list[CustodyRecord] = field(default_factory=list)
    audit_events: list[AuditEvent] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "cases": len(self.cases),
            "information_requests": len(self.information_requests),
            "referrals": len(self.referrals),
            "custody_records": len(self.custody_records),
            "audit_events": len(self.audit_events),
        }


def subject_access_record(*, user: User, child_id: int) -> SubjectAccessRecord:
    """Everything the user may see about the child (PermissionDenied unless they may export it)."""
    if not case_permissions.can_export_subject_access(user):
        raise PermissionDenied("Only the head of service answers subject access requests.")
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No such child")
    cases = list(
        case_permissions.visible_cases(user)
        .filter(child=child)
        .select_related("team", "allocated_to", "transition__decided_by")
        .prefetch_related(
            "offences",
            Prefetch("assessments", Assessment.objects.select_related("completed_by", "countersigned_by")),
            Prefetch(
                "plans",
                Plan.objects.select_related("written_by", "countersigned_by").prefetch_related(
                    Prefetch("targets", PlanTarget.objects.order_by("by_when", "pk"))
                ),
            ),
            Prefetch("reviews", Review.objects.select_related("completed_by")),
            Prefetch("contacts", Contact.objects.select_related("recorded_by")),
            Prefetch("victims", Victim.objects.only("pk", "case_id")),
            Prefetch("transfers", CaseTransfer.objects.select_related("requested_by")),
        )
        .order_by("start_date", "pk")
    )
    requests = list(
        intelligence_permissions.visible_requests(user)
        .filter(child=child)
        .select_related("requested_by", "supplied_by", "case")
        .prefetch_related("systems_searched", Prefetch("addenda", Addendum.objects.select_related("added_by")))
        .order_by("requested_at", "pk")
    )
    referrals = list(
        oocd_permissions.visible_referrals(user)
        .filter(child=child)
        .select_related("decision__outcome", "decision__panel", "decision__delivered_by", "decision__recorded_by")
        .prefetch_related(
            Prefetch(
                "decision__conditions",
                Condition.objects.prefetch_related(
                    Prefetch("failures", ConditionFailure.objects.select_related("recorded_by"))
                ),
            )
        )
        .order_by("referred_at", "pk")
    )
    custody_records = list(custody_permissions.visible_records(user).filter(child=child).order_by("detained_at", "pk"))
    flags = list(Flag.objects.filter(child=child).select_related("raised_by", "removed_by").order_by("raised_at"))
    record = SubjectAccessRecord(
        child=child,
        by=user,
        generated_at=timezone.localtime(),
        aliases=list(child.aliases.all()),
        flags=flags,
        cases=[_case_section(case) for case in cases],
        information_requests=requests,
        referrals=referrals,
        custody_records=custody_records,
    )
    record.audit_events = list(_audit_events(record))
    return record


def _case_section(case: Case) -> CaseSection:
    try:
        transition = case.transition
    except Transition.DoesNotExist:
        transition = None
    return CaseSection(
        case=case,
        offences=list(case.offences.all()),
        assessments=sorted(case.assessments.all(), key=lambda a: (a.due_date, a.pk)),
        plans=list(case.plans.all()),
        reviews=list(case.reviews.all()),
        contacts=sorted(case.contacts.all(), key=lambda c: (c.scheduled_at, c.pk)),
        victim_count=len(case.victims.all()),
        transition=transition,
        transfers=list(case.transfers.all()),
    )


def _audit_events(record: SubjectAccessRecord) -> QuerySet[AuditEvent]:
    """Events about the child or anything recorded about them."""
    objects: list[Model] = [record.child, *record.flags, *record.information_requests, *record.custody_records]
    for section in record.cases:
        objects += [section.case, *section.offences, *section.assessments, *section.plans, *section.reviews]
        objects += section.contacts
    for referral in record.referrals:
        objects.append(referral)
        decision = decision_of(referral)
        if decision is not None:
            objects.append(decision)
    ids: dict[int, set[str]] = {}
    for obj in objects:
        ids.setdefault(ContentType.objects.get_for_model(obj).pk, set()).add(str(obj.pk))
    about = Q(pk__in=[])
    for content_type_id, object_ids in ids.items():
        about |= Q(content_type_id=content_type_id, object_id__in=sorted(object_ids))
    return AuditEvent.objects.filter(about).order_by("occurred_at", "pk")


def _audit_detail(record: SubjectAccessRecord) -> dict:
    return {
        "child": record.child.pk,
        "counts": record.counts(),
        # Reading supplied police information is itself an audit event (DESIGN.md §3).
        "information_requests": [request.pk for request in record.information_requests],
    }


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


def decision_of(referral: Referral) -> Decision | None:
    try:
        return referral.decision
    except Decision.DoesNotExist:
        return None
