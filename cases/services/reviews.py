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
from ..models import Case, Contact, Review, ReviewTrigger


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


@transaction.atomic
def review_complete(*, review: Review, by: User, outcome: str, completed_date: date | None = None) -> Review:
    require(permissions.can_work_on_case(by, review.case))
    if review.completed_date:
        raise ValidationError("The review is already completed")
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter what the review found and decided"})
    errors: dict[str, str] = {}
    not_in_future(completed_date, "completed_date", errors, "completed date")
    if errors:
        raise ValidationError(errors)
    completed_date = completed_date or timezone.localdate()
    return audited_update(
        review,
        by=by,
        detail={"completed": str(completed_date)},
        outcome=outcome.strip(),
        completed_date=completed_date,
        completed_by=by,
    )


@transaction.atomic
def contact_record(*, case: Case, by: User, **fields: Any) -> Contact:
    require(permissions.can_work_on_case(by, case))
    contact = Contact(case=case, recorded_by=by, **fields)
    if contact.enforcement_step and contact.attendance != "did_not_attend":
        raise ValidationError({"enforcement_step": "An enforcement step follows a missed appointment"})
    return audited_create(contact, by=by)
