"""Writes for out-of-court disposals, enforcing DESIGN.md §3 "oocd".

Every rule raises a ValidationError naming the field; nothing is saved when one fails.
"""

import math
import random
import uuid
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cases import permissions as case_permissions
from cases import services as case_services
from cases.models import COURT_ORDER_TYPES, CaseType, Child
from intelligence import services as intelligence_services
from intelligence.models import RequestType
from yjs.audit import audit_record
from yjs.models import AuditAction, Team, User
from yjs.services import audited_update, locked, require
from yjs.validators import not_in_future

from . import permissions
from .documents import check_signed_document, content_hash
from .models import (
    Agency,
    Condition,
    ConditionFailure,
    ConditionStatus,
    Decision,
    Outcome,
    Panel,
    PanelAttendee,
    PanelItem,
    Referral,
    ReferralSource,
    ScrutinyItem,
    ScrutinySample,
    SignedDocumentVersion,
)
from .services_follow_ups import follow_up_open

RESEARCH_QUESTION = (
    "Police research for the out-of-court disposal decision: previous outcomes and intelligence, "
    "family members and domestic abuse, and records held by other force areas."
)


def child_has_conviction(child: Child) -> bool:
    """A previous conviction: a court order among the child's cases."""
    return child.cases.filter(case_type__in=COURT_ORDER_TYPES).exists()


@transaction.atomic
def referral_create(
    *,
    child: Child,
    by: User,
    team: Team,
    referring_officer: str,
    gravity_score: int,
    admitted: bool,
    offences: list[dict],
    source: str = ReferralSource.POLICE,
    referred_at: datetime | None = None,
    has_victim: bool = True,
    previous_conviction: bool | None = None,
) -> Referral:
    """A referral opens a diversion case and asks the police officer for research."""
    require(permissions.can_refer(by), "You cannot make out-of-court disposal referrals.")
    # Else a referral would open a case on the referrer's team for a child of another team.
    require(case_permissions.can_view_child(by, child), "You cannot refer this child.")
    errors: dict[str, str] = {}
    if not (referring_officer or "").strip():
        errors["referring_officer"] = "Enter the referring officer"
    if gravity_score not in range(1, 6):
        errors["gravity_score"] = "Select the gravity score, from 1 to 5"
    if source not in ReferralSource.values:
        errors["source"] = "Select where the referral came from"
    if not offences:
        errors["offences"] = "Add the offence the referral is for"
    referred_at = referred_at or timezone.now()
    not_in_future(referred_at, "referred_at", errors, "referral date")
    if errors:
        raise ValidationError(errors)
    case = case_services.case_open(
        child=child,
        by=by,
        case_type=CaseType.DIVERSION,
        team=team,
        start_date=timezone.localtime(referred_at).date(),
        offences=[{**offence, "gravity_score": offence.get("gravity_score") or gravity_score} for offence in offences],
    )
    research = intelligence_services.information_request_create(
        child=child, case=case, by=by, request_type=RequestType.OOCD_RESEARCH, what_requested=RESEARCH_QUESTION
    )
    referral = Referral.objects.create(
        child=child,
        case=case,
        source=source,
        referred_at=referred_at,
        referring_officer=referring_officer.strip(),
        gravity_score=gravity_score,
        admitted=admitted,
        previous_conviction=child_has_conviction(child) if previous_conviction is None else previous_conviction,
        research_request=research,
        has_victim=has_victim,
        created_by=by,
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=referral)
    return referral


@transaction.atomic
def referral_views_record(
    *,
    referral: Referral,
    by: User,
    victim_views: str | None = None,
    victim_contacted_at: datetime | None = None,
    victim_not_contacted_reason: str | None = None,
    child_views: str | None = None,
    parent_carer_views: str | None = None,
) -> Referral:
    """Views before the panel: the victim's (contacted before the decision, or why not), the child's, the carer's."""
    require(permissions.can_prepare(by, referral))
    if hasattr(referral, "decision"):
        raise ValidationError("The decision has been made: views are recorded before the panel")
    errors: dict[str, str] = {}
    not_in_future(victim_contacted_at, "victim_contacted_at", errors, "date the victim was contacted")
    if victim_views and victim_views.strip() and not (victim_contacted_at or referral.victim_contacted_at):
        errors["victim_contacted_at"] = "Enter when the victim was contacted"
    if errors:
        raise ValidationError(errors)
    changes = {
        "victim_views": victim_views,
        "victim_contacted_at": victim_contacted_at,
        "victim_not_contacted_reason": victim_not_contacted_reason,
        "child_views": child_views,
        "parent_carer_views": parent_carer_views,
    }
    changed = []
    for field, value in changes.items():
        if value is not None:
            setattr(referral, field, value.strip() if isinstance(value, str) else value)
            changed.append(field)
    referral.save(update_fields=changed)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=referral, detail={"recorded": changed})
    return referral


