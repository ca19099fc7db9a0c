"""Working days: Monday to Friday less the bank holidays of England and Wales."""

from datetime import date

import pytest

from yjs.working_days import (
    add_working_days,
    bank_holidays,
    is_working_day,
    subtract_working_days,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), True),  # a Monday
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 22), False),  # Sunday
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 5, 4), False),  # Early May bank holiday
        (date(2026, 5, 25), False),  # Spring bank holiday
        (date(2026, 8, 31), False),  # Summer bank holiday (England and Wales, not Scotland's)
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day falls on a Saturday: the Monday is the holiday
        (date(2027, 1, 1), False),  # New Year's Day
        # Holidays of Scotland and Northern Ireland only are working days here.
        (date(2026, 1, 2), True),  # 2 January (Scotland)
        (date(2026, 3, 17), True),  # St Patrick's Day (Northern Ireland)
        (date(2026, 7, 13), True),  # Battle of the Boyne, observed (Northern Ireland)
        (date(2026, 8, 3), True),  # Summer bank holiday (Scotland)
        (date(2026, 11, 30), True),  # St Andrew's Day (Scotland)
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_bank_holidays_of_2026_in_england_and_wales():
    assert sorted(bank_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 26),  # Boxing Day itself (a Saturday) and its substitute
        date(2026, 12, 28),
    ]


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday + 1 is Monday
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # from a Saturday
        (date(2026, 11, 22), 1, date(2026, 11, 23)),  # from a Sunday
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # a whole week
        (date(2026, 11, 2), 15, date(2026, 11, 23)),  # three weeks, no holiday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2026, 3, 30), 15, date(2026, 4, 22)),
        # Christmas 2026: 25 and 28 December, then 1 January 2027.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 4, date(2027, 1, 4)),
        (date(2026, 12, 17), 15, date(2027, 1, 12)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_working_days_between():
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 4
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 23)) == 0


def test_adding_then_counting_working_days_agree():
    start = date(2026, 3, 20)
    for days in range(0, 40):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_adding_working_days_near_the_last_date_there_is_does_not_overflow():
    assert add_working_days(date(9999, 12, 31), 10) == date(9999, 12, 31)
    assert add_working_days(date(9999, 12, 28), 10) == date(9999, 12, 31)


def test_working_hours_up_to_the_last_date_there_is_do_not_overflow():
    from datetime import UTC, datetime

    from yjs.working_days import working_hours_between

    start = datetime(9999, 12, 30, 9, tzinfo=UTC)
    end = datetime(9999, 12, 31, 12, tzinfo=UTC)
    assert working_hours_between(start, end) == 11.0


@pytest.mark.parametrize(
    ("end", "days", "expected"),
    [
        (date(2026, 12, 7), 1, date(2026, 12, 4)),  # Monday → the Friday before
        (date(2026, 12, 29), 1, date(2026, 12, 24)),  # over Christmas and Boxing Day (28th in lieu)
        (date(2026, 4, 7), 2, date(2026, 4, 1)),  # over Good Friday and Easter Monday
        (date(2026, 12, 7), 0, date(2026, 12, 7)),
    ],
)
def test_subtract_working_days(end, days, expected):
    assert subtract_working_days(end, days) == expected


def test_subtracting_then_adding_working_days_comes_back_to_a_working_day():
    for end in (date(2026, 5, 5), date(2026, 12, 31), date(2027, 1, 4)):
        assert add_working_days(subtract_working_days(end, 20), 20) == end


def test_subtracting_working_days_near_the_first_date_there_is_does_not_underflow():
    assert subtract_working_days(date(1, 1, 3), 10) == date.min
