"""Loading custody rows: idempotent on (force_code, custody_ref), matched to children,
in batches so that a failure half-way leaves whole batches and a re-run completes."""

import gc
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import chain, islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from psycopg import sql
from rapidfuzz import fuzz, process

from cases.models import Child, ChildAlias, Ethnicity
from cases.search import normalise
from yjs.bulk import IdReserve, copy_rows

from .extract import RECORD_FIELD_NAMES, REQUIRED_COLUMNS, CheckedRows, CustodyRow, digest_of, record_fields
from .models import CustodyRecord, CustodyRecordChange, MatchCandidate, MatchStatus

BATCH_SIZE = 2000
# Queries of the hot path in plain SQL, with ``= ANY(array)``: one parameter rather than thousands.
_TABLES = {
    "child": sql.Identifier(Child._meta.db_table),
    "alias": sql.Identifier(ChildAlias._meta.db_table),
    "record": sql.Identifier(CustodyRecord._meta.db_table),
}
# But the children the ingest made itself (runs of ids, first and last), unchanged since: known
# already, and most of what changed. Of every birthday: a few rows, found by the updated_at index.
CHILDREN_CHANGED_SINCE = sql.SQL(
    "SELECT id, date_of_birth, surname, forenames FROM {child} c WHERE updated_at >= %s "
    "AND (updated_at <> created_at OR NOT EXISTS "
    "(SELECT FROM unnest(%s::bigint[], %s::bigint[]) AS made(first, last) WHERE c.id BETWEEN made.first AND made.last))"
).format(**_TABLES)
CHILDREN_AND_ALIASES_BORN_ON = sql.SQL(
    "SELECT id, date_of_birth, surname, forenames FROM {child} WHERE date_of_birth = ANY(%s) "
    "UNION ALL SELECT a.child_id, c.date_of_birth, a.surname, a.forenames FROM {alias} a "
    "JOIN {child} c ON c.id = a.child_id WHERE c.date_of_birth = ANY(%s)"
).format(**_TABLES)
CHILDREN_BY_PNC_ID = sql.SQL("SELECT pnc_id, id FROM {child} WHERE pnc_id = ANY(%s)").format(**_TABLES)
# The rows' (force_code, custody_ref) pairs joined to that unique index: an index probe per row,
# whatever the planner believes of how many records a force has. (With ``force_code = ANY(…) AND
# custody_ref = ANY(…)``, the embedded PostgreSQL 16, its statistics made before a large first load,
# took each force's records by the first column and filtered them by the array of references: 3.5 s
# a batch by the end of a 100,000-row file, against 6 ms so.)
# Read without locks: a changed record is locked when it is written (``_update_changed``).
RECORDS_BY_REF = sql.SQL(
    "SELECT r.id, r.force_code, r.custody_ref, r.row_hash "
    "FROM unnest(%s::text[], %s::text[]) AS k(force_code, custody_ref) "
    "JOIN {record} r ON r.force_code = k.force_code AND r.custody_ref = k.custody_ref"
).format(**_TABLES)


def _text(query: sql.Composable) -> str:
    """The query as text (Django's cursor wrappers log and slice it)."""
    connection.ensure_connection()
    return query.as_string(connection.connection)


RECORD_FIELDS = list(RECORD_FIELD_NAMES)


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    touched_record_ids: list[int] = field(default_factory=list)
    # Children "not known to the YJS" the rows brought: their search keys are still to write.
    new_child_ids: list[int] = field(default_factory=list)

    def add(self, other: "LoadCounts") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.touched_record_ids += other.touched_record_ids
        self.new_child_ids += other.new_child_ids


@dataclass
class Match:
    child_id: int | None
    status: str
    score: float | None
    candidates: list[tuple[int, float]] = field(default_factory=list)


