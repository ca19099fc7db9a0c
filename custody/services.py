"""Loading custody rows: idempotent on (force_code, custody_ref), matched to children,
in batches so that a failure half-way leaves whole batches and a re-run completes."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from rapidfuzz import fuzz

from cases.models import Child, ChildAlias, ChildSearchKey, Ethnicity
from cases.search import name_keys, normalise

from .extract import CustodyRow
from .models import CustodyRecord, CustodyRecordChange, MatchCandidate, MatchStatus

BATCH_SIZE = 2000
RECORD_FIELDS = [name for name in CustodyRow.__dataclass_fields__ if name != "line"]


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    touched_record_ids: list[int] = field(default_factory=list)

    def add(self, other: "LoadCounts") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.touched_record_ids += other.touched_record_ids


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


def match_rows(rows: Sequence[CustodyRow]) -> list[Match]:
    """Match each row: PNC ID exactly; else date of birth and name similarity."""
    confident, possible = settings.CUSTODY_MATCH_CONFIDENT, settings.CUSTODY_MATCH_POSSIBLE
    by_pnc = dict(
        Child.objects.filter(pnc_id__in={row.pnc_id for row in rows if row.pnc_id}).values_list("pnc_id", "id")
    )
    dobs = {row.date_of_birth for row in rows if not (row.pnc_id and row.pnc_id in by_pnc)}
    names_by_dob: dict = {}
    children = Child.objects.filter(date_of_birth__in=dobs).values_list("id", "date_of_birth", "surname", "forenames")
    names: dict[int, list[tuple[str, str]]] = {}
    for child_id, dob, surname, forenames in children:
        names_by_dob.setdefault(dob, []).append(child_id)
        names.setdefault(child_id, []).append((surname, forenames))
    for child_id, surname, forenames in ChildAlias.objects.filter(child_id__in=list(names)).values_list(
        "child_id", "surname", "forenames"
    ):
        names[child_id].append((surname, forenames))

    matches = []
    for row in rows:
        if row.pnc_id and row.pnc_id in by_pnc:
            matches.append(Match(by_pnc[row.pnc_id], MatchStatus.MATCHED, 100.0))
            continue
        scored = sorted(
            (
                (child_id, name_score((row.surname, row.forenames), names[child_id]))
                for child_id in names_by_dob.get(row.date_of_birth, [])
            ),
            key=lambda pair: -pair[1],
        )
        likely = [(child_id, score) for child_id, score in scored if score >= possible]
        if len(likely) == 1 and likely[0][1] >= confident:
            matches.append(Match(likely[0][0], MatchStatus.MATCHED, likely[0][1]))
        elif likely:
            matches.append(Match(None, MatchStatus.REVIEW, likely[0][1], likely[:5]))
        else:
            matches.append(Match(None, MatchStatus.CREATED, None))
    return matches


def _create_unknown_children(rows: list[CustodyRow]) -> list[int]:
    """One child "not known to the YJS" per distinct person among the rows."""
    keys = [(normalise(row.surname), normalise(row.forenames), row.date_of_birth, row.pnc_id) for row in rows]
    distinct: dict[tuple, Child] = {}
    for key, row in zip(keys, rows, strict=True):
        if key not in distinct:
            distinct[key] = Child(
                surname=row.surname,
                forenames=row.forenames,
                date_of_birth=row.date_of_birth,
                gender=row.gender,
                ethnicity=row.ethnicity or Ethnicity.NOT_STATED,
                pnc_id=row.pnc_id,
                postcode=row.postcode,
                home_local_authority=row.home_local_authority,
                looked_after=bool(row.looked_after),
                responsible_local_authority=row.responsible_local_authority,
                known_to_yjs=False,
            )
    created = Child.objects.bulk_create(list(distinct.values()))
    ChildSearchKey.objects.bulk_create(
        [
            ChildSearchKey(child=child, key=key)
            for child in created
            for key in name_keys([child.surname, child.forenames])
        ],
        ignore_conflicts=True,
    )
    return [distinct[key].pk for key in keys]


def _record_values(row: CustodyRow) -> dict:
    values = row.values()
    values["row_hash"] = row.digest()
    return values


@transaction.atomic
def load_batch(rows: Sequence[CustodyRow], *, ingest_run=None) -> LoadCounts:
    """Create, update or leave each row's record; all of the batch or none of it."""
    counts = LoadCounts()
    existing = {
        (record.force_code, record.custody_ref): record
        for record in CustodyRecord.objects.filter(
            custody_ref__in={row.custody_ref for row in rows}
        ).select_for_update()
    }
    new_rows, changed, history = [], [], []
    for row in rows:
        record = existing.get((row.force_code, row.custody_ref))
        if record is None:
            new_rows.append(row)
            continue
        values = _record_values(row)
        if record.row_hash == values["row_hash"]:
            counts.unchanged += 1
            continue
        diff = {
            name: [_plain(getattr(record, name)), _plain(value)]
            for name, value in values.items()
            if name != "row_hash" and getattr(record, name) != value
        }
        for name, value in values.items():
            setattr(record, name, value)
        record.ingest_run = ingest_run
        changed.append(record)
        history.append(CustodyRecordChange(record=record, ingest_run=ingest_run, changes=diff))
    if changed:
        CustodyRecord.objects.bulk_update(changed, [*RECORD_FIELDS, "row_hash", "ingest_run"])
        CustodyRecordChange.objects.bulk_create(history)
        counts.updated = len(changed)
        counts.touched_record_ids += [record.pk for record in changed]

    if new_rows:
        matches = match_rows(new_rows)
        unknown = [row for row, match in zip(new_rows, matches, strict=True) if match.status == MatchStatus.CREATED]
        unknown_ids = iter(_create_unknown_children(unknown)) if unknown else iter(())
        records = []
        for row, match in zip(new_rows, matches, strict=True):
            child_id = next(unknown_ids) if match.status == MatchStatus.CREATED else match.child_id
            records.append(
                CustodyRecord(
                    **_record_values(row),
                    child_id=child_id,
                    match_status=match.status,
                    match_score=match.score,
                    ingest_run=ingest_run,
                )
            )
        CustodyRecord.objects.bulk_create(records)
        MatchCandidate.objects.bulk_create(
            [
                MatchCandidate(record=record, child_id=child_id, score=score)
                for record, match in zip(records, matches, strict=True)
                for child_id, score in match.candidates
            ]
        )
        counts.created = len(records)
        counts.touched_record_ids += [record.pk for record in records]
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
    for start in range(0, len(rows), BATCH_SIZE):
        total.add(load_batch(rows[start : start + BATCH_SIZE], ingest_run=ingest_run))
        if on_batch:
            on_batch(min(start + BATCH_SIZE, len(rows)), total)
    return total