@transaction.atomic
def panel_create(*, by: User, held_on: date, location: str = "", referrals: list[Referral] | None = None) -> Panel:
    require(permissions.can_run_panel(by), "Only a team manager or police officer can set up a panel.")
    referrals = list(dict.fromkeys(referrals or []))  # a referral is on an agenda once
    if Decision.objects.filter(referral__in=referrals).exists():
        raise ValidationError({"referrals": "A decision has already been made on one of these referrals"})
    panel = Panel.objects.create(held_on=held_on, location=location, chair=by)
    for position, referral in enumerate(referrals, start=1):
        PanelItem.objects.create(panel=panel, referral=referral, position=position)
    audit_record(actor=by, action=AuditAction.CREATE, obj=panel)
    return panel


@transaction.atomic
def panel_referral_add(*, panel: Panel, by: User, referral: Referral) -> PanelItem:
    require(permissions.can_run_panel(by))
    if hasattr(referral, "decision"):
        raise ValidationError({"referral": "A decision has already been made on this referral"})
    if PanelItem.objects.filter(panel=panel, referral=referral).exists():
        raise ValidationError({"referral": "The referral is already on this panel's agenda"})
    position = panel.items.count() + 1
    return PanelItem.objects.create(panel=panel, referral=referral, position=position)


@transaction.atomic
def panel_attendee_add(
    *, panel: Panel, by: User, name: str, agency: str, role: str, user: User | None = None
) -> PanelAttendee:
    require(permissions.can_run_panel(by))
    errors = {}
    if not (name or "").strip() and user is None:
        errors["name"] = "Enter the attendee's name"
    if agency not in Agency.values:
        errors["agency"] = "Select the attendee's agency"
    if not (role or "").strip():
        errors["role"] = "Enter the attendee's role"
    if errors:
        raise ValidationError(errors)
    attendee = PanelAttendee.objects.create(
        panel=panel, user=user, name=(name or "").strip() or str(user), agency=agency, role=role.strip()
    )
    audit_record(actor=by, action=AuditAction.UPDATE, obj=panel, detail={"attendee": str(attendee)})
    return attendee


def panel_is_quorate(panel: Panel) -> bool:
    """A decision is valid only when the police and the YJS were both present."""
    agencies = set(panel.attendees.values_list("agency", flat=True))
    return {Agency.POLICE, Agency.YJS} <= agencies


@transaction.atomic
def decision_record(
    *,
    referral: Referral,
    by: User,
    outcome: Outcome,
    rationale: str,
    decided_on: date,
    panel: Panel | None = None,
    dissent: str = "",
    departure_reason: str = "",
    conditions: list[dict] | None = None,
) -> Decision:
    """Record a panel's decision, or (without a panel) a decision the police took alone."""
    require(permissions.can_record_decision(by, panel), "You cannot record this decision.")
    referral = locked(referral, "child")
    errors: dict[str, str] = {}
    if Decision.objects.filter(referral=referral).exists():
        raise ValidationError({"referral": "A decision has already been recorded for this referral"})
    if referral.withdrawn_at:
        errors["referral"] = "The referral was withdrawn"
    if panel is not None:
        if not PanelItem.objects.filter(panel=panel, referral=referral).exists():
            errors["panel"] = "Add the referral to the panel's agenda first"
        if not panel_is_quorate(panel):
            errors["panel"] = "A decision needs both the police and the YJS present at the panel"
    if not outcome.active:
        errors["outcome"] = "Select an outcome that is in use"
    elif outcome.needs_admission and not referral.admitted:
        errors["outcome"] = f"A {outcome.name.lower()} needs the child to admit the offence or accept responsibility"
    elif outcome.barred_after_conviction and (referral.previous_conviction or child_has_conviction(referral.child)):
        errors["outcome"] = f"A {outcome.name.lower()} is not available to a child with a previous conviction"
    if not (rationale or "").strip():
        errors["rationale"] = "Enter the reasons for the decision"
    if outcome.gravity_score != referral.gravity_score and not (departure_reason or "").strip():
        errors["departure_reason"] = f"Enter why the outcome departs from the gravity score of {referral.gravity_score}"
    not_in_future(decided_on, "decided_on", errors, "decision date")
    conditions = conditions or []
    if outcome.has_conditions and not conditions:
        errors["conditions"] = "Add the conditions of the caution"
    if conditions and not outcome.has_conditions:
        errors["conditions"] = f"A {outcome.name.lower()} has no conditions"
    errors.update(_condition_errors(conditions, decided_on))
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        referral=referral,
        panel=panel,
        police_only=panel is None,
        outcome=outcome,
        decided_on=decided_on,
        rationale=rationale.strip(),
        dissent=(dissent or "").strip(),
        departure_reason=(departure_reason or "").strip(),
        recorded_by=by,
    )
    for condition in conditions:
        Condition.objects.create(
            decision=decision, description=condition["description"].strip(), end_date=condition["end_date"]
        )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=decision,
        detail={"outcome": outcome.code, "police_only": panel is None},
    )
    return decision


