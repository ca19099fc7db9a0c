"""Writes for case records. Each service is one transaction, checks permissions
through ``cases.permissions`` and records what it changed in the audit trail."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yjs.audit import audit_record, audit_record_many
from yjs.models import AuditAction, Team, User
from yjs.validators import check_order
from yjs.working_days import add_working_days

from . import permissions
from .models import (
    Assessment,
    AssessmentType,
    Case,
    CaseStatus,
    CaseTransfer,
    CaseType,
    Child,
    ChildAlias,
    ChildSearchKey,
    Contact,
    Flag,
    Offence,
    Plan,
    PlanTarget,
    Review,
    ReviewTrigger,
    Transition,
    Victim,
    VictimContactDetails,
)
from .search import name_keys

CHILD_FIELDS = {
    "surname",
    "forenames",
    "preferred_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "address",
    "postcode",
    "home_local_authority",
    "pnc_id",
    "police_local_ids",
    "looked_after",
    "responsible_local_authority",
    "social_worker_name",
    "social_worker_email",
    "social_worker_phone",
    "education_status",
    "special_educational_needs",
    "education_health_care_plan",
}


def _require(allowed: bool, message: str = "You do not have permission to do this.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _validate(instance) -> None:
    """Model validation as field errors (a ValidationError with a message dict)."""
    instance.full_clean(validate_unique=True, validate_constraints=True)


def _diff(instance, changes: dict[str, Any]) -> dict[str, list]:
    return {
        field: [str(getattr(instance, field)), str(value)]
        for field, value in changes.items()
        if getattr(instance, field) != value
    }


def child_search_keys_refresh(*, child: Child) -> None:
    names = [child.surname, child.forenames, child.preferred_name]
    for alias in child.aliases.all():
        names += [alias.surname, alias.forenames]
    keys = name_keys(names)
    with transaction.atomic():
        # One refresh of a child's keys at a time, so each key is written once.
        Child.objects.select_for_update().filter(pk=child.pk).values_list("pk").first()
        stored = ChildSearchKey.objects.filter(child=child)
        stored.exclude(key__in=keys).delete()
        have = set(stored.values_list("key", flat=True))
        ChildSearchKey.objects.bulk_create([ChildSearchKey(child=child, key=key) for key in sorted(keys - have)])


def child_search_keys_build(*, child_ids: list[int]) -> int:
    """The search keys of many children at once (children written in bulk, e.g. those a
    custody extract brings), replacing any they had; how many keys were written."""
    from yjs.bulk import copy_rows

    names: dict[int, list[str]] = {}
    for child_id, surname, forenames, preferred_name in Child.objects.filter(pk__in=child_ids).values_list(
        "pk", "surname", "forenames", "preferred_name"
    ):
        names[child_id] = [surname, forenames, preferred_name]
    for child_id, surname, forenames in ChildAlias.objects.filter(child__in=child_ids).values_list(
        "child_id", "surname", "forenames"
    ):
        names[child_id] += [surname, forenames]
    with transaction.atomic():
        locked = list(
            Child.objects.select_for_update().filter(pk__in=names).order_by("pk").values_list("pk", flat=True)
        )
        ChildSearchKey.objects.filter(child__in=locked).delete()
        # In key order: the (key, child) index takes them page by page rather than all over.
        keys = sorted((key, child_id) for child_id in locked for key in name_keys(names[child_id]))
        copy_rows(ChildSearchKey, ["key", "child_id"], keys)
    return len(keys)


def _check_age(date_of_birth: date) -> None:
    if date_of_birth and date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "Date of birth must be in the past"})


@transaction.atomic
def child_create(*, by: User, aliases: list[dict[str, str]] | None = None, **fields: Any) -> Child:
    _require(by.has_role(*permissions.CHILD_CREATOR_ROLES))
    unknown = set(fields) - CHILD_FIELDS - {"known_to_yjs"}
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field"))
    child = Child(**fields)
    _check_age(child.date_of_birth)
    _validate(child)
    child.save()
    for alias in aliases or []:
        child.aliases.create(surname=alias.get("surname", ""), forenames=alias.get("forenames", ""))
    child_search_keys_refresh(child=child)
    audit_record(actor=by, action=AuditAction.CREATE, obj=child)
    return child


@transaction.atomic
def child_update(*, child: Child, by: User, **changes: Any) -> Child:
    _require(permissions.can_view_child(by, child) and by.has_role(*permissions.CHILD_CREATOR_ROLES))
    unknown = set(changes) - CHILD_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field"))
    diff = _diff(child, changes)
    for field, value in changes.items():
        setattr(child, field, value)
    _check_age(child.date_of_birth)
    _validate(child)
    child.save()
    if {"surname", "forenames", "preferred_name"} & set(diff):
        child_search_keys_refresh(child=child)
    if diff:
        audit_record(actor=by, action=AuditAction.UPDATE, obj=child, detail=diff)
    return child


@transaction.atomic
def child_alias_add(*, child: Child, by: User, surname: str, forenames: str = "") -> ChildAlias:
    _require(permissions.can_view_child(by, child) and by.has_role(*permissions.CHILD_CREATOR_ROLES))
    if not surname.strip():
        raise ValidationError({"surname": "Enter the alias surname"})
    alias = child.aliases.create(surname=surname.strip(), forenames=forenames.strip())
    child_search_keys_refresh(child=child)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=child, detail={"alias_added": str(alias)})
    return alias


def assessment_due_date(start: date) -> date:
    return add_working_days(start, settings.ASSESSMENT_DUE_WORKING_DAYS)


@transaction.atomic
def case_open(
    *,
    child: Child,
    by: User,
    case_type: str,
    team: Team,
    start_date: date,
    allocated_to: User | None = None,
    restricted: bool = False,
    order_end_date: date | None = None,
    offences: list[dict[str, Any]] | None = None,
) -> Case:
    """Open a case; its first assessment falls due N working days after it starts."""
    _require(permissions.can_open_case(by, team.pk, case_type), "You can only open cases for your own team.")
    if allocated_to is not None and team.pk not in allocated_to.team_ids:
        raise ValidationError({"allocated_to": "Allocate the case to a member of its team"})
    check_order(
        start_date,
        order_end_date,
        field="order_end_date",
        message="The order end date must be the same as or after the start date",
    )
    case = Case(
        child=child,
        case_type=case_type,
        team=team,
        start_date=start_date,
        allocated_to=allocated_to,
        restricted=restricted,
        order_end_date=order_end_date,
        created_by=by,
    )
    _validate(case)
    case.save()
    for offence in offences or []:
        offence_add(case=case, by=by, **offence)
    if not child.known_to_yjs:
        child.known_to_yjs = True
        child.save(update_fields=["known_to_yjs", "updated_at"])
    Assessment.objects.create(
        case=case,
        assessment_type=_first_assessment_type(case_type),
        due_date=assessment_due_date(start_date),
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=case)
    return case


def _first_assessment_type(case_type: str) -> str:
    if case_type == CaseType.DIVERSION:
        return AssessmentType.DIVERSION
    if case_type == CaseType.PREVENTION:
        return AssessmentType.PREVENTION
    return AssessmentType.ASSET_PLUS


@transaction.atomic
def offence_add(*, case: Case, by: User, **fields: Any) -> Offence:
    offence = Offence(case=case, **fields)
    _validate(offence)
    offence.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=offence)
    return offence


def case_view_record(*, case: Case, user: User, request=None) -> None:
    """A read of a restricted case is a sensitive view: it goes in the audit trail."""
    if case.restricted:
        audit_record(
            actor=user, action=AuditAction.VIEW_SENSITIVE, obj=case, request=request, detail={"read": "restricted_case"}
        )


def restricted_case_records_viewed(*, records: Iterable[Any], user: User, via: str, request=None) -> int:
    """Showing records of restricted cases (an API list or detail: the cases themselves, or their
    assessments, plans, reviews, contacts, victims, transfers) is a sensitive view of each such case,
    as its page is: one event per restricted case shown, all written in one statement (none when
    no record shown is of a restricted case). ``records`` come with their case (``select_related``)."""
    shown: dict[int, Case] = {}
    for record in records:
        case = record if isinstance(record, Case) else record.case
        if case.restricted:
            shown.setdefault(case.pk, case)
    return audit_record_many(
        actor=user,
        action=AuditAction.VIEW_SENSITIVE,
        objs=shown.values(),
        request=request,
        detail={"read": "restricted_case", "via": via},
    )


@transaction.atomic
def case_allocate(*, case: Case, by: User, to: User) -> Case:
    _require(permissions.can_manage_case(by, case), "Only a manager of the case's team can allocate it.")
    if case.team_id not in to.team_ids:
        raise ValidationError({"allocated_to": "Allocate the case to a member of its team"})
    detail = {"allocated_to": [str(case.allocated_to or ""), str(to)]}
    case.allocated_to = to
    case.save(update_fields=["allocated_to"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=case, detail=detail)
    return case


@transaction.atomic
def case_set_restricted(*, case: Case, by: User, restricted: bool) -> Case:
    _require(permissions.can_manage_case(by, case), "Only a manager of the case's team can restrict it.")
    if case.restricted != restricted:
        case.restricted = restricted
        case.save(update_fields=["restricted"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=case, detail={"restricted": [not restricted, restricted]})
    return case


@transaction.atomic
def case_close(*, case: Case, by: User, end_date: date, reason: str) -> Case:
    _require(permissions.can_manage_case(by, case), "Only a manager of the case's team can close it.")
    if not case.is_open:
        raise ValidationError({"status": "Only an open case can be closed"})
    if not reason.strip():
        raise ValidationError({"closure_reason": "Enter why the case is closing"})
    if end_date < case.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date"})
    case.status, case.end_date, case.closure_reason = CaseStatus.CLOSED, end_date, reason.strip()
    case.save(update_fields=["status", "end_date", "closure_reason"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=case, detail={"status": ["open", "closed"]})
    return case


ASSESSMENT_FIELDS = {
    "likelihood_of_reoffending",
    "risk_of_serious_harm",
    "safety_and_wellbeing",
    "child_view",
    "self_assessment_captured",
    "trauma_noted",
    "social_media_component",
    "summary",
}


@transaction.atomic
def assessment_record(
    *, assessment: Assessment, by: User, completed_date: date | None = None, **fields: Any
) -> Assessment:
    """Record (or complete) an assessment. A countersigned assessment is final."""
    # Re-read under a lock: saving a stale copy would wipe a countersignature made since.
    assessment = Assessment.objects.select_for_update().select_related("case").get(pk=assessment.pk)
    _require(permissions.can_work_on_case(by, assessment.case))
    if assessment.countersigned_at:
        raise ValidationError("A countersigned assessment cannot be changed")
    unknown = set(fields) - ASSESSMENT_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field"))
    diff = _diff(assessment, fields)
    for field, value in fields.items():
        setattr(assessment, field, value)
    if completed_date is not None:
        errors = {
            field: f"Select the {Assessment._meta.get_field(field).verbose_name.lower()}"
            for field in ("likelihood_of_reoffending", "risk_of_serious_harm", "safety_and_wellbeing")
            if not getattr(assessment, field)
        }
        if completed_date > timezone.localdate():
            errors["completed_date"] = "The completed date must be today or in the past"
        if errors:
            raise ValidationError(errors)
        assessment.completed_date = completed_date
        assessment.completed_by = by
        diff["completed_date"] = ["", str(completed_date)]
    _validate(assessment)
    assessment.save()
    audit_record(actor=by, action=AuditAction.UPDATE, obj=assessment, detail=diff)
    return assessment


@transaction.atomic
def assessment_create(*, case: Case, by: User, assessment_type: str, due_date: date | None = None) -> Assessment:
    _require(permissions.can_work_on_case(by, case))
    assessment = Assessment(
        case=case,
        assessment_type=assessment_type,
        due_date=due_date or add_working_days(timezone.localdate(), settings.ASSESSMENT_DUE_WORKING_DAYS),
    )
    _validate(assessment)
    assessment.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=assessment)
    return assessment


@transaction.atomic
def assessment_countersign(*, assessment: Assessment, by: User) -> Assessment:
    """A manager of the case's team countersigns a completed assessment not their own."""
    assessment = Assessment.objects.select_for_update().select_related("case").get(pk=assessment.pk)
    _require(
        permissions.can_countersign(by, assessment.case, assessment.completed_by_id),
        "Only a manager of the case's team can countersign, and not their own assessment.",
    )
    if assessment.completed_date is None:
        raise ValidationError("The assessment must be completed before it is countersigned")
    if assessment.countersigned_at:
        raise ValidationError("The assessment is already countersigned")
    assessment.countersigned_by = by
    assessment.countersigned_at = timezone.now()
    assessment.save(update_fields=["countersigned_by", "countersigned_at"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=assessment, detail={"countersigned": True})
    return assessment


@transaction.atomic
def plan_write(
    *,
    case: Case,
    by: User,
    targets: list[dict[str, Any]],
    external_controls: str = "",
    contingency: str = "",
    risk_meeting_decisions: str = "",
    assessment: Assessment | None = None,
) -> Plan:
    _require(permissions.can_work_on_case(by, case))
    if not targets:
        raise ValidationError({"targets": "Add at least one target written with the child"})
    if assessment is not None and assessment.case_id != case.pk:
        raise ValidationError({"assessment": "Choose an assessment of this case"})
    plan = Plan.objects.create(
        case=case,
        assessment=assessment,
        external_controls=external_controls,
        contingency=contingency,
        risk_meeting_decisions=risk_meeting_decisions,
        written_by=by,
    )
    for number, target in enumerate(targets, start=1):
        item = PlanTarget(plan=plan, **target)
        try:
            _validate(item)
        except ValidationError as error:
            raise ValidationError({f"targets[{number}].{k}": v for k, v in error.message_dict.items()}) from error
        item.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=plan)
    return plan


