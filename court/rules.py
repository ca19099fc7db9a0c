"""The rules of court work, each in one place (DESIGN.md §10): when a report, a panel or a
resettlement plan is due, and which requirements a child's age allows. Services, selectors, the
work lists and the board's figures all ask here."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings

from yjs.working_days import add_working_days, subtract_working_days

from .models import RequirementType

# Requirements the law allows only from an age (Sentencing Act 2020, Schedule 6): unpaid work is
# for 16- and 17-year-olds (convicted at 16 or over).
MINIMUM_AGE = {RequirementType.UNPAID_WORK: 16}
# Unpaid work: between 40 and 240 hours (Schedule 6, paragraph 10).
UNPAID_WORK_HOURS = (40, 240)


def age_on(date_of_birth: date, day: date) -> int:
    return relativedelta(day, date_of_birth).years


def requirement_refusal(requirement_type: str, *, date_of_birth: date, made_on: date) -> str:
    """Why the child's age (on the day the order was made) does not allow the requirement; "" if it does."""
    minimum = MINIMUM_AGE.get(requirement_type)
    if minimum is None:
        return ""
    age = age_on(date_of_birth, made_on)
    if age >= minimum:
        return ""
    label = RequirementType(requirement_type).label.split(" (")[0].lower()
    article = "An" if label[0] in "aeiou" else "A"
    return (
        f"{article} {label} requirement is for children aged {minimum} or over: "
        f"the child was {age} when the order was made"
    )


def report_due(requested_on: date, *, stand_down: bool) -> date:
    """A stand-down report the same day; any other ``PRE_SENTENCE_REPORT_WORKING_DAYS`` working days later."""
    if stand_down:
        return requested_on
    return add_working_days(requested_on, settings.PRE_SENTENCE_REPORT_WORKING_DAYS)


def initial_panel_due(made_on: date) -> date:
    """A referral order's initial panel: within ``INITIAL_PANEL_WORKING_DAYS`` working days of the order."""
    return add_working_days(made_on, settings.INITIAL_PANEL_WORKING_DAYS)


def progress_panel_due(last_panel_on: date) -> date:
    """The next progress panel: at most ``PROGRESS_PANEL_MONTHS`` months after the last panel."""
    return last_panel_on + relativedelta(months=settings.PROGRESS_PANEL_MONTHS)


def resettlement_plan_due(release_on: date) -> date:
    """A resettlement plan is in place ``RESETTLEMENT_PLAN_WORKING_DAYS_BEFORE_RELEASE`` working days before release."""
    return subtract_working_days(release_on, settings.RESETTLEMENT_PLAN_WORKING_DAYS_BEFORE_RELEASE)
