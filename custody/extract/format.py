"""The custody extract format, version 1 (DESIGN.md §5): its columns, their vocabularies (the
models' own choices), the checked row (``CustodyRow``) and the hash a record's values are
compared by."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo

from cases.models import Ethnicity, Gender

from ..models import CustodyOutcome, S386Status, ScreeningStatus

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
# The values a column may hold: those of the model's choices, never typed again here.
OUTCOMES = frozenset(CustodyOutcome.values)
LD_SCREENING = frozenset(ScreeningStatus.values)
S38_6 = frozenset(S386Status.values)
ETHNICITY = frozenset(Ethnicity.values)
GENDERS = frozenset(Gender.values)


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


Key = tuple[str, str]


def record_key(force_code: str, custody_ref: str) -> Key:
    """A record's key as a valid row gives it: (force code in capitals, custody reference)."""
    return (force_code.strip().upper(), custody_ref.strip())


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
