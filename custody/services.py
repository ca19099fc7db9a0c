"""Loading custody rows: idempotent on (force_code, custody_ref), matched to children,
in batches so that a failure half-way leaves whole batches and a re-run completes."""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from psycopg import sql
from rapidfuzz import fuzz, process

from cases.models import Child, ChildAlias, Ethnicity
from cases.search import normalise
from yjs.bulk import copy_rows, next_ids

from .extract import CustodyRow
from .models import CustodyRecord, CustodyRecordChange, MatchCandidate, MatchStatus

BATCH_SIZE = 2000
# Queries of the hot path in plain SQL, with ``= ANY(array)``: one parameter rather than thousands.
_TABLES = {
    "child": sql.Identifier(Child._meta.db_table),
    "alias": sql.Identifier(ChildAlias._meta.db_table),
    "record": sql.Identifier(CustodyRecord._meta.db_table),
}
CHILDREN_CHANGED_SINCE = sql.SQL(
    "SELECT id, date_of_birth, surname, forenames FROM {child} WHERE date_of_birth = ANY(%s) AND updated_at >= %s"
).format(**_TABLES)
CHILDREN_AND_ALIASES_BORN_ON = sql.SQL(
    "SELECT id, date_of_birth, surname, forenames FROM {child} WHERE date_of_birth = ANY(%s) "
    "UNION ALL SELECT a.child_id, c.date_of_birth, a.surname, a.forenames FROM {alias} a "
    "JOIN {child} c ON c.id = a.child_id WHERE c.date_of_birth = ANY(%s)"
).format(**_TABLES)
CHILDREN_BY_PNC_ID = sql.SQL("SELECT pnc_id, id FROM {child} WHERE pnc_id = ANY(%s)").format(**_TABLES)
# Both columns of the (force_code, custody_ref) unique index, so the lookup is an index probe per row.
RECORDS_BY_REF_FOR_UPDATE = sql.SQL(
    "SELECT id, force_code, custody_ref, row_hash FROM {record} "
    "WHERE force_code = ANY(%s) AND custody_ref = ANY(%s) FOR UPDATE"
).format(**_TABLES)


def _text(query: sql.Composable) -> str:
    """The query as text (Django's cursor wrappers log and slice it)."""
    connection.ensure_connection()
    return query.as_string(connection.connection)


RECORD_FIELDS = [name for name in CustodyRow.__dataclass_fields__ if name != "line"]


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
    return " ".join(sorted(_name_words(forenames) + _name_words(surname)))


class ChildNames:
    """The children's names by date of birth, normalised once for a whole ingest and loaded as
    batches need them; the children an ingest creates are added as it goes, and children
    changed by anyone since a date of birth was loaded are read again before each batch."""

    def __init__(self) -> None:
        self.loaded_at = None
        self._dobs: set[date] = set()
        # Per date of birth: the (name, child) pairs seen, and the same as two parallel lists
        # (rapidfuzz's choices, and whose each is), both only ever appended to.
        self._seen: dict[date, set[tuple[str, int]]] = {}
        self._choices: dict[date, tuple[list[str], list[int]]] = {}

    def load(self, dobs: set[date]) -> None:
        missing = dobs - self._dobs
        if self.loaded_at is not None and (seen := dobs & self._dobs):
            # Children added or renamed by someone else meanwhile (a second's overlap for clocks).
            self._read(CHILDREN_CHANGED_SINCE, [list(seen), self.loaded_at])
        self.loaded_at = timezone.now() - timedelta(seconds=1)
        if missing:
            self._read(CHILDREN_AND_ALIASES_BORN_ON, [list(missing), list(missing)])
            self._dobs |= missing

    def _read(self, query: sql.Composable, params: list) -> None:
        # Up to every child: rows as the driver gives them, without the model layer.
        with connection.cursor() as cursor:
            cursor.execute(_text(query), params)
            for child_id, dob, surname, forenames in cursor:
                self.add(child_id, dob, surname, forenames)

    def add(self, child_id: int, dob: date, surname: str, forenames: str) -> None:
        pair = (_sorted_tokens(surname, forenames), child_id)
        seen = self._seen.setdefault(dob, set())
        if pair not in seen:
            seen.add(pair)
            names, owners = self._choices.setdefault(dob, ([], []))
            names.append(pair[0])
            owners.append(child_id)

    def choices(self, dob: date) -> tuple[list[str], list[int]]:
        """Every name of the children born on ``dob``, and whose each is."""
        return self._choices.get(dob, ((), ()))


