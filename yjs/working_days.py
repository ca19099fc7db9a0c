"""Working days: Monday to Friday, less the bank holidays of England and Wales."""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share one list; holidays' "ENG" subdivision is that list.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    Never beyond the last date there is (``date.max``): a mistyped year 9999 must not crash.
    """
    day = start
    remaining = days
    while remaining > 0:
        if day == date.max:
            return day
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(end: date, days: int) -> date:
    """The date ``days`` working days before ``end`` (``end`` itself not counted): the day by
    which something due that long before an event (a release, a meeting) must be done.

    Never before the first date there is (``date.min``)."""
    day = end
    remaining = days
    while remaining > 0:
        if day == date.min:
            return day
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def working_hours_between(start: datetime, end: datetime, *, day_start: int = 9, day_end: int = 17) -> float:
    """Hours of the working day (``day_start``–``day_end`` local time) between two aware datetimes."""
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    start, end = start.astimezone(zone), end.astimezone(zone)
    if end <= start:
        return 0.0
    total = 0.0
    day = start.date()
    while day <= end.date():
        hours = _working_hours(day, day_start, day_end, zone)
        if hours is not None:
            overlap = (min(end, hours[1]) - max(start, hours[0])).total_seconds()
            total += max(overlap, 0.0)
        if day == date.max:
            break
        day += timedelta(days=1)
    return total / 3600


@lru_cache(maxsize=8192)
def _working_hours(day: date, day_start: int, day_end: int, zone) -> tuple[datetime, datetime] | None:
    """When the working day opens and closes, or None on a weekend or bank holiday (computed once
    a day: the board report asks for tens of thousands of requests' turnaround)."""
    if not is_working_day(day):
        return None
    return (
        datetime(day.year, day.month, day.day, day_start, tzinfo=zone),
        datetime(day.year, day.month, day.day, day_end, tzinfo=zone),
    )
