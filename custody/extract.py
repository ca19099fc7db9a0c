"""The custody extract format, version 1 (DESIGN.md §5): reading and checking rows.

Pure functions, no database: ``read_extract`` turns file bytes into validated
rows and per-line errors, or raises ``ExtractRefused`` for a file that cannot be
loaded at all (not UTF-8, no header, required columns missing).
"""

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

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

    def values(self) -> dict:
        """The record's fields (no line number)."""
        # As dataclasses.asdict would give, without its deep copy (several times slower).
        values = {name: getattr(self, name) for name in RECORD_FIELD_NAMES}
        values["offences"] = list(self.offences)
        return values

    def digest(self, values: dict | None = None) -> str:
        """A hash of the record's values (``values()``, given when already made): equal for the
        same values however their times are zoned (instants are hashed as Unix times)."""
        values = self.values() if values is None else values
        text = "\x1f".join(map(_digest_text, map(values.__getitem__, RECORD_FIELD_NAMES)))
        return hashlib.sha256(text.encode()).hexdigest()


def _digest_text(value) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, datetime):
        return f"{value.timestamp():.0f}"
    if isinstance(value, list):
        return "\x1e".join(value)
    return str(value)


RECORD_FIELD_NAMES = tuple(name for name in CustodyRow.__dataclass_fields__ if name != "line")