def match_rows(rows: Sequence[CustodyRow], names: ChildNames | None = None) -> list[Match]:
    """Match each row: PNC ID exactly; else date of birth and name similarity (as ``name_score``,
    computed over all the day's names at once)."""
    confident, possible = settings.CUSTODY_MATCH_CONFIDENT, settings.CUSTODY_MATCH_POSSIBLE
    with connection.cursor() as cursor:
        cursor.execute(_text(CHILDREN_BY_PNC_ID), [list({row.pnc_id for row in rows if row.pnc_id})])
        by_pnc = dict(cursor.fetchall())
    names = names or ChildNames()
    names.load({row.date_of_birth for row in rows if not (row.pnc_id and row.pnc_id in by_pnc)})

    matches = []
    for row in rows:
        if row.pnc_id and row.pnc_id in by_pnc:
            matches.append(Match(by_pnc[row.pnc_id], MatchStatus.MATCHED, 100.0))
            continue
        choices, owners = names.choices(row.date_of_birth)
        best: dict[int, float] = {}
        if choices:
            found = process.extract(
                _sorted_tokens(row.surname, row.forenames),
                choices,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=possible,
                limit=None,
            )
            for _, score, index in found:
                child_id = owners[index]
                best[child_id] = max(best.get(child_id, 0.0), round(score, 1))
        likely = sorted(best.items(), key=lambda pair: -pair[1])
        if len(likely) == 1 and likely[0][1] >= confident:
            matches.append(Match(likely[0][0], MatchStatus.MATCHED, likely[0][1]))
        elif likely:
            matches.append(Match(None, MatchStatus.REVIEW, likely[0][1], likely[:5]))
        else:
            matches.append(Match(None, MatchStatus.CREATED, None))
    return matches


def _copy_new(model: type[Model], rows: list[dict]) -> list[int]:
    """Insert ``rows`` (column values by field name; every other field takes its default)
    with COPY, ids taken from the table's sequence first; their ids, in order."""
    fields = [model_field for model_field in model._meta.concrete_fields if not model_field.primary_key]
    now = timezone.now()
    template = {}
    for model_field in fields:
        if model_field.get_internal_type() == "JSONField":
            raise ValueError(f"{model.__name__}.{model_field.name}: JSON fields are not written by _copy_new")
        automatic = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
        template[model_field.attname] = now if automatic else model_field.get_default()
    ids = next_ids(model, len(rows))
    copy_rows(
        model,
        ["id", *(model_field.column for model_field in fields)],
        ([pk, *({**template, **row}.values())] for pk, row in zip(ids, rows, strict=True)),
    )
    return ids


def _create_unknown_children(rows: list[CustodyRow], names: ChildNames | None = None) -> list[int]:
    """One child "not known to the YJS" per distinct person among the rows: the same PNC ID
    is one person (two children cannot share one), otherwise the same name and date of birth."""
    keys = [
        ("pnc", row.pnc_id) if row.pnc_id else (normalise(row.surname), normalise(row.forenames), row.date_of_birth)
        for row in rows
    ]
    distinct: dict[tuple, CustodyRow] = {}
    for key, row in zip(keys, rows, strict=True):
        distinct.setdefault(key, row)
    people = list(distinct.values())
    ids = _copy_new(
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
    )
    # Their search keys are written after the batch (cases.tasks.child_search_keys_build_task).
    child_of = dict(zip(distinct, ids, strict=True))
    if names is not None:
        for row, pk in zip(people, ids, strict=True):
            names.add(pk, row.date_of_birth, row.surname, row.forenames)
    return [child_of[key] for key in keys]


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


