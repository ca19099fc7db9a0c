"""Reading a custody extract: a file's bytes (or the API's rows) to ``CheckedRows``, each row
checked as it is iterated, each record once (its last valid row)."""

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter

from .checking import _check_values, check_row
from .format import (
    ALL_COLUMNS,
    REQUIRED_COLUMNS,
    CustodyRow,
    ExtractRefused,
    Key,
    RowRejected,
    columns_given,
    record_key,
)


@dataclass
class ExtractResult:
    """An extract read whole (``read_extract``, ``check_rows``): ``CheckedRows`` used up."""

    rows: list[CustodyRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: int = 0
    rows_read: int = 0
    repeated: list[dict] = field(default_factory=list)


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
