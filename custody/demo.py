"""Synthetic custody extracts (DESIGN.md §5, §8), for the demo data, the tests and the benchmark.

``synthetic_rows`` invents a police force's daily extract: detentions over a few days at
the custody suites of West Yorkshire, times in both of the formats of §5, outcomes in
realistic shares, appropriate adults, liaison and diversion screening and PACE s38(6)
requests. A share of the rows are children already on the system (found by PNC ID, or by
date of birth and their name as the police typed it: exact, with a typo, forenames
swapped, hyphen or apostrophe left out, accents dropped), a few are adults (skipped) and a
few are faulty (rejected, each for a known reason). Everything is invented and the same
seed gives the same file.

``load_custody_demo()`` writes such an extract for the demo children and ingests it as the
police officer would, then a second, smaller extract that adds releases and outcomes.
"""

from __future__ import annotations

import csv
import io
import json
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.test.utils import override_settings
from django.utils import timezone

from yjs.demo import register_data_set_step, register_demo_step

from .extract import LONDON, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, RowRejected, local_datetime

COLUMNS = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
FORCE_CODE = "WYP"
SUITES = [
    "Leeds District (Elland Road)",
    "Bradford District (Trafalgar House)",
    "Wakefield District (Havertop)",
    "Kirklees District (Huddersfield)",
    "Calderdale District (Halifax)",
]
SUITE_WEIGHTS = [40, 25, 15, 12, 8]
# (outcome, per cent): empty while still detained.
OUTCOME_WEIGHTS = {
    "released_under_investigation": 20,
    "bailed": 14,
    "charged_bailed": 11,
    "charged_detained": 5,
    "nfa": 12,
    "community_resolution": 10,
    "youth_caution": 6,
    "youth_conditional_caution": 3,
    "voluntary_attendance": 3,
    "": 16,
}
LD_WEIGHTS = {"completed": 45, "offered": 15, "declined": 12, "unavailable": 8, "": 20}
S38_WEIGHTS = {"requested": 35, "secured": 25, "not_secured": 40}
NEW_SURNAMES = [
    "O'Brien", "O'Connor", "D'Souza", "O'Neill", "Smith-Jones", "Ahmed-Khan", "Walker", "Begum", "Nowak",
    "Okafor", "Mensah", "Wójcik", "Hughes", "Patel", "Hussain", "Kowalski", "McDonagh", "Ward", "Kaur", "Evans",
]  # fmt: skip
# Rows the reader must reject, with the reason it gives (tests and the demo's rejected rows).
FAULTS = (
    "spring_forward",
    "not_a_date",
    "impossible_birth_date",
    "missing_surname",
    "bad_pnc_id",
    "unknown_outcome",
    "under_ten",
    "released_before_detained",
    "digits_in_name",
)


@dataclass(frozen=True)
class KnownChild:
    """A child already on the system, as the police might record them."""

    surname: str
    forenames: str
    date_of_birth: date
    pnc_id: str = ""
    gender: str = ""
    ethnicity: str = ""
    postcode: str = ""
    home_local_authority: str = ""
    looked_after: bool = False
    responsible_local_authority: str = ""


def known_children(*, on: date, days: int, limit: int | None = None) -> list[KnownChild]:
    """Children on the system aged 10–17 throughout the extract's days, oldest record first."""
    from cases.models import Child

    youngest_birth = on - timedelta(days=days) - relativedelta(years=10)
    oldest_birth = on - relativedelta(years=18) + timedelta(days=1)
    rows = (
        Child.objects.filter(date_of_birth__gte=oldest_birth, date_of_birth__lte=youngest_birth)
        .order_by("id")
        .values_list(
            "surname",
            "forenames",
            "date_of_birth",
            "pnc_id",
            "gender",
            "ethnicity",
            "postcode",
            "home_local_authority",
            "looked_after",
            "responsible_local_authority",
        )
    )
    if limit is not None:
        rows = rows[:limit]
    return [KnownChild(*row) for row in rows]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _without_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _typo(name: str, rng: random.Random) -> str:
    """One slip of the keyboard: two letters swapped, one dropped or one doubled."""
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 2)
    slip = rng.choice(["swap", "drop", "double"])
    if slip == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if slip == "drop":
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def as_police_typed(child: KnownChild, rng: random.Random) -> tuple[str, str]:
    """The child's (surname, forenames) as a custody officer typed them."""
    surname, forenames = child.surname, child.forenames
    roll = rng.random()
    if roll < 0.70:
        return surname, forenames
    if roll < 0.78 and " " in forenames:
        return surname, " ".join(reversed(forenames.split()))
    if roll < 0.86:
        return (_typo(surname, rng), forenames) if rng.random() < 0.6 else (surname, _typo(forenames, rng))
    if "-" in surname:
        return surname.replace("-", " "), forenames
    if "'" in surname:
        return surname.replace("'", ""), forenames
    return _without_accents(surname), _without_accents(forenames)