@transaction.atomic
def load_batch(rows: Sequence[CustodyRow], *, ingest_run=None, names: ChildNames | None = None) -> LoadCounts:
    """Create, update or leave each row's record; all of the batch or none of it."""
    counts = LoadCounts()
    keys = {(row.force_code, row.custody_ref) for row in rows}
    # Hashes first: a re-ingested file is mostly unchanged rows, read without their records.
    with connection.cursor() as cursor:
        cursor.execute(
            _text(RECORDS_BY_REF_FOR_UPDATE),
            [list({force_code for force_code, _ in keys}), list({custody_ref for _, custody_ref in keys})],
        )
        stored = {
            (force_code, custody_ref): (pk, row_hash)
            for pk, force_code, custody_ref, row_hash in cursor.fetchall()
            if (force_code, custody_ref) in keys
        }
    new_rows, changed_rows = [], []
    for row in rows:
        found = stored.get((row.force_code, row.custody_ref))
        if found is None:
            new_rows.append((row, _record_values(row)))
        elif found[1] == (values := _record_values(row))["row_hash"]:
            counts.unchanged += 1
        else:
            changed_rows.append((found[0], values))
    if changed_rows:
        records = CustodyRecord.objects.in_bulk([pk for pk, _ in changed_rows])
        changed, history, rehashed = [], [], []
        for pk, values in changed_rows:
            record = records[pk]
            diff = {
                name: [_plain(getattr(record, name)), _plain(value)]
                for name, value in values.items()
                if name != "row_hash" and getattr(record, name) != value
            }
            if not diff:
                # The same values under a hash made another way (an older release): unchanged.
                rehashed.append(CustodyRecord(pk=pk, row_hash=values["row_hash"]))
                continue
            for name, value in values.items():
                setattr(record, name, value)
            record.ingest_run = ingest_run
            changed.append(record)
            history.append(CustodyRecordChange(record=record, ingest_run=ingest_run, changes=diff))
        CustodyRecord.objects.bulk_update(rehashed, ["row_hash"])
        counts.unchanged += len(rehashed)
        CustodyRecord.objects.bulk_update(changed, [*RECORD_FIELDS, "row_hash", "ingest_run", "updated_at"])
        CustodyRecordChange.objects.bulk_create(history)
        counts.updated = len(changed)
        counts.touched_record_ids += [record.pk for record in changed]

    if new_rows:
        matches = match_rows([row for row, _ in new_rows], names)
        unknown = [
            row for (row, _), match in zip(new_rows, matches, strict=True) if match.status == MatchStatus.CREATED
        ]
        unknown_ids = _create_unknown_children(unknown, names) if unknown else []
        counts.new_child_ids += sorted(set(unknown_ids))
        unknown_ids = iter(unknown_ids)
        ids = next_ids(CustodyRecord, len(new_rows))
        now = timezone.now()
        run_id = ingest_run.pk if ingest_run is not None else None
        copied = []
        for (_, values), match in zip(new_rows, matches, strict=True):
            child_id = next(unknown_ids) if match.status == MatchStatus.CREATED else match.child_id
            copied.append(
                [
                    *(values[name] for name in RECORD_FIELDS),
                    values["row_hash"],
                    child_id,
                    match.status,
                    match.score,
                    run_id,
                    now,
                    now,
                    "",
                ]
            )
        offences = RECORD_FIELDS.index("offences")
        for values in copied:
            values[offences] = json.dumps(values[offences])
        copy_rows(
            CustodyRecord, ["id", *RECORD_COLUMNS], ([pk, *values] for pk, values in zip(ids, copied, strict=True))
        )
        MatchCandidate.objects.bulk_create(
            [
                MatchCandidate(record_id=pk, child_id=child_id, score=score)
                for pk, match in zip(ids, matches, strict=True)
                for child_id, score in match.candidates
            ]
        )
        counts.created = len(new_rows)
        counts.touched_record_ids += ids
    return counts


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def load_rows(
    rows: Sequence[CustodyRow],
    *,
    ingest_run=None,
    on_batch: Callable[[int, LoadCounts], None] | None = None,
) -> LoadCounts:
    """Load rows batch by batch; ``on_batch(rows_done, counts_so_far)`` reports progress."""
    total = LoadCounts()
    names = ChildNames()
    for start in range(0, len(rows), BATCH_SIZE):
        total.add(load_batch(rows[start : start + BATCH_SIZE], ingest_run=ingest_run, names=names))
        if on_batch:
            on_batch(min(start + BATCH_SIZE, len(rows)), total)
    return total


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