@transaction.atomic
def plan_countersign(*, plan: Plan, by: User) -> Plan:
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    _require(
        permissions.can_countersign(by, plan.case, plan.written_by_id),
        "Only a manager of the case's team can countersign, and not their own plan.",
    )
    if plan.countersigned_at:
        raise ValidationError("The plan is already countersigned")
    plan.countersigned_by, plan.countersigned_at = by, timezone.now()
    plan.save(update_fields=["countersigned_by", "countersigned_at"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=plan, detail={"countersigned": True})
    return plan


@transaction.atomic
def review_schedule(*, case: Case, by: User | None, trigger: str, due_date: date, trigger_detail: str = "") -> Review:
    """Schedule a review. ``by`` is None when the system opens it after a significant event."""
    if by is not None:
        _require(permissions.can_work_on_case(by, case))
    review = Review(case=case, trigger=trigger, due_date=due_date, trigger_detail=trigger_detail)
    _validate(review)
    review.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=review, detail={"trigger": trigger})
    return review


def significant_event_record(*, case: Case, trigger: str, detail: str) -> Review:
    """A significant event (new arrest, new intelligence, threat to life) opens a
    review task for the allocated case worker, due in five working days."""
    if trigger == ReviewTrigger.SCHEDULED:
        raise ValueError("A significant event is not a scheduled review")
    due = add_working_days(timezone.localdate(), settings.SIGNIFICANT_EVENT_REVIEW_WORKING_DAYS)
    return review_schedule(case=case, by=None, trigger=trigger, due_date=due, trigger_detail=detail)