def name_score(row_names: tuple[str, str], child_names: Sequence[tuple[str, str]]) -> float:
    """0–100: the best match of the police's name (surname, forenames) against the
    child's names and aliases. Word order is ignored, so swapped forenames match;
    accents, hyphens and apostrophes are normalised away."""
    wanted = normalise(f"{row_names[1]} {row_names[0]}")
    return round(
        max(
            (fuzz.token_sort_ratio(wanted, normalise(f"{forenames} {surname}")) for surname, forenames in child_names),
            default=0.0,
        ),
        1,
    )


@lru_cache(maxsize=65536)
def _name_words(text: str) -> tuple[str, ...]:
    """``normalise(text).split()``, remembered: the same names come up again and again."""
    if text.isascii() and text.isalpha():
        return (text.lower(),)
    return tuple(normalise(text).split())


def _sorted_tokens(surname: str, forenames: str) -> str:
    """A name as ``name_score`` compares it: normalised, its words in order (token_sort_ratio)."""
    if surname.isalpha() and forenames.isalpha() and surname.isascii() and forenames.isascii():
        # The usual name, one plain word each: what the general case gives, without its cost.
        first, second = forenames.lower(), surname.lower()
        return f"{first} {second}" if first <= second else f"{second} {first}"
    return " ".join(sorted(_name_words(forenames) + _name_words(surname)))


@dataclass
class NamesAhead:
    """Names read ahead of the batch that needs them (``ChildNames.read_ahead``): when, the
    birthdays read whole, and the rows: theirs, and those of children changed since the names
    before were read."""

    at: datetime
    dobs: set[date]
    rows: list[tuple[int, date, str, str]]


class ChildNames:
    """The children's names by date of birth, normalised once for a whole ingest and loaded as
    batches need them (read ahead on another thread, or when loaded); the children an ingest
    creates are added as it goes, and the children anyone else adds or renames meanwhile, on any
    birthday loaded, are read again with each batch's names."""

    def __init__(self) -> None:
        # Every change to the children born on the days loaded is known up to this time.
        self.loaded_at: datetime | None = None
        self._dobs: set[date] = set()
        # Per date of birth: the (name, child) pairs seen, and the same as two parallel lists
        # (rapidfuzz's choices, and whose each is), both only ever appended to.
        self._seen: dict[date, set[tuple[str, int]]] = {}
        self._choices: dict[date, tuple[list[str], list[int]]] = {}
        # The children the ingest made, by when: runs of ids, (first, last).
        self._made: list[tuple[datetime, list[tuple[int, int]]]] = []

    def read_ahead(self, dobs: set[date]) -> NamesAhead:
        """Read what ``load`` will need for a batch of these birthdays, on the reading thread while
        the planning thread works (a child added meanwhile is found with a later batch's names)."""
        at = timezone.now()
        missing = dobs - self._dobs  # one step under the GIL: safe while the set grows
        rows = self._fetch(CHILDREN_AND_ALIASES_BORN_ON, [list(missing)] * 2) if missing else []
        if (since := self.loaded_at) is not None:
            rows += self._changed_since(since)
        return NamesAhead(at, missing, rows)

    def load(self, dobs: set[date], ahead: NamesAhead | None = None) -> None:
        """Have the names of the children born on these days, up to date."""
        if ahead is not None:
            self._dobs |= ahead.dobs
            known_at = ahead.at
            rows = ahead.rows
        else:
            known_at = timezone.now()
            rows = self._changed_since(self.loaded_at) if self.loaded_at is not None else []
        self._add_all([row for row in rows if row[1] in self._dobs])
        if missing := dobs - self._dobs:
            self._add_all(self._fetch(CHILDREN_AND_ALIASES_BORN_ON, [list(missing), list(missing)]))
            self._dobs |= missing
        # A second's overlap, for clocks.
        self.loaded_at = known_at - timedelta(seconds=1)
        self._made = [(at, runs) for at, runs in self._made if at >= self.loaded_at - timedelta(seconds=2)]

    def _changed_since(self, since: datetime) -> list[tuple[int, date, str, str]]:
        """The children added or renamed since then, on any birthday, but those the ingest made."""
        made = [run for at, runs in list(self._made) if at >= since - timedelta(seconds=1) for run in runs]
        return self._fetch(CHILDREN_CHANGED_SINCE, [since, [first for first, _ in made], [last for _, last in made]])

    def made(self, child_ids: list[int]) -> None:
        """Note the children the ingest has just made (their names already ``add``-ed)."""
        runs: list[list[int]] = []
        for child_id in sorted(child_ids):
            if runs and child_id == runs[-1][1] + 1:
                runs[-1][1] = child_id
            else:
                runs.append([child_id, child_id])
        self._made.append((timezone.now(), [(first, last) for first, last in runs]))

    @staticmethod
    def _fetch(query: sql.Composable, params: list) -> list[tuple[int, date, str, str]]:
        # Up to every child: rows as the driver gives them, without the model layer.
        with connection.cursor() as cursor:
            cursor.execute(_text(query), params)
            return cursor.fetchall()

    def _add_all(self, rows: list[tuple[int, date, str, str]]) -> None:
        add = self.add
        for child_id, dob, surname, forenames in rows:
            add(child_id, dob, surname, forenames)

    def add(self, child_id: int, dob: date, surname: str, forenames: str) -> None:
        pair = (_sorted_tokens(surname, forenames), child_id)
        seen = self._seen.get(dob)
        if seen is None:
            seen = self._seen[dob] = set()
            self._choices[dob] = ([], [])
        if pair not in seen:
            seen.add(pair)
            names, owners = self._choices[dob]
            names.append(pair[0])
            owners.append(child_id)

    def choices(self, dob: date) -> tuple[list[str], list[int]]:
        """Every name of the children born on ``dob``, and whose each is."""
        return self._choices.get(dob, ((), ()))


