"""Checking one row of a custody extract (DESIGN.md §5): each value read, times in UK time
(never guessed across the clocks' changes), names, codes and choices checked, children's ages
worked out; a ``CustodyRow``, None for an adult (skipped), or ``RowRejected`` with the reason."""

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from operator import itemgetter
from time import time
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from yjs.validators import normalise_name

from .format import (
    _ALL_COLUMNS,
    ALL_COLUMNS,
    ETHNICITY,
    GENDERS,
    LD_SCREENING,
    LONDON,
    OUTCOMES,
    REQUIRED_COLUMNS,
    S38_6,
    CustodyRow,
    RowRejected,
    columns_given,
)

NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*[.]?$")
PNC_ID = re.compile(r"^\d{2,4}/\d{1,7}[A-Z]$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")
DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# The same formats as regular expressions (strptime allows one or two digits but for the year).
ISO_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?")
UK_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{1,2})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ADULT_AGE = 18
MINIMUM_AGE = 10
# The longest text a column may hold: what the record (and a child made from it) can store, so a
# row over it is rejected with its line rather than failing its batch. The other columns have
# formats of their own (times, codes, choices) that no long value passes.
LONGEST = {
    "force_code": 10,
    "custody_ref": 40,
    "suite": 100,
    "surname": 100,
    "forenames": 150,
    "home_local_authority": 100,
    "responsible_local_authority": 100,
    "offences": 3000,
}
LONGEST_OFFENCE = 300  # an offence's description (cases.Offence, where a police-only decision records it)
# A time may be this far after the moment it is checked (the police system's clock may run a little ahead).
CLOCK_ALLOWANCE = timedelta(minutes=5)
SHOWN = 40  # characters of a value quoted in a rejected row's reason


