"""Loading custody rows: idempotent on (force_code, custody_ref), matched to children,
in batches so that a failure half-way leaves whole batches and a re-run completes."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from cases.models import Child
from yjs.bulk import IdReserve, copy_rows

from .children import unknown_child_fields
from .extract import RECORD_FIELD_NAMES, REQUIRED_COLUMNS, CheckedRows, CustodyRow, digest_of, record_fields
from .lookups import RECORDS_BY_REF, fetch
from .matching import ChildNames, NamesAhead, match_rows, name_words, pnc_holders
from .models import CustodyRecord, CustodyRecordChange, MatchCandidate, MatchStatus
from .pipeline import BatchWriter, close_connection, cycle_collector_paused, threads_switching_often

BATCH_SIZE = 2000
# A run that adds this many rows to a table or more (a bulk load, not a morning's few hundred
# records) has its planner statistics refreshed when it ends.
STATISTICS_REFRESH_ROWS = 2000
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
        ("pnc", row.pnc_id) if row.pnc_id else (name_words(row.surname), name_words(row.forenames), row.date_of_birth)
        for row in rows
    ]
    distinct: dict[tuple, CustodyRow] = {}
    for key, row in zip(keys, rows, strict=True):
        distinct.setdefault(key, row)
    people = list(distinct.values())
    columns, values = _copy_values(
        Child,
        [unknown_child_fields(row) for row in people],
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
    found = fetch(RECORDS_BY_REF, [[force for force, _ in keys], [ref for _, ref in keys]])
    stored = {(force_code, custody_ref): (pk, row_hash) for pk, force_code, custody_ref, row_hash in found}
    holders = pnc_holders(list({row.pnc_id for row in rows if row.pnc_id}))
    if names is None:
        return BatchReads(stored, holders)
    unmatched = {
        row.date_of_birth
        for row in rows
        if (row.force_code, row.custody_ref) not in stored and not (row.pnc_id and row.pnc_id in holders)
    }
    return BatchReads(stored, holders, names.read_ahead(unmatched))


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
        reader.submit(close_connection)
        reader.shutdown()
    return total


def grown_tables(counts: LoadCounts) -> list[str]:
    """The tables a load grew by ``STATISTICS_REFRESH_ROWS`` rows or more: their planner statistics,
    made before it, are to be refreshed (``custody.ingest``), rather than left to autovacuum."""
    grown = {
        CustodyRecord._meta.db_table: counts.created,
        CustodyRecordChange._meta.db_table: counts.updated,
        Child._meta.db_table: len(counts.new_child_ids),
    }
    return [table for table, rows in grown.items() if rows >= STATISTICS_REFRESH_ROWS]


def _in_batches(rows: Iterable[CustodyRow]) -> Iterator[list[CustodyRow]]:
    """Batches of ``BATCH_SIZE`` rows. Large batches start small (an eighth, a quarter, a half):
    the first is written sooner, while the next, larger ones are planned."""
    rows = iter(rows)
    sizes = [BATCH_SIZE // 8, BATCH_SIZE // 4, BATCH_SIZE // 2] if BATCH_SIZE >= 1000 else []
    while batch := list(islice(rows, sizes.pop(0) if sizes else BATCH_SIZE)):
        yield batch