def match_rows(
    rows: Sequence[CustodyRow],
    names: ChildNames | None = None,
    made: Mapping[str, int] | None = None,
    holders: Mapping[str, int] | None = None,
    names_ahead: NamesAhead | None = None,
) -> list[Match]:
    """Match each row: PNC ID exactly; else date of birth and name similarity (as ``name_score``,
    computed over all the day's names at once). ``made``: the children by PNC ID that earlier
    batches of the ingest made (perhaps not committed yet); ``holders``: the stored children
    holding the rows' PNC IDs, when already read (``batch_reads``)."""
    confident, possible = settings.CUSTODY_MATCH_CONFIDENT, settings.CUSTODY_MATCH_POSSIBLE
    made = made or {}
    wanted = {row.pnc_id for row in rows if row.pnc_id}
    by_pnc = {pnc_id: made[pnc_id] for pnc_id in wanted if pnc_id in made}
    if holders is None:
        holders = _pnc_holders(list(wanted - by_pnc.keys()))
    by_pnc = {**holders, **by_pnc}
    names = names or ChildNames()
    names.load({row.date_of_birth for row in rows if not (row.pnc_id and row.pnc_id in by_pnc)}, names_ahead)

    matches = []
    extract, ratio = process.extract, fuzz.ratio
    for row in rows:
        if row.pnc_id and row.pnc_id in by_pnc:
            matches.append(Match(by_pnc[row.pnc_id], MatchStatus.MATCHED, 100.0))
            continue
        choices, owners = names.choices(row.date_of_birth)
        found = ()
        if choices:
            found = extract(
                _sorted_tokens(row.surname, row.forenames),
                choices,
                scorer=ratio,
                processor=None,
                score_cutoff=possible,
                limit=None,
            )
        if not found:
            matches.append(Match(None, MatchStatus.CREATED, None))
            continue
        best: dict[int, float] = {}
        for _, score, index in found:
            child_id = owners[index]
            best[child_id] = max(best.get(child_id, 0.0), round(score, 1))
        likely = list(best.items()) if len(best) == 1 else sorted(best.items(), key=lambda pair: -pair[1])
        if len(likely) == 1 and likely[0][1] >= confident:
            matches.append(Match(likely[0][0], MatchStatus.MATCHED, likely[0][1]))
        else:
            matches.append(Match(None, MatchStatus.REVIEW, likely[0][1], likely[:5]))
    return matches


