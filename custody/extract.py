"""The custody extract format, version 1 (DESIGN.md §5): reading and checking rows.

Pure functions, no database: ``read_extract`` turns file bytes into validated
rows and per-line errors, or raises ``ExtractRefused`` for a file that cannot be
loaded at all (not UTF-8, no header, required columns missing).
"""

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache, partial
from operator import attrgetter, itemgetter
from time import time
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from yjs.validators import normalise_name

LONDON = ZoneInfo("Europe/London")

REQUIRED_COLUMNS = ("force_code", "custody_ref", "detained_at", "surname", "forenames", "date_of_birth")
OPTIONAL_COLUMNS = (
    "suite",
    "charged_at",
    "released_at",
    "gender",
    "ethnicity",
    "pnc_id",
    "postcode",
    "home_local_authority",
    "looked_after",
    "responsible_local_authority",
    "offences",
    "outcome",
    "aa_requested_at",
    "aa_arrived_at",
    "ld_screening",
    "s38_6",
)
OUTCOMES = {
    "charged_detained",
    "charged_bailed",
    "bailed",
    "released_under_investigation",
    "nfa",
    "community_resolution",
    "youth_caution",
    "youth_conditional_caution",
    "voluntary_attendance",
}
LD_SCREENING = {"offered", "declined", "completed", "unavailable"}
S38_6 = {"requested", "secured", "not_secured"}
ETHNICITY = {
    "W1", "W2", "W3", "W9", "M1", "M2", "M3", "M9", "A1", "A2", "A3", "A4", "A9", "B1", "B2", "B3", "O1", "O9", "NS",
}  # fmt: skip
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


class ExtractRefused(Exception):
    """The whole file is refused: nothing is loaded."""


class RowRejected(Exception):
    """One row is rejected, with the reason."""


@dataclass
class CustodyRow:
    """A valid row, with times as aware datetimes (UTC) and the line it came from."""

    line: int
    force_code: str
    custody_ref: str
    detained_at: datetime
    surname: str
    forenames: str
    date_of_birth: date
    suite: str = ""
    charged_at: datetime | None = None
    released_at: datetime | None = None
    gender: str = ""
    ethnicity: str = ""
    pnc_id: str = ""
    postcode: str = ""
    home_local_authority: str = ""
    looked_after: bool | None = None
    responsible_local_authority: str = ""
    offences: list[str] = field(default_factory=list)
    outcome: str = ""
    aa_requested_at: datetime | None = None
    aa_arrived_at: datetime | None = None
    ld_screening: str = ""
    s38_6: str = ""
    # The optional columns the row's file (or pushed row) gave, when it did not give them all
    # (``columns_given``): the record's other fields are left as they are. One set per file.
    columns: frozenset[str] | None = None

    def values(self) -> dict:
        """The record's fields (no line number)."""
        # As dataclasses.asdict would give, without its deep copy (several times slower).
        values = {name: getattr(self, name) for name in RECORD_FIELD_NAMES}
        values["offences"] = list(self.offences)
        return values

    def digest(self, values: dict | None = None) -> str:
        """A hash of the record's values (``values()``, given when already made): equal for the
        same values however their times are zoned (instants are hashed as Unix times)."""
        fields = record_fields(self) if values is None else map(values.__getitem__, RECORD_FIELD_NAMES)
        return digest_of(fields)


def digest_of(fields: Iterable) -> str:
    """``CustodyRow.digest`` of the record's values given in ``RECORD_FIELD_NAMES`` order: what
    ``_digest_text`` makes of each, joined, spelt out field by field for speed (once per row)."""
    (
        force_code, custody_ref, detained_at, surname, forenames, date_of_birth, suite, charged_at, released_at,
        gender, ethnicity, pnc_id, postcode, home_local_authority, looked_after, responsible_local_authority,
        offences, outcome, aa_requested_at, aa_arrived_at, ld_screening, s38_6,
    ) = fields  # fmt: skip
    text = "\x1f".join(
        (
            force_code, custody_ref, _time_text(detained_at), surname, forenames, _digest_text(date_of_birth),
            suite, _time_text(charged_at), _time_text(released_at), gender, ethnicity, pnc_id, postcode,
            home_local_authority, "\x00" if looked_after is None else str(looked_after),
            responsible_local_authority, "\x1e".join(offences), outcome, _time_text(aa_requested_at),
            _time_text(aa_arrived_at), ld_screening, s38_6,
        )
    )  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def _time_text(value: datetime | None) -> str:
    return "\x00" if value is None else f"{value.timestamp():.0f}"


def _digest_text(value) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, datetime):
        return f"{value.timestamp():.0f}"
    if isinstance(value, list):
        return "\x1e".join(value)
    return str(value)


RECORD_FIELD_NAMES = tuple(name for name in CustodyRow.__dataclass_fields__ if name not in ("line", "columns"))
# A row's record values as a tuple, in RECORD_FIELD_NAMES order.
record_fields = attrgetter(*RECORD_FIELD_NAMES)