@transaction.atomic
def review_complete(*, review: Review, by: User, outcome: str, completed_date: date | None = None) -> Review:
    _require(permissions.can_work_on_case(by, review.case))
    if review.completed_date:
        raise ValidationError("The review is already completed")
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter what the review found and decided"})
    if completed_date and completed_date > timezone.localdate():
        raise ValidationError({"completed_date": "The completed date must be today or in the past"})
    review.outcome = outcome.strip()
    review.completed_date = completed_date or timezone.localdate()
    review.completed_by = by
    review.save(update_fields=["outcome", "completed_date", "completed_by"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=review, detail={"completed": str(review.completed_date)})
    return review


@transaction.atomic
def contact_record(*, case: Case, by: User, **fields: Any) -> Contact:
    _require(permissions.can_work_on_case(by, case))
    contact = Contact(case=case, recorded_by=by, **fields)
    if contact.enforcement_step and contact.attendance != "did_not_attend":
        raise ValidationError({"enforcement_step": "An enforcement step follows a missed appointment"})
    _validate(contact)
    contact.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=contact)
    return contact


@transaction.atomic
def victim_add(
    *, case: Case, by: User, display_name: str, contact_details: dict[str, str] | None = None, **fields: Any
) -> Victim:
    _require(permissions.can_manage_victims(by, case))
    if contact_details and not permissions.can_see_victim_contact_details(by):
        raise PermissionDenied("Only a victim worker can record a victim's contact details.")
    victim = Victim(case=case, display_name=display_name, **fields)
    _validate(victim)
    victim.save()
    if contact_details:
        details = VictimContactDetails(victim=victim, **contact_details)
        _validate(details)
        details.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=victim)
    return victim