def _copy_values(model: type[Model], rows: list[dict], ids: IdReserve) -> tuple[list[str], list[list]]:
    """New rows of ``model`` for a binary ``copy_rows`` (given as column values by field name; every other
    field takes its default), ids taken from ``ids``: the columns, and each row's values, its id first."""
    fields = [model_field for model_field in model._meta.concrete_fields if not model_field.primary_key]
    now = timezone.now()
    template = {}
    for model_field in fields:
        if model_field.get_internal_type() == "JSONField":
            raise ValueError(f"{model.__name__}.{model_field.name}: JSON fields are not written by _copy_values")
        automatic = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
        template[model_field.attname] = now if automatic else model_field.get_default()
    columns = ["id", *(model_field.column for model_field in fields)]
    return columns, [[pk, *({**template, **row}.values())] for pk, row in zip(ids.take(len(rows)), rows, strict=True)]


def _unknown_children(rows: list[CustodyRow], state: "IngestState") -> tuple[list[int], list[str], list[list]]:
    """One child "not known to the YJS" per distinct person among the rows: the same PNC ID
    is one person (two children cannot share one), otherwise the same name and date of birth.
    Each row's child id, and the new children's columns and values for ``copy_rows``. The
    children are added to the ingest's names and, by PNC ID, to the children it made."""
    keys = [
        ("pnc", row.pnc_id) if row.pnc_id else (_name_words(row.surname), _name_words(row.forenames), row.date_of_birth)
        for row in rows
    ]
    distinct: dict[tuple, CustodyRow] = {}
    for key, row in zip(keys, rows, strict=True):
        distinct.setdefault(key, row)
    people = list(distinct.values())
    columns, values = _copy_values(
        Child,
        [
            {
                "surname": row.surname,
                "forenames": row.forenames,
                "date_of_birth": row.date_of_birth,
                "gender": row.gender,
                "ethnicity": row.ethnicity or Ethnicity.NOT_STATED,
                "pnc_id": row.pnc_id,
                "postcode": row.postcode,
                "home_local_authority": row.home_local_authority,
                "looked_after": bool(row.looked_after),
                "responsible_local_authority": row.responsible_local_authority,
                "known_to_yjs": False,
            }
            for row in people
        ],
        state.child_ids,
    )
    ids = [child[0] for child in values]
    # Their search keys are written after the batch (cases.tasks.child_search_keys_build_task).
    child_of = dict(zip(distinct, ids, strict=True))
    for row, pk in zip(people, ids, strict=True):
        state.names.add(pk, row.date_of_birth, row.surname, row.forenames)
        if row.pnc_id:
            state.made[row.pnc_id] = pk
    state.names.made(ids)
    return [child_of[key] for key in keys], columns, values


def _record_values(row: CustodyRow) -> dict:
    values = row.values()
    values["row_hash"] = row.digest(values)
    return values


RECORD_COLUMNS = [
    *RECORD_FIELDS,
    "row_hash",
    "child_id",
    "match_status",
    "match_score",
    "ingest_run_id",
    "first_seen_at",
    "updated_at",
    "police_decision_note",
]


@dataclass
class IngestState:
    """What an ingest carries from batch to batch: the children's names, the children it made by
    PNC ID (perhaps not committed yet) and new ids taken ahead from the sequences."""

    child_ids: IdReserve
    record_ids: IdReserve
    names: ChildNames = field(default_factory=ChildNames)
    made: dict[str, int] = field(default_factory=dict)

    @classmethod
    def expecting(cls, rows: int) -> "IngestState":
        """For an ingest of up to ``rows`` rows: ids are taken for ten batches at a time, and
        never for more rows than there are."""
        block = max(1, min(rows, BATCH_SIZE * 10))
        return cls(child_ids=IdReserve(Child, block), record_ids=IdReserve(CustodyRecord, block))