def _local(moment: datetime, rng: random.Random) -> str:
    """A London wall-clock time in one of the two formats of §5."""
    local = moment.astimezone(LONDON)
    return f"{local:%d/%m/%Y %H:%M}" if rng.random() < 0.2 else f"{local:%Y-%m-%dT%H:%M}"


def _date(day: date, rng: random.Random) -> str:
    return f"{day:%d/%m/%Y}" if rng.random() < 0.2 else day.isoformat()


def _detained(day: date, rng: random.Random) -> datetime:
    """A time of detention on ``day``: mostly afternoons, evenings and nights; always a real UK time."""
    hour = rng.choices(range(24), [3, 2, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 7, 7, 8, 8, 8, 7, 6, 5, 4, 3])[0]
    wall = datetime.combine(day, time(hour, rng.randrange(0, 60)))
    try:
        local_datetime(wall.strftime("%Y-%m-%dT%H:%M"), "detained_at")
    except RowRejected:  # a time the clocks skipped or repeated: an hour later is always real
        wall += timedelta(hours=2)
    return wall.replace(tzinfo=LONDON)


def _new_child(rng: random.Random, serial: int, on: date, seed: int) -> KnownChild:
    from cases.demo import BRITISH_SURNAMES, ETHNICITY_WEIGHTS, HOME_AUTHORITY, NEIGHBOURING_AUTHORITIES, POOLS

    ethnicity = rng.choices(list(ETHNICITY_WEIGHTS), list(ETHNICITY_WEIGHTS.values()))[0]
    gender = rng.choices(["M", "F", "X"], [80, 18, 2])[0]
    pool = rng.choice(POOLS[ethnicity])
    if rng.random() < 0.15:
        surname = rng.choice(NEW_SURNAMES)
    elif pool.surnames:
        choice = rng.choice(pool.surnames)
        surname = choice[0 if gender == "M" else -1] if isinstance(choice, tuple) else choice
    else:
        surname = rng.choice(BRITISH_SURNAMES)
    first = rng.choice(pool.boys if gender == "M" or (gender == "X" and rng.random() < 0.5) else pool.girls)
    forenames = first if rng.random() < 0.6 else f"{first} {rng.choice(pool.boys if gender == 'M' else pool.girls)}"
    age_days = rng.randint(10 * 365 + 30, 18 * 365 - 30)
    looked_after = rng.random() < 0.12
    authority = HOME_AUTHORITY if rng.random() < 0.8 else rng.choice(NEIGHBOURING_AUTHORITIES)
    pnc = ""
    if rng.random() < 0.3:
        # Serials far above the demo children's (500,000 + n), distinct per seed and row.
        from cases.demo import pnc_id

        pnc = pnc_id(on.year - rng.randint(0, 2), 1_000_000 + (seed % 50) * 150_000 + serial)
    return KnownChild(
        surname=surname,
        forenames=forenames,
        date_of_birth=on - timedelta(days=age_days),
        pnc_id=pnc,
        gender=gender,
        ethnicity=ethnicity,
        postcode=f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        home_local_authority=authority,
        looked_after=looked_after,
        responsible_local_authority=(HOME_AUTHORITY if rng.random() < 0.6 else rng.choice(NEIGHBOURING_AUTHORITIES))
        if looked_after
        else "",
    )


def _custody_times(
    detained: datetime, outcome: str, rng: random.Random, *, some_held_after_charge: bool
) -> tuple[datetime | None, datetime | None, datetime | None, datetime | None]:
    """When a detention's child was charged and released and an appropriate adult was asked for
    and came (None: never). Charged and detained, half are still held (``some_held_after_charge``)."""
    charged = released = None
    if outcome:
        released = detained + timedelta(minutes=rng.randint(90, 30 * 60))
        if outcome.startswith("charged"):
            charged = detained + (released - detained) * rng.uniform(0.3, 0.9)
            if outcome == "charged_detained":
                if some_held_after_charge and rng.random() >= 0.5:
                    released = None
                else:
                    released = charged + timedelta(hours=rng.randint(8, 20))
    requested = arrived = None
    if rng.random() < 0.85:
        requested = detained + timedelta(minutes=rng.randint(5, 120))
        if rng.random() < 0.92:
            arrived = requested + timedelta(minutes=rng.randint(20, 6 * 60))
    return charged, released, requested, arrived


