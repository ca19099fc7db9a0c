"""Writes for assessments and the plans written from them: recording, completing and
countersigning (a countersigned assessment or plan is final)."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjs.audit import audit_record
from yjs.models import AuditAction, User
from yjs.services import audited_create, audited_update, changes_to, locked, only_known_fields, require, validate
from yjs.validators import not_in_future
from yjs.working_days import add_working_days

from .. import permissions
from ..models import Assessment, AssessmentReason, Case, Countersigned, Plan, PlanTarget, Review
from .oversight import refuse_while_returned, require_overseer, resubmitted

# What the assessor records, in the order the page's form and the API show it.
ASSESSMENT_FIELDS = (
    "likelihood_of_reoffending",
    "risk_of_serious_harm",
    "safety_and_wellbeing",
    "child_view",
    "self_assessment_captured",
    "trauma_noted",
    "social_media_component",
    "summary",
)


def assessment_due_date(start: date) -> date:
    return add_working_days(start, settings.ASSESSMENT_DUE_WORKING_DAYS)


@transaction.atomic
def assessment_record(
    *, assessment: Assessment, by: User, completed_date: date | None = None, **fields: Any
) -> Assessment:
    """Record (or complete) an assessment. A countersigned assessment is final."""
    # Re-read under a lock: saving a stale copy would wipe a countersignature made since.
    assessment = locked(assessment, "case")
    require(permissions.can_work_on_case(by, assessment.case))
    if assessment.countersigned_at:
        raise ValidationError("A countersigned assessment cannot be changed")
    only_known_fields(fields, ASSESSMENT_FIELDS)
    diff = changes_to(assessment, fields)
    for field, value in fields.items():
        setattr(assessment, field, value)
    if completed_date is not None:
        errors = {
            field: f"Select the {Assessment._meta.get_field(field).verbose_name.lower()}"
            for field in ("likelihood_of_reoffending", "risk_of_serious_harm", "safety_and_wellbeing")
            if not getattr(assessment, field)
        }
        not_in_future(completed_date, "completed_date", errors, "completed date")
        if errors:
            raise ValidationError(errors)
        assessment.completed_date = completed_date
        assessment.completed_by = by
        diff["completed_date"] = ["", str(completed_date)]
        # Completing a returned assessment again is its resubmission: the loop is closed.
        if resubmitted(assessment) is not None:
            diff["resubmitted"] = True
    validate(assessment)
    assessment.save()
    audit_record(actor=by, action=AuditAction.UPDATE, obj=assessment, detail=diff)
    # The apps above act on a completed assessment's ratings (cases.events): when it is completed,
    # and when a completed one is rated again.
    from .. import events

    rerated = assessment.completed_date is not None and any(
        field in diff for field in ("likelihood_of_reoffending", "risk_of_serious_harm", "safety_and_wellbeing")
    )
    if completed_date is not None or rerated:
        events.announce(events.ASSESSMENT_COMPLETED, assessment)
    return assessment


@transaction.atomic
def assessment_create(
    *,
    case: Case,
    by: User,
    assessment_type: str,
    due_date: date | None = None,
    reason: str = AssessmentReason.INITIAL,
    review: Review | None = None,
) -> Assessment:
    """Start an assessment of a case (a case holds many over time: the latest completed one is
    current). ``review``: the review it starts from, when a review found the last one no longer holds."""
    require(permissions.can_work_on_case(by, case))
    if review is not None and review.case_id != case.pk:
        raise ValidationError({"review": "Choose a review of this case"})
    assessment = Assessment(
        case=case,
        assessment_type=assessment_type,
        reason=reason,
        review=review,
        due_date=due_date or assessment_due_date(timezone.localdate()),
    )
    return audited_create(assessment, by=by, detail={"reason": reason, "review": review.pk if review else None})


@transaction.atomic
def assessment_countersign(*, assessment: Assessment, by: User) -> Assessment:
    """A manager of the case's team countersigns a completed assessment not their own."""
    assessment = locked(assessment, "case")
    require_overseer(assessment, by=by, author_id=assessment.completed_by_id, verb="countersign", noun="assessment")
    refuse_while_returned(assessment, "assessment")
    unfinished = assessment.completed_date is None
    return _countersign(
        assessment, by=by, author_id=assessment.completed_by_id, noun="assessment", unfinished=unfinished
    )


def _countersign(record: Countersigned, *, by: User, author_id: int | None, noun: str, unfinished: bool = False) -> Any:
    """Countersign a record of a case: by a manager of the case's team, not its author, once."""
    require_overseer(record, by=by, author_id=author_id, verb="countersign", noun=noun)
    if unfinished:
        raise ValidationError(f"The {noun} must be completed before it is countersigned")
    if record.countersigned_at:
        raise ValidationError(f"The {noun} is already countersigned")
    return audited_update(
        record, by=by, detail={"countersigned": True}, countersigned_by=by, countersigned_at=timezone.now()
    )


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
    require(permissions.can_work_on_case(by, case))
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
            validate(item)
        except ValidationError as error:
            raise ValidationError({f"targets[{number}].{k}": v for k, v in error.message_dict.items()}) from error
        item.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=plan)
    return plan


@transaction.atomic
def plan_countersign(*, plan: Plan, by: User) -> Plan:
    plan = locked(plan, "case")
    require_overseer(plan, by=by, author_id=plan.written_by_id, verb="countersign", noun="plan")
    refuse_while_returned(plan, "plan")
    return _countersign(plan, by=by, author_id=plan.written_by_id, noun="plan")