@dataclass
class BatchPlan:
    """What loading a batch writes, worked out by reading alone (``batch_plan``): it can be
    made while an earlier batch is still being written."""

    unchanged: int = 0
    # (record id, the row's values and hash, the optional columns it gave if not all): locked,
    # compared and updated when written.
    changed: list[tuple[int, dict, frozenset[str] | None]] = field(default_factory=list)
    child_columns: list[str] = field(default_factory=list)
    children: list[list] = field(default_factory=list)
    records: list[tuple] = field(default_factory=list)  # binary COPY values, id first
    candidates: list[tuple[int, int, float]] = field(default_factory=list)  # (record id, child id, score)


@dataclass
class BatchReads:
    """What a batch's plan reads first, by itself: the batch's records already stored (their id
    and hash by key) and the stored children holding its PNC IDs."""

    stored: dict[tuple[str, str], tuple[int, str]]
    holders: dict[str, int]
    names: NamesAhead | None = None  # the names the new rows' matching needs, if read ahead


def batch_reads(rows: Sequence[CustodyRow], names: ChildNames | None = None) -> BatchReads:
    """``BatchReads`` of the rows: on a thread of its own, read while the batch before is planned;
    with ``names``, the ingest's, the names its new rows will be matched against, too."""
    keys = {(row.force_code, row.custody_ref) for row in rows}
    # Hashes first: a re-ingested file is mostly unchanged rows, read without their records.
    with connection.cursor() as cursor:
        cursor.execute(_text(RECORDS_BY_REF), [[force for force, _ in keys], [ref for _, ref in keys]])
        stored = {
            (force_code, custody_ref): (pk, row_hash) for pk, force_code, custody_ref, row_hash in cursor.fetchall()
        }
    holders = _pnc_holders(list({row.pnc_id for row in rows if row.pnc_id}))
    if names is None:
        return BatchReads(stored, holders)
    unmatched = {
        row.date_of_birth
        for row in rows
        if (row.force_code, row.custody_ref) not in stored and not (row.pnc_id and row.pnc_id in holders)
    }
    return BatchReads(stored, holders, names.read_ahead(unmatched))