@transaction.atomic
def victim_update(*, victim: Victim, by: User, contact_details: dict[str, str] | None = None, **fields: Any) -> Victim:
    _require(permissions.can_manage_victims(by, victim.case))
    diff = _diff(victim, fields)
    for field, value in fields.items():
        setattr(victim, field, value)
    _validate(victim)
    victim.save()
    if contact_details is not None:
        _require(permissions.can_see_victim_contact_details(by), "Only a victim worker can change contact details.")
        details, _ = VictimContactDetails.objects.get_or_create(victim=victim, defaults={"full_name": ""})
        for field, value in contact_details.items():
            setattr(details, field, value)
        _validate(details)
        details.save()
        diff["contact_details"] = ["", "changed"]  # never the details themselves
    audit_record(actor=by, action=AuditAction.UPDATE, obj=victim, detail=diff)
    return victim


def victim_contact_details_view(*, victim: Victim, by: User, request=None) -> VictimContactDetails | None:
    """Read a victim's contact details: victim workers only, and always audited."""
    return victim_contact_details_view_many(victims=[victim], by=by, request=request).get(victim.pk)


def victim_contact_details_view_many(
    *, victims: list[Victim], by: User, request=None
) -> dict[int, VictimContactDetails]:
    """The contact details of the victims a page shows, by victim id: one audit event each, and
    a fixed number of queries however many victims."""
    if not victims:
        return {}
    _require(permissions.can_see_victim_contact_details(by))
    case_ids = {victim.case_id for victim in victims}
    _require(case_ids <= set(permissions.visible_cases(by).filter(pk__in=case_ids).values_list("pk", flat=True)))
    details = VictimContactDetails.objects.filter(victim__in=victims)
    audit_record_many(
        actor=by, action=AuditAction.VIEW_SENSITIVE, objs=victims, request=request, detail={"read": "contact_details"}
    )
    return {row.victim_id: row for row in details}


