"""Writes for the work done over a case: reviews (scheduled, or opened by a significant event)
and contacts with the child."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjs.models import User
from yjs.services import audited_create, audited_update, require
from yjs.validators import not_in_future
from yjs.working_days import add_working_days

from .. import permissions
from ..models import AssessmentReason, Case, Contact, Review, ReviewTrigger
from ..selectors.oversight import current_assessment
from .assessments import assessment_create, assessment_due_date
from .case import _first_assessment_type


@transaction.atomic
def review_schedule(*, case: Case, by: User | None, trigger: str, due_date: date, trigger_detail: str = "") -> Review:
    """Schedule a review. ``by`` is None when the system opens it after a significant event."""
    if by is not None:
        require(permissions.can_work_on_case(by, case))
    review = Review(case=case, trigger=trigger, due_date=due_date, trigger_detail=trigger_detail)
    return audited_create(review, by=by, detail={"trigger": trigger})


@transaction.atomic
def significant_event_record(*, case: Case, trigger: str, detail: str) -> Review:
    """A significant event (new arrest, new intelligence, threat to life) opens a
    review task for the allocated case worker, due in five working days; the apps above
    act on the review it opened (``cases.events.SIGNIFICANT_EVENT``)."""
    from .. import events

    if trigger == ReviewTrigger.SCHEDULED:
        raise ValueError("A significant event is not a scheduled review")
    due = add_working_days(timezone.localdate(), settings.SIGNIFICANT_EVENT_REVIEW_WORKING_DAYS)
    review = review_schedule(case=case, by=None, trigger=trigger, due_date=due, trigger_detail=detail)
    events.announce(events.SIGNIFICANT_EVENT, review)
    return review


STILL_HOLDS_NEEDED = "Select yes if the assessment and plan still hold after this event"


@transaction.atomic
def review_complete(
    *,
    review: Review,
    by: User,
    outcome: str,
    completed_date: date | None = None,
    assessment_still_holds: bool | None = None,
) -> Review:
    """Complete a review, saying whether the case's assessment and plan still hold. A review
    opened by a significant event must answer when the case has a current (completed) assessment;
    when they no longer hold, a reassessment starts from the review (``review.reassessment``,
    due as a new assessment is, ``settings.ASSESSMENT_DUE_WORKING_DAYS``)."""
    require(permissions.can_work_on_case(by, review.case))
    if review.completed_date:
        raise ValidationError("The review is already completed")
    errors: dict[str, str] = {}
    if not outcome.strip():
        errors["outcome"] = "Enter what the review found and decided"
    current = current_assessment(review.case)
    if assessment_still_holds is None and review.trigger != ReviewTrigger.SCHEDULED and current is not None:
        errors["assessment_still_holds"] = STILL_HOLDS_NEEDED
    not_in_future(completed_date, "completed_date", errors, "completed date")
    if errors:
        raise ValidationError(errors)
    completed_date = completed_date or timezone.localdate()
    review = audited_update(
        review,
        by=by,
        detail={"completed": str(completed_date), "assessment_still_holds": assessment_still_holds},
        outcome=outcome.strip(),
        completed_date=completed_date,
        completed_by=by,
        assessment_still_holds=assessment_still_holds,
    )
    review.reassessment = None
    if assessment_still_holds is False:
        latest = current or review.case.assessments.order_by("-due_date", "-id").first()
        review.reassessment = assessment_create(
            case=review.case,
            by=by,
            assessment_type=latest.assessment_type if latest else _first_assessment_type(review.case.case_type),
            reason=AssessmentReason.REVIEW
            if review.trigger == ReviewTrigger.SCHEDULED
            else AssessmentReason.SIGNIFICANT_EVENT,
            review=review,
            due_date=assessment_due_date(timezone.localdate()),
        )
    return review


@transaction.atomic
def contact_record(*, case: Case, by: User, **fields: Any) -> Contact:
    require(permissions.can_work_on_case(by, case))
    contact = Contact(case=case, recorded_by=by, **fields)
    if contact.enforcement_step and contact.attendance != "did_not_attend":
        raise ValidationError({"enforcement_step": "An enforcement step follows a missed appointment"})
    return audited_create(contact, by=by)