def _pnc_holders(pnc_ids: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(_text(CHILDREN_BY_PNC_ID), [pnc_ids])
        return dict(cursor.fetchall())


def batch_plan(
    rows: Sequence[CustodyRow],
    *,
    ingest_run=None,
    state: IngestState | None = None,
    reads: BatchReads | None = None,
) -> BatchPlan:
    """Find each row's record (new, changed or unchanged), match the new ones to children and
    number the records and the children to create; reads, but writes nothing and locks nothing.
    ``state`` carries what earlier batches of the ingest made; ``reads``: the batch's
    ``batch_reads``, when already read."""
    state = state or IngestState.expecting(len(rows))
    plan = BatchPlan()
    reads = reads or batch_reads(rows)
    stored = reads.stored
    new_rows = []
    for row in rows:
        fields = record_fields(row)
        row_hash = digest_of(fields)
        found = stored.get((row.force_code, row.custody_ref))
        if found is None:
            new_rows.append((row, fields, row_hash))
        elif found[1] == row_hash:
            plan.unchanged += 1
        else:
            plan.changed.append((found[0], row.values() | {"row_hash": row_hash}, row.columns))
    if not new_rows:
        return plan

    matches = match_rows([row for row, _, _ in new_rows], state.names, state.made, reads.holders, reads.names)
    unknown = [row for (row, _, _), match in zip(new_rows, matches, strict=True) if match.status == MatchStatus.CREATED]
    unknown_ids = iter(())
    if unknown:
        child_ids, plan.child_columns, plan.children = _unknown_children(unknown, state)
        unknown_ids = iter(child_ids)
    now = timezone.now()
    run_id = ingest_run.pk if ingest_run is not None else None
    record_ids = state.record_ids.take(len(new_rows))
    for pk, (_, fields, row_hash), match in zip(record_ids, new_rows, matches, strict=True):
        child_id = next(unknown_ids) if match.status == MatchStatus.CREATED else match.child_id
        plan.records.append((pk, *fields, row_hash, child_id, match.status, match.score, run_id, now, now, ""))
        plan.candidates += [(pk, child_id, score) for child_id, score in match.candidates]
    return plan


def _update_changed(
    changed_rows: list[tuple[int, dict, frozenset[str] | None]], ingest_run, counts: LoadCounts
) -> None:
    """Update the changed records, each with its history; locked first, and compared as they are
    then (another ingest may have changed them since the plan was made). A row from a file (or a
    push) without some optional columns changes only the fields it gave: the others keep what
    was stored, and the record's hash is made again from what it then holds."""
    records = CustodyRecord.objects.select_for_update().in_bulk([pk for pk, _, _ in changed_rows])
    changed, history, rehashed = [], [], []
    for pk, values, columns in changed_rows:
        record = records[pk]
        diff = {
            name: [_plain(getattr(record, name)), _plain(values[name])]
            for name in (RECORD_FIELD_NAMES if columns is None else _fields_given(columns))
            if getattr(record, name) != values[name]
        }
        if not diff:
            if columns is None:
                # The same values under a hash made another way (an older release): unchanged.
                rehashed.append(CustodyRecord(pk=pk, row_hash=values["row_hash"]))
            else:
                counts.unchanged += 1
            continue
        for name in diff:
            setattr(record, name, values[name])
        record.row_hash = values["row_hash"] if columns is None else digest_of(record_fields(record))
        record.ingest_run = ingest_run
        changed.append(record)
        history.append(CustodyRecordChange(record=record, ingest_run=ingest_run, changes=diff))
    CustodyRecord.objects.bulk_update(rehashed, ["row_hash"])
    counts.unchanged += len(rehashed)
    CustodyRecord.objects.bulk_update(changed, [*RECORD_FIELDS, "row_hash", "ingest_run", "updated_at"])
    CustodyRecordChange.objects.bulk_create(history)
    counts.updated = len(changed)
    counts.touched_record_ids += [record.pk for record in changed]


@lru_cache(maxsize=1024)
def _fields_given(columns: frozenset[str]) -> tuple[str, ...]:
    """The record's fields a row with these optional columns gives: the required ones, and those."""
    return tuple(name for name in RECORD_FIELD_NAMES if name in REQUIRED_COLUMNS or name in columns)


# No savepoint of its own: within a transaction, a failure rolls back the enclosing one, whole.
@transaction.atomic(savepoint=False)
def load_batch(
    rows: Sequence[CustodyRow],
    *,
    ingest_run=None,
    state: IngestState | None = None,
    plan: BatchPlan | None = None,
) -> LoadCounts:
    """Create, update or leave each row's record; all of the batch or none of it. ``plan``: the
    batch's ``batch_plan``, when already made (by the thread reading ahead of the writes)."""
    if plan is None:
        plan = batch_plan(rows, ingest_run=ingest_run, state=state)
    counts = LoadCounts(unchanged=plan.unchanged)
    if plan.changed:
        _update_changed(plan.changed, ingest_run, counts)
    if plan.children:
        copy_rows(Child, plan.child_columns, plan.children, binary=True)
        counts.new_child_ids += sorted(child[0] for child in plan.children)
    if plan.records:
        copy_rows(CustodyRecord, ["id", *RECORD_COLUMNS], plan.records, binary=True)
        if plan.candidates:
            copy_rows(MatchCandidate, ["record_id", "child_id", "score"], plan.candidates, binary=True)
        counts.created = len(plan.records)
        counts.touched_record_ids += [record[0] for record in plan.records]
    return counts


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def load_rows(
    rows: Sequence[CustodyRow] | CheckedRows,
    *,
    ingest_run=None,
    on_batch: Callable[[Sequence[CustodyRow], LoadCounts], None] | None = None,
) -> LoadCounts:
    """Load rows batch by batch, taking them as they come (``CheckedRows`` checks them as it
    goes); ``on_batch(batch, counts_so_far)`` reports progress, in the batch's transaction."""
    with cycle_collector_paused():
        return _load_rows(rows, ingest_run=ingest_run, on_batch=on_batch)


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a large ingest runs, then resumed as it was found.
    Left running, it walks the file's rows, the children's names and the batches' plans (a
    million objects, all alive) again and again: a quarter of the ingest's time. Few cycles
    are made meanwhile, and they are collected once it resumes. The pause is the process's,
    so it is kept to the ingest's length."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