def _detention_row(child: KnownChild, detained: datetime, rng: random.Random) -> dict[str, str]:
    from cases.demo import OFFENCES

    outcome = _weighted(rng, OUTCOME_WEIGHTS)
    row = dict.fromkeys(COLUMNS, "")
    charged, released, requested, arrived = _custody_times(detained, outcome, rng, some_held_after_charge=True)
    # What has not happened yet by now is not in the extract: the child is still in custody.
    latest = timezone.now() - timedelta(minutes=5)
    if released and released > latest:
        outcome, released, charged = "", None, None
    charged, requested, arrived = (
        moment if moment and moment <= latest else None for moment in (charged, requested, arrived)
    )
    offences = [rng.choice(OFFENCES)[0] for _ in range(rng.choice([1, 1, 1, 2]))]
    row.update(
        suite=rng.choices(SUITES, SUITE_WEIGHTS)[0],
        detained_at=_local(detained, rng),
        charged_at=_local(charged, rng) if charged else "",
        released_at=_local(released, rng) if released else "",
        surname=child.surname,
        forenames=child.forenames,
        date_of_birth=_date(child.date_of_birth, rng),
        gender=child.gender,
        ethnicity=child.ethnicity if rng.random() < 0.9 else "",
        pnc_id=child.pnc_id,
        postcode=child.postcode,
        home_local_authority=child.home_local_authority,
        looked_after="Y" if child.looked_after else rng.choice(["N", "N", ""]),
        responsible_local_authority=child.responsible_local_authority if child.looked_after else "",
        offences=";".join(dict.fromkeys(offences)),
        outcome=outcome,
        aa_requested_at=_local(requested, rng) if requested else "",
        aa_arrived_at=_local(arrived, rng) if arrived else "",
        ld_screening=_weighted(rng, LD_WEIGHTS),
        s38_6=_weighted(rng, S38_WEIGHTS) if outcome == "charged_detained" else "",
    )
    return row


def _fault(row: dict[str, str], kind: str, detained: datetime) -> None:
    if kind == "spring_forward":
        row["detained_at"] = "2026-03-29T01:30"
        row["charged_at"] = row["released_at"] = row["aa_requested_at"] = row["aa_arrived_at"] = ""
    elif kind == "not_a_date":
        row["detained_at"] = "last night"
    elif kind == "impossible_birth_date":
        row["date_of_birth"] = "31/02/2010"
    elif kind == "missing_surname":
        row["surname"] = ""
    elif kind == "bad_pnc_id":
        row["pnc_id"] = "PNC-UNKNOWN"
    elif kind == "unknown_outcome":
        row["outcome"] = "cautioned"
    elif kind == "under_ten":
        row["date_of_birth"] = (detained.date() - relativedelta(years=9)).isoformat()
    elif kind == "released_before_detained":
        row["released_at"] = f"{detained - timedelta(hours=3):%Y-%m-%dT%H:%M}"
        row["charged_at"] = ""
    elif kind == "digits_in_name":
        row["surname"] = row["surname"][:2] + "0" + row["surname"][3:]