def _condition_errors(conditions: list[dict], decided_on: date) -> dict[str, str]:
    if not conditions:
        return {}
    try:
        latest = decided_on + relativedelta(months=settings.YCC_CONDITION_MAX_MONTHS)
    except (OverflowError, ValueError):  # a date at the end of the calendar (refused as in the future)
        latest = date.max
    errors = {}
    for number, condition in enumerate(conditions, start=1):
        if not (condition.get("description") or "").strip():
            errors[f"conditions[{number}].description"] = f"Enter condition {number}"
        end = condition.get("end_date")
        if not isinstance(end, date):
            errors[f"conditions[{number}].end_date"] = f"Enter the end date of condition {number}"
        elif end > latest:
            errors[f"conditions[{number}].end_date"] = (
                f"Condition {number} must end no later than three months after the caution ({latest:%-d %B %Y})"
            )
        elif end < decided_on:
            errors[f"conditions[{number}].end_date"] = f"Condition {number} must end after the caution"
    return errors


def _age_on(child: Child, day: date) -> int:
    return relativedelta(day, child.date_of_birth).years


@transaction.atomic
def warning_record(*, decision: Decision, by: User, given_at: datetime, appropriate_adult_name: str = "") -> Decision:
    """The warning that failing the conditions may lead to prosecution (a youth conditional caution)."""
    require(permissions.can_deliver(by))
    errors: dict[str, str] = {}
    if not decision.outcome.has_conditions:
        errors["outcome"] = "The warning is given with a youth conditional caution"
    not_in_future(given_at, "warning_given_at", errors, "time the warning was given")
    child = decision.referral.child
    if _age_on(child, timezone.localtime(given_at).date()) <= 16 and not (appropriate_adult_name or "").strip():
        errors["appropriate_adult_name"] = "Enter the appropriate adult present: the child is 16 or under"
    if errors:
        raise ValidationError(errors)
    return audited_update(
        decision,
        by=by,
        detail={"warning_given": True},
        warning_given_at=given_at,
        appropriate_adult_name=(appropriate_adult_name or "").strip(),
    )


@transaction.atomic
def condition_compliance_record(*, condition: Condition, by: User, status: str, notes: str = "") -> Condition:
    require(permissions.can_record_compliance(by))
    if status not in ConditionStatus.values:
        raise ValidationError({"status": "Select whether the condition was complied with"})
    if status == ConditionStatus.FAILED and not condition.failures.exists():
        raise ValidationError({"status": "Record the failure and its evidence first"})
    return audited_update(
        condition, by=by, detail={"status": status}, status=status, compliance_notes=(notes or "").strip()
    )


@transaction.atomic
def condition_failure_record(
    *, condition: Condition, by: User, occurred_on: date, what_happened: str, reasons_given: str
) -> ConditionFailure:
    """Evidence of a wilful failure (date, what happened, the reasons given) for the prosecution decision."""
    require(permissions.can_record_compliance(by))
    errors: dict[str, str] = {}
    if not (what_happened or "").strip():
        errors["what_happened"] = "Enter what happened"
    if not (reasons_given or "").strip():
        errors["reasons_given"] = "Enter the reasons the child gave, or that none were given"
    if not isinstance(occurred_on, date):
        errors["occurred_on"] = "Enter the date of the failure"
    else:
        not_in_future(occurred_on, "occurred_on", errors, "date of the failure")
        if occurred_on < condition.decision.decided_on:
            errors["occurred_on"] = "The failure must be on or after the caution"
    if errors:
        raise ValidationError(errors)
    failure = ConditionFailure.objects.create(
        condition=condition,
        occurred_on=occurred_on,
        what_happened=what_happened.strip(),
        reasons_given=reasons_given.strip(),
        recorded_by=by,
    )
    condition.status = ConditionStatus.FAILED
    condition.save(update_fields=["status"])
    audit_record(actor=by, action=AuditAction.CREATE, obj=failure, detail={"condition": condition.pk})
    return failure