SWITCH_INTERVAL = 0.001  # seconds: Python's is 0.005
_switching = threading.Lock()
_switching_users = 0  # the ingests running, and the interval found before the first
_switching_found = 0.005


@contextmanager
def threads_switching_often() -> Iterator[None]:
    """Python's threads made to hand each other the GIL every millisecond, rather than every
    five, while the ingest's threads run. The writing and reading threads wait on PostgreSQL,
    then for the GIL, which the planning thread holds, busy in Python: up to five milliseconds
    every time, several times a batch (10% of an ingest's time). The interval is the process's:
    set while any ingest runs, then put back as it was found."""
    global _switching_users, _switching_found
    with _switching:
        if _switching_users == 0:
            _switching_found = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switching_found))
        _switching_users += 1
    try:
        yield
    finally:
        with _switching:
            _switching_users -= 1
            if _switching_users == 0:
                sys.setswitchinterval(_switching_found)


def _load_rows(
    rows: Sequence[CustodyRow] | CheckedRows,
    *,
    ingest_run=None,
    on_batch: Callable[[Sequence[CustodyRow], LoadCounts], None] | None = None,
) -> LoadCounts:
    """``load_rows``.

    Each batch is planned (read, matched) on this thread and written on a writer thread with a
    database connection of its own, in order, so that PostgreSQL writes one batch while Python
    plans the next: two cores busy rather than one. Called inside a transaction, the batches are
    written here instead (another connection could not see what the transaction holds)."""
    total = LoadCounts()
    state = IngestState.expecting(rows.total if isinstance(rows, CheckedRows) else len(rows))

    def write(batch: Sequence[CustodyRow], plan: BatchPlan | None) -> None:
        with transaction.atomic():
            total.add(load_batch(batch, ingest_run=ingest_run, state=state, plan=plan))
            if on_batch:
                on_batch(batch, total)

    batches = _in_batches(rows)
    first_two = list(islice(batches, 2))
    if connection.in_atomic_block or len(first_two) < 2:
        for batch in chain(first_two, batches):
            write(batch, None)
        return total
    # A third connection reads each batch's stored records ahead, while the one before is planned.
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="custody-ingest-reader")
    try:
        with threads_switching_often(), BatchWriter(write) as writer:
            batch, following = first_two
            ahead = reader.submit(batch_reads, batch, state.names)
            while batch is not None:
                reads = ahead.result()
                if following is not None:
                    ahead = reader.submit(batch_reads, following, state.names)
                writer.put(batch, batch_plan(batch, ingest_run=ingest_run, state=state, reads=reads))
                # Rows given as they are read and checked (``CheckedRows``) are checked here, meanwhile.
                batch, following = following, next(batches, None)
    finally:
        reader.submit(_close_connection)
        reader.shutdown()
    return total