def synthetic_rows(
    count: int,
    *,
    seed: int = 2026,
    children: Sequence[KnownChild] = (),
    end: date | None = None,
    days: int = 7,
    known_share: float = 0.6,
    faulty_share: float = 0.02,
    adult_share: float = 0.01,
    force_code: str = FORCE_CODE,
) -> list[dict[str, str]]:
    """``count`` rows detained over the ``days`` days up to ``end`` (default yesterday)."""
    rng = random.Random(seed)  # noqa: S311 (invented data)
    end = end or timezone.localdate() - timedelta(days=1)
    year = end.year % 100
    rows = []
    for serial in range(count):
        day = end - timedelta(days=rng.randrange(days))
        detained = _detained(day, rng)
        roll = rng.random()
        if roll < adult_share:
            adult = _new_child(rng, serial, day, seed)
            child = KnownChild(**{**adult.__dict__, "date_of_birth": day - relativedelta(years=rng.choice([18, 19]))})
        elif children and roll < adult_share + known_share:
            known = rng.choice(children)
            surname, forenames = as_police_typed(known, rng)
            pnc = known.pnc_id if rng.random() < 0.75 else ""
            child = KnownChild(**{**known.__dict__, "surname": surname, "forenames": forenames, "pnc_id": pnc})
        else:
            child = _new_child(rng, serial, day, seed)
        row = _detention_row(child, detained, rng)
        row["force_code"] = force_code
        row["custody_ref"] = f"{seed % 10_000:04d}/{serial + 1:06d}/{year:02d}"
        if rng.random() < faulty_share:
            _fault(row, rng.choice(FAULTS), detained)
        rows.append(row)
    return rows