@transaction.atomic
def flag_raise(*, child: Child, by: User, flag_type: str, note: str = "", case: Case | None = None) -> Flag:
    _require(permissions.can_raise_flag(by) and permissions.can_view_child(by, child))
    if case is not None and case.child_id != child.pk:
        raise ValidationError({"case": "Choose a case of this child"})
    flag = Flag(child=child, case=case, flag_type=flag_type, note=note, raised_by=by)
    _validate(flag)
    flag.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=flag, detail={"flag_type": flag_type})
    return flag


@transaction.atomic
def flag_remove(*, flag: Flag, by: User, reason: str) -> Flag:
    _require(permissions.can_raise_flag(by) and permissions.can_view_child(by, flag.child))
    if not (reason or "").strip():
        raise ValidationError({"removal_reason": "Enter why the flag is being removed"})
    if flag.removed_at:
        raise ValidationError("The flag has already been removed")
    flag.removed_by, flag.removed_at, flag.removal_reason = by, timezone.now(), reason.strip()
    flag.save(update_fields=["removed_by", "removed_at", "removal_reason"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=flag, detail={"removed": flag.removal_reason})
    return flag


@transaction.atomic
def transition_decide(*, case: Case, by: User, decision: str, reason: str) -> Transition:
    _require(permissions.can_manage_case(by, case), "Only a manager of the case's team records this decision.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the decision"})
    transition = Transition(case=case, decision=decision, reason=reason.strip(), decided_by=by)
    _validate(transition)
    transition.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=transition, detail={"decision": decision})
    return transition