def _in_batches(rows: Iterable[CustodyRow]) -> Iterator[list[CustodyRow]]:
    """Batches of ``BATCH_SIZE`` rows. Large batches start small (an eighth, a quarter, a half):
    the first is written sooner, while the next, larger ones are planned."""
    rows = iter(rows)
    sizes = [BATCH_SIZE // 8, BATCH_SIZE // 4, BATCH_SIZE // 2] if BATCH_SIZE >= 1000 else []
    while batch := list(islice(rows, sizes.pop(0) if sizes else BATCH_SIZE)):
        yield batch


def _close_connection() -> None:
    """Close the calling thread's database connection (Django's are one per thread)."""
    connection.close()


class BatchWriter:
    """A thread writing batches in order, each with ``write(batch, plan)``, on a database
    connection of its own (closed when done). At most ``ahead`` batches wait, so memory stays
    flat. Its first error stops it, and is raised on the planning thread by the next ``put`` or
    at the end of the ``with`` block; an error on the planning thread stops it too (the batch
    being written is finished or rolled back, whole)."""

    def __init__(self, write: Callable[[Sequence[CustodyRow], BatchPlan], None], ahead: int = 2) -> None:
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="custody-ingest-writer", daemon=True)

    def __enter__(self) -> "BatchWriter":
        self._thread.start()
        return self

    def put(self, batch: Sequence[CustodyRow], plan: BatchPlan) -> None:
        while True:
            self._raise_error()
            try:
                self._queue.put((batch, plan), timeout=0.05)
                return
            except queue.Full:
                continue

    def __exit__(self, kind, error, traceback) -> None:
        if error is not None:
            self._stop.set()
        else:
            while self._thread.is_alive() and self._error is None:
                try:
                    self._queue.put(None, timeout=0.05)
                    break
                except queue.Full:
                    continue
        self._thread.join()
        if error is None:
            self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    item = self._queue.get(timeout=0.05)
                except queue.Empty:
                    continue
                if item is None:
                    return
                self._write(*item)
        except BaseException as error:  # raised again on the planning thread
            self._error = error
        finally:
            _close_connection()


# --- The review queue ---------------------------------------------------------------------------


@transaction.atomic
def review_match_resolve(*, record: CustodyRecord, by, child_id: int | None = None) -> CustodyRecord:
    """Resolve a record waiting in the review queue: link it to one of its candidates
    (``child_id``), or (``child_id`` None) create a new child not known to the YJS. Audited,
    kept in the record's history; the people the record concerns are then told."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from cases.services import child_search_keys_refresh
    from yjs.audit import audit_record
    from yjs.models import AuditAction

    from . import permissions
    from .ingest import NOTIFY_QUEUE, _notify

    if not permissions.can_resolve(by):
        raise PermissionDenied("Only a police officer or a team manager can resolve a match.")
    record = CustodyRecord.objects.select_for_update().get(pk=record.pk)
    if record.match_status != MatchStatus.REVIEW:
        raise ValidationError({"child": "This record has already been matched"})
    candidates = dict(record.candidates.values_list("child_id", "score"))
    if child_id is not None:
        if child_id not in candidates:
            raise ValidationError({"child": "Select one of the possible children, or create a new child"})
        child = Child.objects.get(pk=child_id)
        status, score = MatchStatus.MATCHED, candidates[child_id]
    else:
        if record.pnc_id and (holder := Child.objects.filter(pnc_id=record.pnc_id).first()):
            raise ValidationError(
                {"child": f"{holder} already has the PNC ID {record.pnc_id}: link the record to them"}
            )
        child = Child.objects.create(
            surname=record.surname,
            forenames=record.forenames,
            date_of_birth=record.date_of_birth,
            gender=record.gender,
            ethnicity=record.ethnicity or Ethnicity.NOT_STATED,
            pnc_id=record.pnc_id,
            postcode=record.postcode,
            home_local_authority=record.home_local_authority,
            looked_after=bool(record.looked_after),
            responsible_local_authority=record.responsible_local_authority,
            known_to_yjs=False,
        )
        child_search_keys_refresh(child=child)
        audit_record(actor=by, action=AuditAction.CREATE, obj=child, detail={"from_custody_record": record.pk})
        status, score = MatchStatus.CREATED, None
    record.child, record.match_status, record.match_score = child, status, score
    record.save(update_fields=["child", "match_status", "match_score", "updated_at"])
    CustodyRecordChange.objects.create(
        record=record, changes={"child": [None, child.pk], "match_status": [MatchStatus.REVIEW.value, status.value]}
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=record,
        detail={"match": "linked" if status == MatchStatus.MATCHED else "new_child", "child": child.pk},
    )
    _notify([record.pk], NOTIFY_QUEUE)
    return record
