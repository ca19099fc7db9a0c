"""Matching custody rows to children: by PNC ID exactly, else by date of birth and how alike
the names are (rapidfuzz, over every name of the children born that day at once)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from psycopg.sql import Composable
from rapidfuzz import fuzz, process

from cases.search import normalise

from .extract import CustodyRow
from .lookups import CHILDREN_AND_ALIASES_BORN_ON, CHILDREN_BY_PNC_ID, CHILDREN_CHANGED_SINCE, fetch
from .models import MatchStatus


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
def name_words(text: str) -> tuple[str, ...]:
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
    return " ".join(sorted(name_words(forenames) + name_words(surname)))


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
        rows = self._fetch(CHILDREN_AND_ALIASES_BORN_ON, [list(missing)]) if missing else []
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
            self._add_all(self._fetch(CHILDREN_AND_ALIASES_BORN_ON, [list(missing)]))
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
    def _fetch(query: Composable, params: list) -> list[tuple[int, date, str, str]]:
        # Up to every child: rows as the driver gives them, without the model layer.
        return fetch(query, params)

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
        holders = pnc_holders(list(wanted - by_pnc.keys()))
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


def pnc_holders(pnc_ids: list[str]) -> dict[str, int]:
    """The stored children holding these PNC IDs, by PNC ID."""
    return dict(fetch(CHILDREN_BY_PNC_ID, [pnc_ids]))
