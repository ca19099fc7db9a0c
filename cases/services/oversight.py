"""Management oversight that can say no (DESIGN.md §9): a manager of the case's team countersigns
an assessment or a plan, or returns it to its author with written feedback. The loop is kept as
``Returned`` rows: who returned it, when and why, and when the author resubmitted it. Nobody
countersigns or returns their own work.

The author is told (``notices``: listed in the application, emailed by their choice). An
assessment goes back to its author by clearing its completed date; completing it again
(``assessment_record``) is its resubmission. A plan has no completed state: the author resubmits
it (``plan_resubmit``), changing its external controls and contingency if the feedback asked.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjs.models import User
from yjs.services import audited_create, audited_update, locked, require

from .. import permissions
from ..models import Assessment, Case, Countersigned, Plan, Returned
from .notices import returned_notify

FEEDBACK_NEEDED = "Enter your feedback: what must change before you can countersign it"


def oversight_refusal(user: User, case: Case, author_id: int | None, *, verb: str, noun: str) -> str:
    """Why ``user`` may not countersign or return (``verb``) this record, in words."""
    if author_id is not None and author_id == user.pk and permissions.can_manage_case(user, case):
        return f"You cannot {verb} your own {noun}: another manager of the team must {verb} it."
    article = "an" if noun[0] in "aeiou" else "a"
    return f"Only a manager of the case's team can {verb} {article} {noun}, and never their own."


def require_overseer(record: Countersigned, *, by: User, author_id: int | None, verb: str, noun: str) -> None:
    """Refuse (403, saying why) anyone but a manager of the case's team who is not the author."""
    require(
        permissions.can_countersign(by, record.case, author_id),
        oversight_refusal(by, record.case, author_id, verb=verb, noun=noun),
    )


def open_return(record: Assessment | Plan) -> Returned | None:
    """The return not yet answered by a resubmission, if any."""
    field = "assessment" if isinstance(record, Assessment) else "plan"
    return (
        Returned.objects.select_for_update()
        .filter(**{field: record}, resubmitted_at__isnull=True)
        .order_by("-returned_at", "-id")
        .first()
    )


def refuse_while_returned(record: Assessment | Plan, noun: str) -> None:
    """A returned record is countersigned only once its author has resubmitted it."""
    if open_return(record) is not None:
        raise ValidationError(
            f"The {noun} was returned to its author and has not been resubmitted: it cannot be countersigned yet"
        )


def resubmitted(record: Assessment | Plan) -> Returned | None:
    """Close the loop: the author has resubmitted the returned record (called inside their service)."""
    returned = open_return(record)
    if returned is not None:
        returned.resubmitted_at = timezone.now()
        returned.save(update_fields=["resubmitted_at"])
    return returned


def _return(record: Assessment | Plan, *, by: User, feedback: str, noun: str, author: User | None) -> Returned:
    if record.countersigned_at:
        raise ValidationError(f"The {noun} is countersigned, so it cannot be returned")
    if open_return(record) is not None:
        raise ValidationError(f"The {noun} has already been returned to its author")
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": FEEDBACK_NEEDED})
    returned = Returned(returned_by=by, feedback=feedback, **{noun: record})
    returned = audited_create(returned, by=by, detail={noun: record.pk})
    returned_notify(returned=returned, author=author, noun=noun)
    return returned


@transaction.atomic
def assessment_return(*, assessment: Assessment, by: User, feedback: str) -> Returned:
    """A manager of the case's team returns a completed assessment, not their own and not yet
    countersigned, to its author with written feedback: it is no longer completed, so the author
    can change it and complete it again (the resubmission)."""
    assessment = locked(assessment, "case")
    require_overseer(assessment, by=by, author_id=assessment.completed_by_id, verb="return", noun="assessment")
    if assessment.completed_date is None and not assessment.countersigned_at:
        if open_return(assessment) is not None:
            raise ValidationError("The assessment has already been returned to its author")
        raise ValidationError("The assessment must be completed before it is returned")
    returned = _return(assessment, by=by, feedback=feedback, noun="assessment", author=assessment.completed_by)
    audited_update(
        assessment,
        by=by,
        detail={"returned": True, "completed_date": [str(assessment.completed_date), ""]},
        completed_date=None,
    )
    return returned


@transaction.atomic
def plan_return(*, plan: Plan, by: User, feedback: str) -> Returned:
    """A manager of the case's team returns a plan, not their own and not yet countersigned, to
    its author with written feedback."""
    plan = locked(plan, "case")
    require_overseer(plan, by=by, author_id=plan.written_by_id, verb="return", noun="plan")
    return _return(plan, by=by, feedback=feedback, noun="plan", author=plan.written_by)


@transaction.atomic
def plan_resubmit(
    *, plan: Plan, by: User, external_controls: str | None = None, contingency: str | None = None
) -> Plan:
    """The plan's author (or another worker on the case) answers the feedback and resubmits it for
    countersigning; ``None`` leaves a part as it was."""
    plan = locked(plan, "case")
    require(permissions.can_work_on_case(by, plan.case))
    if plan.countersigned_at:
        raise ValidationError("A countersigned plan cannot be changed")
    changes = {
        name: value.strip()
        for name, value in (("external_controls", external_controls), ("contingency", contingency))
        if value is not None
    }
    returned = resubmitted(plan)
    if returned is None:
        raise ValidationError("The plan has not been returned, so there is nothing to resubmit")
    detail = {name: [getattr(plan, name), value] for name, value in changes.items() if getattr(plan, name) != value}
    return audited_update(plan, by=by, detail={"resubmitted": True, **detail}, **changes)