@transaction.atomic
def case_transfer_request(*, case: Case, by: User, home_service: str, host_service: str, reason: str) -> CaseTransfer:
    _require(permissions.can_manage_case(by, case), "Only a manager of the case's team can transfer it.")
    transfer = CaseTransfer(
        case=case, home_service=home_service, host_service=host_service, reason=reason, requested_by=by
    )
    _validate(transfer)
    transfer.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=transfer)
    return transfer


@transaction.atomic
def case_transfer_accept(*, transfer: CaseTransfer, by: User, accepted_on: date, accepted_by_name: str) -> CaseTransfer:
    transfer = CaseTransfer.objects.select_for_update().select_related("case").get(pk=transfer.pk)
    _require(permissions.can_manage_case(by, transfer.case))
    if transfer.accepted_on or not transfer.case.is_open:
        raise ValidationError("The transfer has already been accepted, or the case is no longer open")
    if not accepted_by_name.strip():
        raise ValidationError({"accepted_by_name": "Enter who accepted the case at the receiving service"})
    if accepted_on < timezone.localdate(transfer.requested_at):
        raise ValidationError({"accepted_on": "The acceptance date must be on or after the request"})
    transfer.accepted_on, transfer.accepted_by_name = accepted_on, accepted_by_name.strip()
    transfer.save(update_fields=["accepted_on", "accepted_by_name"])
    case = transfer.case
    case.status, case.end_date = CaseStatus.TRANSFERRED, accepted_on
    case.closure_reason = f"Transferred to {transfer.host_service}"
    case.save(update_fields=["status", "end_date", "closure_reason"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=transfer, detail={"accepted_on": str(accepted_on)})
    return transfer


def case_transfer_pack_export(*, transfer: CaseTransfer, by: User, request=None) -> None:
    """Downloading a case's transfer pack: the case's managers only, and an export in the audit trail."""
    _require(permissions.can_manage_case(by, transfer.case), "Only a manager of the case's team can export it.")
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=transfer.case,
        request=request,
        detail={"export": "transfer_pack", "transfer": transfer.pk, "host_service": transfer.host_service},
    )


@transaction.atomic
def timeline_view_record(*, events: list, user: User, request=None) -> int:
    """Showing a timeline is a sensitive view of each record its events carry an
    ``audit_object`` for (e.g. supplied police information): one audit event per record."""
    shown: dict[tuple[str, Any], Any] = {}
    for event in events:
        obj = getattr(event, "audit_object", None)
        if obj is not None:
            shown.setdefault((obj._meta.label, obj.pk), obj)
    audit_record_many(
        actor=user, action=AuditAction.VIEW_SENSITIVE, objs=shown.values(), request=request, detail={"read": "timeline"}
    )
    return len(shown)