def _text(raw: Mapping[str, object], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowRejected(f"{name}: expected text, found {type(value).__name__}")
    return value.strip()


def _texts(raw: Mapping[str, object]) -> dict[str, str]:
    """Every column's text (``_text`` of each), in one pass."""
    values = {}
    get = raw.get
    for name in ALL_COLUMNS:
        value = get(name)
        if value is None:
            values[name] = ""
        elif value.__class__ is str:
            values[name] = value.strip()
        else:
            values[name] = _text(raw, name)
    return values


GAP, FOLD = "gap", "fold"


@lru_cache(maxsize=100_000)
def _london_hour(year: int, month: int, day: int, hour: int) -> tzinfo | str:
    """The UTC offset of a London wall-clock hour as a fixed time zone, or GAP (the clocks went
    forward over it) or FOLD (it happened twice). UK clocks change on the hour, so the hour decides."""
    naive = datetime(year, month, day, hour)
    first, second = naive.replace(tzinfo=LONDON, fold=0), naive.replace(tzinfo=LONDON, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(ZoneInfo("UTC")).astimezone(LONDON).replace(tzinfo=None)
        return GAP if round_trip != naive else FOLD
    return timezone(first.utcoffset())


NOT_A_TIME = "not a time"


def local_datetime(value: str, column: str) -> datetime | None:
    """A Europe/London wall-clock time as an aware datetime; times that do not exist
    (spring forward) or happen twice (fall back) are refused, never guessed."""
    if not value:
        return None
    read = _wall_clock(value)
    if read.__class__ is datetime:
        return read
    if read is GAP:
        raise RowRejected(f"{column}: {value} does not exist in UK time (the clocks went forward)")
    if read is FOLD:
        raise RowRejected(f"{column}: {value} is ambiguous in UK time (the clocks went back, so it happened twice)")
    raise RowRejected(f"{column}: '{_shown(value)}' is not a date and time (YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM)")


def forget_values_read() -> None:
    """Empty what reading remembers of the times and dates it has read (benchmarks time a first read)."""
    _wall_clock.cache_clear()
    _day.cache_clear()
    _london_hour.cache_clear()


@lru_cache(maxsize=50_000)
def _wall_clock(value: str) -> datetime | str:
    """``local_datetime`` of a text, or why not (NOT_A_TIME, GAP or FOLD); remembered, as a
    file's times repeat (to the minute, over a few days) across rows and columns."""
    # The formats of DATETIME_FORMATS, matched without strptime (the slowest part of a large file).
    iso, uk = ISO_DATETIME.fullmatch(value), UK_DATETIME.fullmatch(value)
    try:
        if iso:
            year, month, day, hour, minute, second = iso.groups()
            naive = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        elif uk:
            day, month, year, hour, minute = uk.groups()
            naive = datetime(int(year), int(month), int(day), int(hour), int(minute))
        else:
            return NOT_A_TIME
    except ValueError:
        return NOT_A_TIME
    zone = _london_hour(naive.year, naive.month, naive.day, naive.hour)
    if zone is GAP or zone is FOLD:
        return zone
    # A fixed offset (the hour's): the same instant and text as with LONDON, several times faster.
    return naive.replace(tzinfo=zone)


def _date(value: str, column: str) -> date:
    if (read := _day(value)) is not None:
        return read
    raise RowRejected(f"{column}: '{_shown(value)}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")


@lru_cache(maxsize=50_000)
def _day(value: str) -> date | None:
    """The date a text gives, or None; remembered (birthdays repeat)."""
    iso, uk = ISO_DATE.fullmatch(value), UK_DATE.fullmatch(value)
    try:
        if iso:
            return date(*map(int, iso.groups()))
        if uk:
            day, month, year = uk.groups()
            return date(int(year), int(month), int(day))
    except ValueError:
        pass
    return None


def age_on(day: date, date_of_birth: date) -> int:
    """Whole years, as dateutil's relativedelta counts them (a 29 February birthday falls on
    28 February in other years), without its cost."""
    if date_of_birth.month == 2 and date_of_birth.day == 29:
        return relativedelta(day, date_of_birth).years
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _choice(value: str, column: str, allowed: set[str]) -> str:
    if value and value not in allowed:
        raise RowRejected(f"{column}: '{_shown(value)}' is not one of {', '.join(sorted(allowed))}")
    return value


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # half of a surrogate pair, as a JSON "\ud83d" alone decodes to
        return False
    return True


def _not_text(values: dict[str, str]) -> str | None:
    """The first column holding what PostgreSQL cannot store as text (a NUL, or half of a
    surrogate pair), or None. One check of the whole row: the usual row passes at once."""
    joined = "".join(values.values())
    if "\x00" not in joined and (joined.isascii() or _encodes(joined)):
        return None
    return next(name for name, value in values.items() if "\x00" in value or not _encodes(value))


LOOKED_AFTER = {"Y": True, "N": False, "": None}
_column_values = itemgetter(*ALL_COLUMNS)


def check_row(line: int, raw: Mapping[str, object]) -> CustodyRow | None:
    """A valid row, None for an adult (skipped), or RowRejected with the reason."""
    if not isinstance(raw, Mapping):
        raise RowRejected("expected an object of column names and values")
    values = _texts(raw)
    if bad := _not_text(values):
        # Not quoted: the reason itself is stored (and a NUL cannot be).
        raise RowRejected(f"{bad}: has characters that are not text (a NUL or a broken character)")
    # A key left out leaves the record's field as it is; a key given empty (or null) clears it.
    return _check_values(line, _column_values(values), None if raw.keys() >= _ALL_COLUMNS else columns_given(raw))


def _shown(value: str) -> str:
    """A value as a rejected row's reason quotes it: its start, if it is long."""
    return value if len(value) <= SHOWN else f"{value[:SHOWN]}…"


def _too_long(values: Sequence[str]) -> str:
    """The reason for a row with a value over its column's ``LONGEST``."""
    for name, value in zip(ALL_COLUMNS, values, strict=True):
        if name in LONGEST and len(value) > LONGEST[name]:
            return f"{name}: must be {LONGEST[name]:,} characters or fewer (it has {len(value):,})"
    raise AssertionError("no value is too long")


TIME_COLUMNS = ("charged_at", "released_at", "aa_requested_at", "aa_arrived_at")


# The latest time a row may give (now and CLOCK_ALLOWANCE), and until when (a Unix time) it holds:
# worked out once a second, as a row's check takes microseconds and an aware "now" is one.
_latest = (0.0, datetime.min.replace(tzinfo=UTC))


def _latest_now(now: float) -> datetime:
    global _latest
    second = int(now) + 1
    _latest = (second, datetime.fromtimestamp(second, UTC) + CLOCK_ALLOWANCE)
    return _latest[1]


def _normalised_name(value: str, column: str) -> str:
    """A name that is not plain letters as it came: in NFC, without invisible or direction-changing
    characters (yjs.validators), or rejected. Plain names, nearly all, never come here."""
    name = normalise_name(value)
    if not NAME.match(name):
        raise RowRejected(f"{column}: '{value}' has characters a name cannot have")
    return name


def _check_values(line: int, values: Sequence[str], columns: frozenset[str] | None = None) -> CustodyRow | None:
    """``check_row`` of a row's values in ``ALL_COLUMNS`` order, stripped text that can be stored;
    ``columns``: the optional columns given, if not all (``CustodyRow.columns``)."""
    (
        force_code, custody_ref, detained_text, surname, forenames, birth_text, suite, charged_text, released_text,
        gender, ethnicity, pnc_text, postcode_text, home_local_authority, looked_after_text,
        responsible_local_authority, offences_text, outcome, aa_requested_text, aa_arrived_text, ld_screening, s38_6,
    ) = values  # fmt: skip
    if not (force_code and custody_ref and detained_text and surname and forenames and birth_text):
        name = next(
            name for name, value in zip(REQUIRED_COLUMNS, values[: len(REQUIRED_COLUMNS)], strict=True) if not value
        )
        raise RowRejected(f"{name}: is required")
    if (
        len(surname) > 100
        or len(forenames) > 150
        or len(custody_ref) > 40
        or len(force_code) > 10
        or len(suite) > 100
        or len(home_local_authority) > 100
        or len(responsible_local_authority) > 100
        or len(offences_text) > 3000
    ):  # LONGEST, spelt out (once per row)
        raise RowRejected(_too_long(values))
    if not NAME.match(surname):
        surname = _normalised_name(surname, "surname")
    if not NAME.match(forenames):
        forenames = _normalised_name(forenames, "forenames")

    detained_at = local_datetime(detained_text, "detained_at")
    until, latest = _latest
    if (now := time()) >= until:
        latest = _latest_now(now)
    if detained_at > latest:
        raise RowRejected("detained_at: is in the future")
    date_of_birth = _date(birth_text, "date_of_birth")
    detained_on = detained_at.date()
    age = age_on(detained_on, date_of_birth)
    if date_of_birth > detained_on:
        raise RowRejected("date_of_birth: is after detained_at")
    if age >= ADULT_AGE:
        return None
    if age < MINIMUM_AGE:
        raise RowRejected(f"date_of_birth: the child was {age} when detained, under the age of criminal responsibility")

    charged_at = local_datetime(charged_text, "charged_at") if charged_text else None
    released_at = local_datetime(released_text, "released_at") if released_text else None
    aa_requested_at = local_datetime(aa_requested_text, "aa_requested_at") if aa_requested_text else None
    aa_arrived_at = local_datetime(aa_arrived_text, "aa_arrived_at") if aa_arrived_text else None
    if charged_at is not None and charged_at < detained_at:
        raise RowRejected("charged_at: is before detained_at")
    if released_at is not None and released_at < detained_at:
        raise RowRejected("released_at: is before detained_at")
    if aa_arrived_at is not None and aa_arrived_at < detained_at:
        raise RowRejected("aa_arrived_at: is before detained_at")
    if aa_requested_at and aa_arrived_at and aa_arrived_at < aa_requested_at:
        raise RowRejected("aa_arrived_at: is before aa_requested_at")
    if charged_at and released_at and released_at < charged_at:
        raise RowRejected("released_at: is before charged_at")
    if (
        (released_at is not None and released_at > latest)
        or (charged_at is not None and charged_at > latest)
        or (aa_arrived_at is not None and aa_arrived_at > latest)
        or (aa_requested_at is not None and aa_requested_at > latest)
    ):
        moments = zip(TIME_COLUMNS, (charged_at, released_at, aa_requested_at, aa_arrived_at), strict=True)
        raise RowRejected(next(f"{name}: is in the future" for name, moment in moments if moment and moment > latest))

    gender = gender.upper()
    _choice(gender, "gender", GENDERS)
    ethnicity = _choice(ethnicity.upper(), "ethnicity", ETHNICITY)
    pnc_id = pnc_text.upper()
    if pnc_id and not PNC_ID.match(pnc_id):
        raise RowRejected(f"pnc_id: '{_shown(pnc_text)}' is not a PNC ID such as 23/123456A")
    postcode = " ".join(postcode_text.upper().split()) if postcode_text else ""
    if postcode and not POSTCODE.match(postcode):
        raise RowRejected(f"postcode: '{_shown(postcode_text)}' is not a UK postcode")
    looked_after = LOOKED_AFTER.get(looked_after_text.upper(), "bad")
    if looked_after == "bad":
        raise RowRejected(f"looked_after: '{_shown(looked_after_text)}' is not Y, N or empty")
    offences = [offence.strip() for offence in offences_text.split(";") if offence.strip()] if offences_text else []
    if len(offences_text) > LONGEST_OFFENCE and any(len(offence) > LONGEST_OFFENCE for offence in offences):
        raise RowRejected(f"offences: each offence must be {LONGEST_OFFENCE} characters or fewer")

    return CustodyRow(
        line,
        force_code.upper(),
        custody_ref,
        detained_at,
        surname,
        forenames,
        date_of_birth,
        suite,
        charged_at,
        released_at,
        gender,
        ethnicity,
        pnc_id,
        postcode,
        home_local_authority,
        looked_after,
        responsible_local_authority,
        offences,
        _choice(outcome.lower(), "outcome", OUTCOMES),
        aa_requested_at,
        aa_arrived_at,
        _choice(ld_screening.lower(), "ld_screening", LD_SCREENING),
        _choice(s38_6.lower(), "s38_6", S38_6),
        columns,
    )