@transaction.atomic
def failure_prosecution_consider(*, failure: ConditionFailure, by: User, outcome: str) -> ConditionFailure:
    require(permissions.can_record_compliance(by))
    if not (outcome or "").strip():
        raise ValidationError({"prosecution_outcome": "Enter what was decided about prosecution"})
    outcome = outcome.strip()
    return audited_update(
        failure,
        by=by,
        detail={"prosecution_outcome": outcome},
        considered_for_prosecution=True,
        prosecution_outcome=outcome,
    )


@transaction.atomic
def implications_explained_record(*, decision: Decision, by: User, explained_at: datetime) -> Decision:
    require(permissions.can_deliver(by))
    errors: dict[str, str] = {}
    not_in_future(explained_at, "implications_explained_at", errors, "time the implications were explained")
    if decision.delivered_at and explained_at > decision.delivered_at:
        errors["implications_explained_at"] = "The implications are explained before the disposal is delivered"
    if errors:
        raise ValidationError(errors)
    return audited_update(
        decision, by=by, detail={"implications_explained": True}, implications_explained_at=explained_at
    )


@transaction.atomic
def signed_document_upload(*, decision: Decision, by: User, document: UploadedFile) -> Decision:
    """Store the signed disposal document privately, once its content is checked, as a new version:
    a replaced document stays held with its hash (DESIGN.md §12); after delivery it is locked."""
    require(permissions.can_deliver(by))
    # Locked, so that a delivery recorded at the same moment cannot slip a replacement through.
    held = Decision.objects.select_for_update().values("delivered_at", "signed_document").get(pk=decision.pk)
    if held["delivered_at"] and held["signed_document"]:
        raise ValidationError(
            {"signed_document": "The signed disposal document cannot be replaced after the disposal is delivered"}
        )
    content_type = check_signed_document(document)  # raises ValidationError on "signed_document"
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[content_type]
    sha256 = content_hash(document)
    # A name used once only: each version keeps its own file, and a rolled-back upload
    # leaves the versions before it untouched.
    version = SignedDocumentVersion(
        decision=decision,
        sha256=sha256,
        size=document.size,
        content_type=content_type,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    version.file.save(f"decision-{decision.pk}-{uuid.uuid4().hex}.{extension}", document, save=False)
    version.save()
    decision.signed_document, decision.signed_document_type = version.file.name, content_type
    decision.save(update_fields=["signed_document", "signed_document_type"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=decision,
        detail={"signed_document": content_type, "version": version.pk, "sha256": sha256},
    )
    return decision


@transaction.atomic
def delivery_record(*, decision: Decision, by: User, delivered_at: datetime) -> Decision:
    """Who delivered the disposal and when: after the implications were explained."""
    require(permissions.can_deliver(by))
    errors: dict[str, str] = {}
    not_in_future(delivered_at, "delivered_at", errors, "delivery time")
    if not decision.implications_explained_at:
        errors["implications_explained_at"] = (
            "Record that the implications were explained to the child and parent or carer before delivery"
        )
    elif delivered_at < decision.implications_explained_at:
        errors["delivered_at"] = "The disposal is delivered after the implications are explained"
    if errors:
        raise ValidationError(errors)
    return audited_update(decision, by=by, detail={"delivered": True}, delivered_at=delivered_at, delivered_by=by)


@transaction.atomic
def victim_informed_record(*, decision: Decision, by: User, informed_at: datetime) -> Decision:
    require(permissions.can_inform_victim(by))
    errors: dict[str, str] = {}
    not_in_future(informed_at, "victim_informed_at", errors, "time the victim was told")
    if errors:
        raise ValidationError(errors)
    return audited_update(decision, by=by, detail={"victim_informed": True}, victim_informed_at=informed_at)


@transaction.atomic
def scrutiny_sample_draw(
    *, by: User, period_start: date, period_end: date, percentage: int, seed: str = "scrutiny"
) -> ScrutinySample:
    """A random, reproducible sample of a period's decisions: the stated percentage,
    and at least one of each outcome present. The same period and seed draw the same sample."""
    require(permissions.can_scrutinise(by), "You cannot draw scrutiny samples.")
    errors = {}
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be on or after its start"
    if not 1 <= percentage <= 100:
        errors["percentage"] = "Enter a percentage from 1 to 100"
    if errors:
        raise ValidationError(errors)
    decisions = list(
        Decision.objects.filter(decided_on__range=(period_start, period_end))
        .order_by("id")
        .values_list("id", "outcome__code")
    )
    chosen = sample_decision_ids(decisions, percentage, f"{seed}:{period_start}:{period_end}")
    sample = ScrutinySample.objects.create(
        period_start=period_start, period_end=period_end, percentage=percentage, seed=seed, drawn_by=by
    )
    ScrutinyItem.objects.bulk_create([ScrutinyItem(sample=sample, decision_id=pk) for pk in chosen])
    audit_record(actor=by, action=AuditAction.CREATE, obj=sample, detail={"decisions": len(chosen)})
    return sample


def sample_decision_ids(decisions: list[tuple[int, str]], percentage: int, seed: str) -> list[int]:
    """Choose ids: one per outcome first, then at random up to the percentage (deterministic)."""
    rng = random.Random(seed)  # noqa: S311  (a reproducible sample, not a secret)
    by_outcome: dict[str, list[int]] = {}
    for pk, outcome in decisions:
        by_outcome.setdefault(outcome, []).append(pk)
    chosen = {rng.choice(ids) for _, ids in sorted(by_outcome.items())}
    target = math.ceil(len(decisions) * percentage / 100)
    rest = [pk for pk, _ in decisions if pk not in chosen]
    rng.shuffle(rest)
    chosen.update(rest[: max(target - len(chosen), 0)])
    return sorted(chosen)


@transaction.atomic
def scrutiny_finding_record(*, item: ScrutinyItem, by: User, appropriate: bool, feedback: str) -> ScrutinyItem:
    require(permissions.can_scrutinise(by))
    if appropriate is None:
        raise ValidationError({"appropriate": "Select whether the decision was appropriate"})
    if not appropriate and not (feedback or "").strip():
        raise ValidationError({"feedback": "Enter the panel's feedback on why the decision was not appropriate"})
    return audited_update(
        item, by=by, detail={"appropriate": appropriate}, appropriate=appropriate, feedback=(feedback or "").strip()
    )


# --- Added with the API ------------------------------------------------------------------


@transaction.atomic
def police_only_decision_record(
    *,
    child: Child,
    by: User,
    team: Team,
    referring_officer: str,
    gravity_score: int,
    admitted: bool,
    offences: list[dict],
    outcome: Outcome,
    rationale: str,
    decided_on: date,
    departure_reason: str = "",
    conditions: list[dict] | None = None,
    referred_at: datetime | None = None,
    has_victim: bool = True,
    previous_conviction: bool | None = None,
) -> Decision:
    """An outcome the police gave without a panel, entered by the police officer: the referral
    (source police, with its diversion case and research request) and the decision, in one step.
    For a child not known to the YJS (no case before it) a follow-up opens (``services_follow_ups``)."""
    require(permissions.can_record_decision(by, None), "Only a police officer can record a police-only decision.")
    not_known = not child.cases.exists()
    if referred_at is None and isinstance(decided_on, date):
        # Referred no later than decided: the decision's morning, or now if that is still to come.
        morning = timezone.make_aware(datetime.combine(decided_on, time(9)))
        referred_at = min(morning, timezone.now())
    referral = referral_create(
        child=child,
        by=by,
        team=team,
        referring_officer=referring_officer,
        gravity_score=gravity_score,
        admitted=admitted,
        offences=offences,
        source=ReferralSource.POLICE,
        referred_at=referred_at,
        has_victim=has_victim,
        previous_conviction=previous_conviction,
    )
    decision = decision_record(
        referral=referral,
        by=by,
        outcome=outcome,
        rationale=rationale,
        decided_on=decided_on,
        panel=None,
        departure_reason=departure_reason,
        conditions=conditions,
    )
    if not_known:
        follow_up_open(decision=decision, team=team)
    return decision


def signed_document_download_record(
    *, decision: Decision, by: User, request=None, version: SignedDocumentVersion | None = None
) -> None:
    """Reading the signed disposal document (or an earlier version) is an audit event
    (the caller has checked visibility)."""
    detail = {"read": "signed_document", "content_type": decision.signed_document_type}
    if version is not None:
        detail.update(version=version.pk, content_type=version.content_type, sha256=version.sha256)
    audit_record(actor=by, action=AuditAction.EXPORT, obj=decision, request=request, detail=detail)