def extract_bytes(rows: Iterable[dict[str, str]], *, bom: bool = False, crlf: bool = True) -> bytes:
    """The rows as a version 1 extract: a header row, then one line per row, quoted as needed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n" if crlf else "\n")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode()


# --- Demo data ------------------------------------------------------------------------------

DEMO_FILE = "demo-custody-extract.csv"
DEMO_UPDATE_FILE = "demo-custody-extract-update.csv"
DEMO_INBOXES = {
    "Leeds": "childrens.duty@leeds.gov.uk.example",
    "Bradford": "cs.duty@bradford.gov.uk.example",
    "Wakefield": "duty.team@wakefield.gov.uk.example",
    "Kirklees": "childrens.duty@kirklees.gov.uk.example",
    "Calderdale": "cs.front.door@calderdale.gov.uk.example",
    "North Yorkshire": "childrens.duty@northyorks.gov.uk.example",
}


def load_custody_demo(*, rows: int = 400, seed: int = 2026) -> str:
    """Ingest a week of synthetic custody records for the demo children, as the police officer
    would upload them, then a later extract with releases and outcomes (safe to run again)."""
    from yjs.models import User

    from .ingest import ingest_file, ingest_run_create
    from .models import IngestRun, IngestSource, LocalAuthorityInbox

    for name, email in DEMO_INBOXES.items():
        LocalAuthorityInbox.objects.get_or_create(name=name, defaults={"email": email})
    if IngestRun.objects.filter(file_name=DEMO_FILE).exists():
        return "custody demo already loaded"
    police = User.objects.filter(username="police").first()
    today = timezone.localdate()
    children = known_children(on=today, days=8)
    first = synthetic_rows(rows, seed=seed, children=children, end=today - timedelta(days=1), days=7)
    _no_conditional_caution_after_conviction(first)
    # The next morning's extract: children still detained yesterday are released, with an outcome.
    still_held = [row for row in first if not row["released_at"]][: rows // 10]
    update = []
    rng = random.Random(seed + 1)  # noqa: S311 (invented data)
    for row in still_held:
        try:
            detained = local_datetime(row["detained_at"], "detained_at")
        except RowRejected:
            continue
        released = min(detained + timedelta(hours=rng.randint(4, 20)), timezone.now() - timedelta(minutes=5))
        if released <= detained:
            continue
        outcome = row["outcome"] or rng.choice(["released_under_investigation", "community_resolution", "bailed"])
        update.append({**row, "released_at": f"{released.astimezone(LONDON):%Y-%m-%dT%H:%M}", "outcome": outcome})
    summary = []
    for name, content in ((DEMO_FILE, first), (DEMO_UPDATE_FILE, update)):
        run = ingest_run_create(
            by=police, source=IngestSource.UPLOAD, upload=ContentFile(extract_bytes(content), name=name), queue=False
        )
        ingest_file(run, notify="inline")
        summary.append(f"{name}: {run.created} new, {run.updated} updated, {run.rejected} rejected")
    if police is not None:
        summary.append(f"{_follow_up_outcomes(police)} follow-ups recorded")
    return "custody: " + "; ".join(summary)


def _no_conditional_caution_after_conviction(rows: list[dict[str, str]]) -> None:
    """The police give no youth conditional caution to a child with a previous conviction (DESIGN.md
    §3): the demo's children born on a convicted child's birthday get a youth caution instead, so that
    every out-of-court outcome in the demo becomes a police-only decision."""
    from cases.models import COURT_ORDER_TYPES, Child

    convicted = set(
        Child.objects.filter(cases__case_type__in=COURT_ORDER_TYPES).values_list("date_of_birth", flat=True)
    )
    for row in rows:
        if row["outcome"] == "youth_conditional_caution" and _birth_date(row["date_of_birth"]) in convicted:
            row["outcome"] = "youth_caution"


def _birth_date(text: str) -> date | None:
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


# What the YJS decided for a few of the children not known whose police outcomes it followed up.
FOLLOW_UP_OUTCOMES = [
    ("support_accepted", "Mum agreed to a home visit; a prevention worker is allocated."),
    ("support_declined", "Offered by phone and by letter; the family declined."),
    ("already_supported", "Already open to early help, who will talk to the family."),
    ("not_needed", "Moved out of the area; the youth justice service there was told."),
]


def _follow_up_outcomes(police) -> int:
    """The outcome of the oldest few follow-ups the ingest opened, as the police officer records them."""
    from oocd.models import FollowUp
    from oocd.services_follow_ups import follow_up_outcome_record

    follow_ups = list(FollowUp.objects.filter(outcome="").order_by("pk")[: len(FOLLOW_UP_OUTCOMES)])
    for follow_up, (outcome, note) in zip(follow_ups, FOLLOW_UP_OUTCOMES, strict=False):
        follow_up_outcome_record(follow_up=follow_up, by=police, outcome=outcome, note=note)
    return len(follow_ups)


# --- History at scale (benchmarks) -----------------------------------------------------------

HISTORY_FILE_PREFIX = "demo-history-"
HISTORY_RECORDS_PER_UNIT = 3_334
HISTORY_NEW_CHILDREN_PER_UNIT = 367
# 300 units (the large data set) cover the two years before today, newest first.
HISTORY_UNIT_SPAN = timedelta(days=730) / 300
HISTORY_KNOWN_SHARE = 0.6
HISTORY_REVIEW_SHARE = 0.01
# PNC ID serials of the children the history creates: far from the demo's (500,000 + n),
# the synthetic extracts' (1,000,000 and up) and the ingest benchmark's.
HISTORY_PNC_SERIAL = 3_000_000
DECIDED_OUTCOME_WEIGHTS = {outcome: weight for outcome, weight in OUTCOME_WEIGHTS.items() if outcome}


def load_custody_history(*, units: int, seed: int = 2026, today: date | None = None) -> str:
    """Add the missing of ``units`` units of past custody records, written in bulk (COPY) as if
    the morning ingest had loaded them: 3,334 records a unit over the ~2.4 days before the
    previous unit (so 300 units are two years), 60% of them children already on the system
    (linked, 1% waiting for review with their candidates), the rest about 367 children each
    unit makes "not known to the YJS" (with their search keys), some detained again. Each unit
    is an ingest run and a digest, so the morning's digest lists none of it again. Nothing
    is notified (these are history). Deterministic for a seed; running it again adds nothing."""
    from cases.models import Child

    from .models import IngestRun

    done = IngestRun.objects.filter(file_name__startswith=HISTORY_FILE_PREFIX).count()
    if done >= units:
        return f"custody history: {done * HISTORY_RECORDS_PER_UNIT:,} records already loaded"
    today = today or timezone.localdate()
    end = datetime.combine(today, time(0), tzinfo=LONDON)
    known = list(
        Child.objects.filter(known_to_yjs=True)
        .order_by("id")
        .values_list("id", "surname", "forenames", "date_of_birth", "pnc_id", "gender", "ethnicity", "postcode")
        .iterator(chunk_size=10_000)
    )
    for unit in range(done, units):
        _HistoryUnit(unit, seed=seed, end=end, known=known).write()
    added = (units - done) * HISTORY_RECORDS_PER_UNIT
    return f"custody history: {added:,} records added ({units * HISTORY_RECORDS_PER_UNIT:,} in all)"


class _HistoryUnit:
    """One unit of past custody records, from its own seeded generator, written as plain rows
    (a million model instances would take longer than writing them)."""

    def __init__(self, unit: int, *, seed: int, end: datetime, known: list[tuple]) -> None:
        self.unit, self.known = unit, known
        self.rng = random.Random(seed * 1_000_003 + unit + 53)  # noqa: S311 (invented data)
        self.until = end - HISTORY_UNIT_SPAN * unit
        self.since = self.until - HISTORY_UNIT_SPAN
        # Born in this range: aged 10–17 throughout the unit's days.
        self.born_after = self.until.date() - relativedelta(years=18)
        self.born_by = self.since.date() - relativedelta(years=10)
        self.old = self.until < timezone.now() - timedelta(days=3)

    def _new_children(self, loaded_at: datetime) -> tuple[list[KnownChild], list]:
        from cases.demo import pnc_id
        from cases.models import Child

        from .children import unknown_child_fields

        rng, people = self.rng, []
        for serial in range(HISTORY_NEW_CHILDREN_PER_UNIT):
            person = _new_child(rng, serial, self.until.date(), 0)
            if person.pnc_id:
                number = HISTORY_PNC_SERIAL + self.unit * HISTORY_NEW_CHILDREN_PER_UNIT + serial
                unique = pnc_id(self.until.year - rng.randint(0, 2), number)
                person = KnownChild(**{**person.__dict__, "pnc_id": unique})
            people.append(person)
        stamps = {"created_at": loaded_at, "updated_at": loaded_at}
        children = [Child(**unknown_child_fields(person), **stamps) for person in people]
        return people, children

    def write(self) -> None:
        from django.db import connection, transaction

        from cases.demo import _copy, _copy_values
        from cases.models import Child, ChildSearchKey
        from cases.search import name_keys

        from .models import CustodyRecord, DigestRun, IngestRun, MatchCandidate, MatchStatus, RunStatus

        rng = self.rng
        # The morning ingest's time, but never later than now (the newest unit ends today).
        loaded_at = min(datetime.combine(self.until.date(), time(6, 30), tzinfo=LONDON), timezone.now())
        people, children = self._new_children(loaded_at)
        rows, candidates = [], []
        for serial in range(HISTORY_RECORDS_PER_UNIT):
            detained = self.since + (self.until - self.since) * rng.random()
            person = child_index = None
            if serial >= len(people) and rng.random() < HISTORY_KNOWN_SHARE:
                person, child_id = self._known()
            if person is None:
                child_index = serial if serial < len(people) else rng.randrange(len(people))
                person, child_id = people[child_index], None
            values = self._values(person, detained, serial)
            values["child_id"], values["match_score"] = child_id, None
            values["match_status"] = MatchStatus.CREATED if child_id is None else MatchStatus.MATCHED
            if child_id is not None:
                values["match_score"] = 100.0 if values["pnc_id"] else round(rng.uniform(92, 100), 1)
                if rng.random() < HISTORY_REVIEW_SHARE / HISTORY_KNOWN_SHARE:
                    values["match_status"], values["child_id"], values["match_score"] = MatchStatus.REVIEW, None, None
                    other = self.known[rng.randrange(len(self.known))][0]
                    scores = {other: rng.uniform(75, 85), child_id: rng.uniform(80, 91)}
                    candidates += [(serial, pk, round(score, 1)) for pk, score in scores.items()]
            values["first_seen_at"] = values["updated_at"] = max(loaded_at, detained)
            rows.append((values, child_index))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")  # demo history: no need to wait for the disk
            run = IngestRun.objects.create(
                source="drop_folder",
                file_name=f"{HISTORY_FILE_PREFIX}{self.unit + 1:04d}.csv",
                status=RunStatus.SUCCEEDED,
                progress=100,
                message=f"{len(rows):,} rows loaded (demo history)",
                started_at=loaded_at,
                finished_at=loaded_at + timedelta(minutes=1),
                rows_read=len(rows),
                created=len(rows),
            )
            digest = DigestRun.objects.create(
                since=loaded_at - timedelta(days=1), up_to=loaded_at + timedelta(hours=1), record_count=len(rows)
            )
            IngestRun.objects.filter(pk=run.pk).update(created_at=loaded_at, updated_at=loaded_at)
            DigestRun.objects.filter(pk=digest.pk).update(sent_at=loaded_at + timedelta(hours=1))
            with _stamps_as_given(Child, "created_at", "updated_at"):
                _copy(Child, children)
            keys = sorted((key, child.pk) for child in children for key in name_keys([child.surname, child.forenames]))
            _copy_values(ChildSearchKey, ["key", "child_id"], keys)
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [CustodyRecord._meta.db_table, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            fields = CustodyRecord._meta.concrete_fields
            defaults = {field.attname: field.get_default() for field in fields}
            defaults |= {"ingest_run_id": run.pk, "digest_id": digest.pk}

            def record(pk: int, values: dict, child_index: int | None) -> list:
                values |= {"id": pk, "offences": json.dumps(values["offences"])}
                if child_index is not None:
                    values["child_id"] = children[child_index].pk
                return [
                    values[field.attname] if field.attname in values else defaults[field.attname] for field in fields
                ]

            _copy_values(
                CustodyRecord,
                [field.column for field in fields],
                (record(pk, values, index) for pk, (values, index) in zip(ids, rows, strict=True)),
            )
            _copy_values(
                MatchCandidate,
                ["record_id", "child_id", "score"],
                ((ids[serial], child_id, score) for serial, child_id, score in candidates),
            )

    def _known(self) -> tuple[KnownChild | None, int | None]:
        """A child on the system aged 10–17 on the day, as the police typed them (some children
        detained far more often than others)."""
        rng = self.rng
        for _ in range(4):
            child_id, surname, forenames, born, pnc, gender, ethnicity, postcode = self.known[
                int(len(self.known) * rng.random() ** 1.5)
            ]
            if self.born_after < born <= self.born_by:
                person = KnownChild(surname, forenames, born, pnc, gender, ethnicity, postcode, "Leeds")
                surname, forenames = as_police_typed(person, rng)
                pnc = pnc if rng.random() < 0.75 else ""
                return KnownChild(surname, forenames, born, pnc, gender, ethnicity, postcode, "Leeds"), child_id
        return None, None

    def _values(self, person: KnownChild, detained: datetime, serial: int) -> dict:
        """The record's values as the ingest stores them, with their digest (``CustodyRow``)."""
        from cases.demo import OFFENCES

        from .extract import CustodyRow

        rng = self.rng
        # Long ago: nobody is still detained without an outcome.
        outcome = _weighted(rng, DECIDED_OUTCOME_WEIGHTS if self.old else OUTCOME_WEIGHTS)
        charged, released, requested, arrived = _custody_times(detained, outcome, rng, some_held_after_charge=False)
        offences = list(dict.fromkeys(rng.choice(OFFENCES)[0] for _ in range(rng.choice([1, 1, 1, 2]))))
        row = CustodyRow(
            line=serial + 2,
            force_code=FORCE_CODE,
            custody_ref=f"H{self.unit + 1:04d}/{serial + 1:05d}",
            detained_at=detained,
            surname=person.surname,
            forenames=person.forenames,
            date_of_birth=person.date_of_birth,
            suite=rng.choices(SUITES, SUITE_WEIGHTS)[0],
            charged_at=charged,
            released_at=released,
            gender=person.gender,
            ethnicity=person.ethnicity if rng.random() < 0.9 else "",
            pnc_id=person.pnc_id,
            postcode=person.postcode,
            home_local_authority=person.home_local_authority,
            looked_after=True if person.looked_after else rng.choice([False, False, None]),
            responsible_local_authority=person.responsible_local_authority if person.looked_after else "",
            offences=offences,
            outcome=outcome,
            aa_requested_at=requested,
            aa_arrived_at=arrived,
            ld_screening=_weighted(rng, LD_WEIGHTS),
            s38_6=_weighted(rng, S38_WEIGHTS) if outcome == "charged_detained" else "",
        )
        values = row.values()
        values["row_hash"] = row.digest(values)
        return values


class _stamps_as_given:
    """Within it, the model's automatic timestamps keep the values the rows were given."""

    def __init__(self, model, *names: str) -> None:
        self.fields = [model._meta.get_field(name) for name in names]

    def __enter__(self) -> None:
        self.saved = [(field.auto_now, field.auto_now_add) for field in self.fields]
        for field in self.fields:
            field.auto_now = field.auto_now_add = False

    def __exit__(self, *exc) -> None:
        for field, (auto_now, auto_now_add) in zip(self.fields, self.saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


# --- Registered with yjs.demo: after the apps whose children the extracts find --------------------


def _load_custody_demo_quietly(scale: int) -> str:
    """The demo's custody notifications and digest are recorded as sent (who was told is on each
    record) but kept out of the console, where they would bury the URL and demo logins."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return load_custody_demo()


register_demo_step("custody", order=40, load=_load_custody_demo_quietly)
register_data_set_step(
    "custody",
    order=40,
    load=lambda scale: load_custody_history(units=scale),
    counts={"custody_records": "custody.CustodyRecord"},
)