@dataclass
class ExtractResult:
    rows: list[CustodyRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: int = 0
    rows_read: int = 0


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractRefused(f"The file is not UTF-8 text (byte {error.start + 1} cannot be read)") from error


def read_extract(data: bytes) -> ExtractResult:
    """Read a whole extract file. Line numbers count the header as line 1."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ExtractRefused("The file is empty: it needs a header row") from None
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ExtractRefused(f"The header is missing the required column(s): {', '.join(missing)}")
    positions = {name: columns.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in columns}

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            yield line, {name: cells[index].strip() if index < len(cells) else "" for name, index in positions.items()}

    return check_rows(records())


def check_rows(records: Iterable[tuple[int, Mapping[str, object]]]) -> ExtractResult:
    """Validate rows given as (line, {column: value}); used for files and for the API's JSON."""
    result = ExtractResult()
    seen: dict[tuple[str, str], int] = {}
    for line, raw in records:
        result.rows_read += 1
        try:
            row = check_row(line, raw)
        except RowRejected as reason:
            result.errors.append({"line": line, "reason": str(reason)})
            continue
        if row is None:
            result.skipped += 1
            continue
        key = (row.force_code, row.custody_ref)
        if key in seen:
            # The later row in the same file wins: it is the newer state of the record.
            result.rows[seen[key]] = row
            continue
        seen[key] = len(result.rows)
        result.rows.append(row)
    return result


def _text(raw: Mapping[str, object], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowRejected(f"{name}: expected text, found {type(value).__name__}")
    return value.strip()


ALL_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)


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


def local_datetime(value: str, column: str) -> datetime | None:
    """A Europe/London wall-clock time as an aware datetime; times that do not exist
    (spring forward) or happen twice (fall back) are refused, never guessed."""
    if not value:
        return None
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
            raise ValueError(value)
    except ValueError:
        raise RowRejected(
            f"{column}: '{value}' is not a date and time (YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM)"
        ) from None
    zone = _london_hour(naive.year, naive.month, naive.day, naive.hour)
    if zone is GAP:
        raise RowRejected(f"{column}: {value} does not exist in UK time (the clocks went forward)")
    if zone is FOLD:
        raise RowRejected(f"{column}: {value} is ambiguous in UK time (the clocks went back, so it happened twice)")
    # A fixed offset (the hour's): the same instant and text as with LONDON, several times faster.
    return naive.replace(tzinfo=zone)


def _date(value: str, column: str) -> date:
    iso, uk = ISO_DATE.fullmatch(value), UK_DATE.fullmatch(value)
    try:
        if iso:
            return date(*map(int, iso.groups()))
        if uk:
            day, month, year = uk.groups()
            return date(int(year), int(month), int(day))
    except ValueError:
        pass
    raise RowRejected(f"{column}: '{value}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def age_on(day: date, date_of_birth: date) -> int:
    """Whole years, as dateutil's relativedelta counts them (a 29 February birthday falls on
    28 February in other years), without its cost."""
    if date_of_birth.month == 2 and date_of_birth.day == 29:
        return relativedelta(day, date_of_birth).years
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _choice(value: str, column: str, allowed: set[str]) -> str:
    if value and value not in allowed:
        raise RowRejected(f"{column}: '{value}' is not one of {', '.join(sorted(allowed))}")
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


def check_row(line: int, raw: Mapping[str, object]) -> CustodyRow | None:
    """A valid row, None for an adult (skipped), or RowRejected with the reason."""
    values = _texts(raw)
    if bad := _not_text(values):
        # Not quoted: the reason itself is stored (and a NUL cannot be).
        raise RowRejected(f"{bad}: has characters that are not text (a NUL or a broken character)")
    for name in REQUIRED_COLUMNS:
        if not values[name]:
            raise RowRejected(f"{name}: is required")
    for name in ("surname", "forenames"):
        if not NAME.match(values[name]):
            raise RowRejected(f"{name}: '{values[name]}' has characters a name cannot have")
    if len(values["custody_ref"]) > 40 or len(values["force_code"]) > 10:
        raise RowRejected("force_code or custody_ref: too long")

    detained_at = local_datetime(values["detained_at"], "detained_at")
    date_of_birth = _date(values["date_of_birth"], "date_of_birth")
    age = age_on(detained_at.date(), date_of_birth)
    if date_of_birth > detained_at.date():
        raise RowRejected("date_of_birth: is after detained_at")
    if age >= ADULT_AGE:
        return None
    if age < MINIMUM_AGE:
        raise RowRejected(f"date_of_birth: the child was {age} when detained, under the age of criminal responsibility")

    times = {
        name: local_datetime(values[name], name)
        for name in ("charged_at", "released_at", "aa_requested_at", "aa_arrived_at")
    }
    for name, value in times.items():
        if value is not None and value < detained_at and name != "aa_requested_at":
            raise RowRejected(f"{name}: is before detained_at")
    if times["aa_requested_at"] and times["aa_arrived_at"] and times["aa_arrived_at"] < times["aa_requested_at"]:
        raise RowRejected("aa_arrived_at: is before aa_requested_at")
    if times["charged_at"] and times["released_at"] and times["released_at"] < times["charged_at"]:
        raise RowRejected("released_at: is before charged_at")

    gender = values["gender"].upper()
    _choice(gender, "gender", {"M", "F", "X"})
    ethnicity = _choice(values["ethnicity"].upper(), "ethnicity", ETHNICITY)
    pnc_id = values["pnc_id"].upper()
    if pnc_id and not PNC_ID.match(pnc_id):
        raise RowRejected(f"pnc_id: '{values['pnc_id']}' is not a PNC ID such as 23/123456A")
    postcode = " ".join(values["postcode"].upper().split())
    if postcode and not POSTCODE.match(postcode):
        raise RowRejected(f"postcode: '{values['postcode']}' is not a UK postcode")
    looked_after = {"Y": True, "N": False, "": None}.get(values["looked_after"].upper(), "bad")
    if looked_after == "bad":
        raise RowRejected(f"looked_after: '{values['looked_after']}' is not Y, N or empty")

    return CustodyRow(
        line=line,
        force_code=values["force_code"].upper(),
        custody_ref=values["custody_ref"],
        detained_at=detained_at,
        surname=values["surname"],
        forenames=values["forenames"],
        date_of_birth=date_of_birth,
        suite=values["suite"],
        gender=gender,
        ethnicity=ethnicity,
        pnc_id=pnc_id,
        postcode=postcode,
        home_local_authority=values["home_local_authority"],
        looked_after=looked_after,
        responsible_local_authority=values["responsible_local_authority"],
        offences=[offence.strip() for offence in values["offences"].split(";") if offence.strip()],
        outcome=_choice(values["outcome"].lower(), "outcome", OUTCOMES),
        ld_screening=_choice(values["ld_screening"].lower(), "ld_screening", LD_SCREENING),
        s38_6=_choice(values["s38_6"].lower(), "s38_6", S38_6),
        **times,
    )