@dataclass
class ExtractResult:
    """An extract read whole (``read_extract``, ``check_rows``): ``CheckedRows`` used up."""

    rows: list[CustodyRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: int = 0
    rows_read: int = 0
    repeated: list[dict] = field(default_factory=list)


Key = tuple[str, str]


def record_key(force_code: str, custody_ref: str) -> Key:
    """A record's key as a valid row gives it: (force code in capitals, custody reference)."""
    return (force_code.strip().upper(), custody_ref.strip())


class CheckedRows:
    """An extract's rows, checked one by one as they are iterated: the valid ones, each record
    once. Where the file has several rows for a record, the last valid one wins (the newer state)
    and comes where the file's last row for it is; the earlier ones are held until then. So an
    ingest can load the first rows while the rest are still being read and checked.

    ``total``: the file's rows, known before any is checked (for progress). ``rows_read``,
    ``skipped``, ``errors`` and ``repeated`` count what has been checked so far: whole once it is
    used up. Every row read is in one of them or is the row its record is loaded from: a valid
    row of a record that an earlier valid row of the file gave is ``repeated``
    (``{"line": n, "repeats": the record's first valid line}``)."""

    def __init__(
        self,
        records: Iterable[tuple[int, object, Key]],
        keys: Iterable[Key],
        check: Callable[[int, object], "CustodyRow | None"],
    ) -> None:
        # ``records``: (line, raw row, its record's key as the check would give it); ``keys``:
        # the key of every row, read ahead (only the records with more than one row are kept).
        counted = Counter(keys)
        self.total = counted.total()
        self._repeated = {key: count for key, count in counted.items() if count > 1}
        self._records = records
        self._check = check
        self.rows_read = 0
        self.skipped = 0
        self.errors: list[dict] = []
        self.repeated: list[dict] = []

    def __iter__(self) -> Iterator[CustodyRow]:
        check, repeated, errors = self._check, self._repeated, self.errors
        held: dict[Key, CustodyRow] = {}  # the latest valid row of a record with rows still to come
        first: dict[Key, int] = {}  # the line of such a record's first valid row
        for line, raw, key in self._records:
            self.rows_read += 1
            try:
                row = check(line, raw)
            except RowRejected as reason:
                errors.append({"line": line, "reason": str(reason)})
                row = False
            if row is None:
                self.skipped += 1
            left = repeated.get(key)
            if left is None:  # the usual record: one row
                if row:
                    yield row
                continue
            if row:
                if key in first:
                    self.repeated.append({"line": line, "repeats": first[key]})
                else:
                    first[key] = line
            if left > 1:
                repeated[key] = left - 1
                if row:
                    held[key] = row
            else:
                del repeated[key]
                first.pop(key, None)
                earlier = held.pop(key, None)
                if row or earlier:
                    yield row or earlier

    def whole(self) -> ExtractResult:
        rows = list(self)
        return ExtractResult(rows, self.errors, self.skipped, self.rows_read, self.repeated)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractRefused(f"The file is not UTF-8 text (byte {error.start + 1} cannot be read)") from error


def read_extract(data: bytes) -> ExtractResult:
    """Read and check a whole extract file. Line numbers count the header as line 1."""
    return stream_extract(data).whole()


def stream_extract(data: bytes) -> CheckedRows:
    """An extract file's rows, to be checked as they are iterated (``CheckedRows``); refused at
    once (``ExtractRefused``) if the file cannot be read at all."""
    text = decode(data)
    reader = _csv_reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise ExtractRefused("The file is empty: it needs a header row") from None
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ExtractRefused(f"The header is missing the required column(s): {', '.join(missing)}")
    positions = [columns.index(name) if name in columns else None for name in ALL_COLUMNS]
    present = [position for position in positions if position is not None]
    width = max(present) + 1
    cells_of = itemgetter(*present)
    # Where a column is missing, its value is empty: a template with the present ones filled in.
    slots = [slot for slot, position in enumerate(positions) if position is not None]
    complete = len(slots) == len(ALL_COLUMNS)
    template = [""] * len(ALL_COLUMNS)
    given = None if complete else columns_given(name for name in ALL_COLUMNS if name in columns)

    def records() -> Iterator[tuple[int, list[str], Key]]:
        for cells in reader:
            line = reader.line_num
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            stripped = [cell.strip() for cell in cells_of(cells)]
            if not any(stripped) and not any(cell.strip() for cell in cells):
                continue
            if complete:
                values = stripped
            else:
                values = template.copy()
                for slot, value in zip(slots, stripped, strict=True):
                    values[slot] = value
            # force_code and custody_ref come first in ALL_COLUMNS.
            yield line, values, record_key(values[0], values[1])

    keys = _record_keys(text, positions[0], positions[1])
    # Decoded UTF-8 holds no half surrogate pairs: without a NUL, every value can be stored as it is.
    if "\x00" not in text:
        return CheckedRows(records(), keys, _check_values if given is None else partial(_check_values, columns=given))
    # Only the file's columns: ``check_row`` takes the others as not given.
    return CheckedRows(
        (
            (line, {name: value for name, value in zip(ALL_COLUMNS, values, strict=True) if name in columns}, key)
            for line, values, key in records()
        ),
        keys,
        check_row,
    )


def _csv_reader(text: str) -> Iterator[list[str]]:
    """``csv.reader`` of a text held whole. Its limit on a value's length (128 KiB by default) is
    raised to the text's: over it, the reader fails the whole file, where a value too long is
    one row's fault, rejected by the row's check. The limit is the process's, only ever raised,
    and never past a text already in memory."""
    if csv.field_size_limit() < len(text):
        csv.field_size_limit(len(text))
    return csv.reader(io.StringIO(text, newline=""))


def _record_keys(text: str, force_code_at: int, custody_ref_at: int, *, by_line: bool | None = None) -> list[Key]:
    """The record key (force code, custody reference) of each of the file's rows but the header
    and blank rows, read ahead of checking them. ``by_line``: each line taken as a row (if no
    quoted value runs over two lines), as CSV reading gives, four times faster; by default when
    the only line breaks are LF and CRLF."""
    if by_line is None:
        by_line = text.count("\r") == text.count("\r\n")
    if by_line:
        try:
            return _keys_of(_cells_by_line(text), force_code_at, custody_ref_at)
        except _ValueOverLines:
            pass
    reader = _csv_reader(text)
    next(reader, None)
    return _keys_of(reader, force_code_at, custody_ref_at)


class _ValueOverLines(Exception):
    """A quoted value may run over two lines: the file is read as CSV instead."""


def _cells_by_line(text: str) -> Iterator[list[str]]:
    """The cells of each line but the first (the header), as ``csv.reader`` gives them for a row
    on one line; ``_ValueOverLines`` where a line's quotes are not all closed on it."""
    lines = text.split("\n")
    if '"' in lines[0]:
        raise _ValueOverLines
    for line in lines[1:]:
        if '"' not in line:
            yield line.split(",")
            continue
        try:
            # Strict: a quoted value left open at the end of the line is an error, not a value.
            [cells] = csv.reader((line,), strict=True)
        except (csv.Error, ValueError):
            raise _ValueOverLines from None
        yield cells


def _keys_of(rows: Iterable[list[str]], force_code_at: int, custody_ref_at: int) -> list[Key]:
    keys = []
    for cells in rows:
        width = len(cells)
        force_code = cells[force_code_at] if force_code_at < width else ""
        key = record_key(force_code, cells[custody_ref_at] if custody_ref_at < width else "")
        if any(key) or any(cell.strip() for cell in cells):
            keys.append(key)
    return keys


def check_rows(
    records: Iterable[tuple[int, object]],
    *,
    check: Callable[[int, object], "CustodyRow | None"] | None = None,
) -> ExtractResult:
    """Validate rows given as (line, {column: value}) (the API's JSON), whole."""
    return checked_rows(list(records), check=check).whole()


def checked_rows(
    records: Sequence[tuple[int, object]],
    *,
    check: Callable[[int, object], "CustodyRow | None"] | None = None,
) -> CheckedRows:
    """``CheckedRows`` of rows given as (line, {column: value}); ``check``: how each row is
    checked, ``check_row`` unless said otherwise."""
    keyed = [(line, raw, _raw_key(raw)) for line, raw in records]
    return CheckedRows(keyed, [key for _, _, key in keyed], check or check_row)


def _raw_key(raw: object) -> Key:
    """The record key ``check_row`` would give the row, if the row is valid."""
    if not isinstance(raw, Mapping):
        return ("", "")
    force_code, custody_ref = raw.get("force_code"), raw.get("custody_ref")
    if force_code.__class__ is not str or custody_ref.__class__ is not str:
        return ("", "")
    return record_key(force_code, custody_ref)


def _text(raw: Mapping[str, object], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowRejected(f"{name}: expected text, found {type(value).__name__}")
    return value.strip()


ALL_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
_ALL_COLUMNS = frozenset(ALL_COLUMNS)
_OPTIONAL_COLUMNS = frozenset(OPTIONAL_COLUMNS)


def columns_given(names: Iterable[str]) -> frozenset[str] | None:
    """``CustodyRow.columns`` of a file's (or a pushed row's) column names: the optional columns
    among them, or None if it has them all."""
    given = _OPTIONAL_COLUMNS.intersection(names)
    return None if len(given) == len(_OPTIONAL_COLUMNS) else _one_of_each(given)


@lru_cache(maxsize=1024)
def _one_of_each(given: frozenset[str]) -> frozenset[str]:
    """The first equal set seen: pushed rows with the same keys share one."""
    return given


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
    _choice(gender, "gender", {"M", "F", "X"})
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
