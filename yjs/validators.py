"""The bounds of what people type: dates, names and free text (DESIGN.md §12).

One home for each rule, used by the forms (``yjs.forms``) and the API's input fields
(``yjs.api.fields``) of every app, so a page and the API refuse the same input with the
same GOV.UK words.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

# Before this a date is a mistyped year (and near year 1 date arithmetic overflows).
EARLIEST_DATE = date(1900, 1, 1)
# The earliest day of YJS work: youth offending teams began in 2000 (Crime and Disorder Act
# 1998), so an offence, request, decision or due date before it is a mistyped year.
EARLIEST_EVENT_DATE = date(2000, 1, 1)
# How far ahead a planned date (a due date, an order's end, a target) may be.
PLANNING_HORIZON_YEARS = 10

# Free text (notes, reasons, summaries) that the model leaves unbounded.
FREE_TEXT_MAX_LENGTH = 10_000


def sentence(label: str) -> str:
    return label[:1].upper() + label[1:]


def long_date(day: date) -> str:
    """A date as GOV.UK writes it: 1 January 2000."""
    return f"{day.day} {day:%B %Y}"


def latest_planned_date(today: date | None = None) -> date:
    return (today or timezone.localdate()) + relativedelta(years=PLANNING_HORIZON_YEARS)


class DateBounds:
    """A validator of a date (or an aware datetime, by its local date) for form and API fields.

    ``happened``: the thing has happened, so the date is today or in the past. Otherwise the
    date may be ahead, but not beyond the planning horizon (unless ``ahead_checked_by_service``:
    a service refuses a date in the future in its own words).
    """

    def __init__(
        self,
        noun: str,
        *,
        earliest: date = EARLIEST_DATE,
        happened: bool = False,
        ahead_checked_by_service: bool = False,
    ) -> None:
        self.noun = noun
        self.earliest = earliest
        self.happened = happened
        self.ahead_checked_by_service = ahead_checked_by_service

    def __call__(self, value: date | datetime | None) -> None:
        if value is None:
            return
        if isinstance(value, datetime):
            try:
                value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
            except OverflowError:
                value = date.max if value.year > 1 else date.min
        capital = sentence(self.noun)
        if value < self.earliest:
            raise ValidationError(
                f"{capital} must be the same as or after {long_date(self.earliest)}", code="too_early"
            )
        today = timezone.localdate()
        if self.happened and value > today:
            raise ValidationError(f"{capital} must be today or in the past", code="in_the_future")
        latest = latest_planned_date(today)
        if value > latest and not self.ahead_checked_by_service:
            raise ValidationError(f"{capital} must be the same as or before {long_date(latest)}", code="too_late")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateBounds) and vars(self) == vars(other)


class DateOfBirthBounds(DateBounds):
    """A child's date of birth: in the past, and not before 1900."""

    def __init__(self, noun: str = "date of birth") -> None:
        super().__init__(noun, earliest=EARLIEST_DATE, happened=True)

    def __call__(self, value: date | None) -> None:
        if value is not None and value >= timezone.localdate():
            raise ValidationError(f"{sentence(self.noun)} must be in the past", code="in_the_future")
        super().__call__(value)


def happened_on(noun: str) -> DateBounds:
    """The date of something that has happened (an offence, a decision, a request)."""
    return DateBounds(noun, earliest=EARLIEST_EVENT_DATE, happened=True)


def happened_after_yjs_began(noun: str) -> DateBounds:
    """The date of something that has happened, whose service refuses a date in the future."""
    return DateBounds(noun, earliest=EARLIEST_EVENT_DATE, ahead_checked_by_service=True)


def planned_for(noun: str) -> DateBounds:
    """The date of something that may lie ahead (a due date, an order's end, a panel)."""
    return DateBounds(noun, earliest=EARLIEST_EVENT_DATE)


# A time typed as "now" on a clock a little ahead of the server's is not in the future.
CLOCK_GRACE = timedelta(minutes=1)


def not_in_future(
    value: date | datetime | None, field: str, errors: dict[str, str], label: str, *, present: str = "today"
) -> None:
    """Add an error on ``field`` to ``errors`` when ``value`` has not happened yet: a datetime after
    now (give or take ``CLOCK_GRACE``), a date after today. ``present`` names now in the message
    ("The decision date must be today or in the past"; a time of day may say "now")."""
    if isinstance(value, datetime):
        ahead = value > timezone.now() + CLOCK_GRACE
    elif isinstance(value, date):
        ahead = value > timezone.localdate()
    else:
        return
    if ahead:
        errors[field] = f"The {label} must be {present} or in the past"


def required_not_in_future(value: date | datetime | None, field: str, errors: dict[str, str], label: str) -> None:
    """Add an error on ``field`` when ``value`` is not given ("Enter the …") or has not happened yet."""
    if value is None:
        errors[field] = f"Enter the {label}"
    not_in_future(value, field, errors, label)


def not_before(
    later: date | None,
    earlier: date | None,
    field: str,
    errors: dict[str, str],
    label: str,
    after: str,
    *,
    unless: str | None = None,
) -> None:
    """Add an error on ``field`` to ``errors`` when ``later`` is before ``earlier`` (an end before its start, a
    session before its placement started), both given: "The {label} must be the same as or after {after}". Not
    when ``field`` has an error already, nor ``unless`` (the field of ``earlier``, whose own error comes first)."""
    if later is None or earlier is None or field in errors or (unless is not None and unless in errors):
        return
    if later < earlier:
        errors[field] = f"The {label} must be the same as or after {after}"


def check_order(earlier: date | None, later: date | None, *, field: str, label: str, after: str) -> None:
    """Refuse ``later`` before ``earlier`` (an end before its start), as an error on ``field`` (``not_before``)."""
    errors: dict[str, str] = {}
    not_before(later, earlier, field, errors, label, after)
    if errors:
        raise ValidationError(errors)


# Invisible characters that change how a name reads or sorts without showing: zero-width
# spaces and joiners, the direction marks and overrides, and the byte order mark.
INVISIBLE_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def normalise_name(value: str) -> str:
    """A name as typed, in Unicode NFC, without invisible or direction-changing characters
    (a name spoofed with U+202E would read one way and search another)."""
    if not value:
        return value
    return INVISIBLE_CHARACTERS.sub("", unicodedata.normalize("NFC", value)).strip()


def max_length_message(label: str, max_length: int) -> str:
    return f"{sentence(label)} must be {max_length:,} characters or fewer"


def text_length(label: str, max_length: int = FREE_TEXT_MAX_LENGTH) -> MaxLengthValidator:
    return MaxLengthValidator(max_length, message=max_length_message(label, max_length))
