"""A reader of the board's copy who tries to work out the counts hidden from them.

It knows only what a board member receives (the CSV's cells; the page carries the same) and
what anyone can know about the report: which figures add up (outcomes to all decisions,
ethnic groups and genders to all children and to the whole population, allocated and
unallocated cases to open cases), which figures show the same number, how rates are made,
and that zeros are shown (so a hidden count is at least 1). From these it solves what it
can: lines with one unknown, equations solved together, bounds narrowed until a hidden count
has one value left, rates times populations, and relative rates back to their reference.

Written apart from ``governance.disclosure`` on purpose: it must not share its reasoning.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

UNBOUNDED = 10**9
ENUMERATION_LIMIT = 200_000


def _rounded(value: Fraction, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


def rate(numerator: int, denominator: int, scale: int) -> Decimal | None:
    if not denominator:
        return None
    # The report rounds a decimal quotient half up to one place.
    return _rounded(Fraction(numerator * scale, denominator), 1)


class Attacker:
    """Variables (named quantities) with what is known of each, and the relations between them."""

    def __init__(self):
        self.shown: dict = {}  # variable -> shown count
        self.hidden: set = set()
        self.lines: list[tuple] = []  # (total, parts)
        self.constraints: list[tuple] = []  # (variables, check(*values) -> bool)
        self.rates: list[tuple] = []  # (numerator, denominator, scale, shown value)

    def see(self, variable, text: str) -> None:
        number = count_of(text)
        if number is None:
            if text.strip() not in ("–", ""):
                self.hidden.add(variable)
        else:
            self.shown[variable] = number

    def line(self, total, parts) -> None:
        if parts:
            self.lines.append((total, tuple(parts)))

    def rate_is(self, numerator, denominator, scale: int, shown_value: str) -> None:
        value = value_of(shown_value)
        if value is None:
            return
        self.constraints.append(((numerator, denominator), lambda n, d: rate(n, d, scale) == value))
        self.rates.append((numerator, denominator, scale, value))

    def relative_rate_is(self, group: tuple, reference: tuple, shown_value: str) -> None:
        """``group`` and ``reference`` are (children, population) variables; rates per 1,000."""
        value = value_of(shown_value)
        if value is None:
            return

        def check(n, p, rn, rp):
            mine, theirs = rate(n, p, 1000), rate(rn, rp, 1000)
            if mine is None or not theirs:
                return False
            return _rounded(Fraction(mine) / Fraction(theirs), 2) == value

        self.constraints.append(((*group, *reference), check))

    # --- Solving ------------------------------------------------------------------------

    def solve(self) -> dict:
        """Every hidden variable it can pin down, and its value."""
        variables = set(self.shown) | self.hidden
        for total, parts in self.lines:
            variables |= {total, *parts}
        low = {v: self.shown.get(v, 1) for v in variables}
        high = {v: self.shown.get(v, UNBOUNDED) for v in variables}
        # A variable that appears in no cell (e.g. a total the report never prints) may be 0.
        for v in variables - set(self.shown) - self.hidden:
            low[v] = 0
        changed = True
        while changed:
            changed = self._bounds(low, high)
            changed |= self._eliminate(low, high)
            changed |= self._rate_bounds(low, high)
            changed |= self._constraints(low, high)
        return {v: low[v] for v in self.hidden if low[v] == high[v]}

    def _bounds(self, low, high) -> bool:
        changed = False
        for total, parts in self.lines:
            lo_sum, hi_sum = sum(low[p] for p in parts), sum(high[p] for p in parts)
            changed |= _narrow(low, high, total, lo_sum, hi_sum)
            for p in parts:
                others_lo = lo_sum - low[p]
                others_hi = hi_sum - high[p]
                changed |= _narrow(low, high, p, low[total] - others_hi, high[total] - others_lo)
        return changed

    def _eliminate(self, low, high) -> bool:
        unknown = sorted({v for line in self.lines for v in (line[0], *line[1]) if low[v] != high[v]}, key=repr)
        if not unknown:
            return False
        column = {v: i for i, v in enumerate(unknown)}
        rows = []
        for total, parts in self.lines:
            row = [Fraction(0)] * (len(unknown) + 1)
            for v, sign in ((total, 1), *((p, -1) for p in parts)):
                if v in column:
                    row[column[v]] += sign
                else:
                    row[-1] -= sign * low[v]
            if any(row[:-1]):
                rows.append(row)
        width = len(unknown)
        r = 0
        for c in range(width):
            pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
            if pivot is None:
                continue
            rows[r], rows[pivot] = rows[pivot], rows[r]
            rows[r] = [x / rows[r][c] for x in rows[r]]
            for i in range(len(rows)):
                if i != r and rows[i][c] != 0:
                    f = rows[i][c]
                    rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
            r += 1
        changed = False
        for row in rows[:r]:
            nonzero = [i for i in range(width) if row[i] != 0]
            if len(nonzero) == 1 and row[-1].denominator == 1:
                v = unknown[nonzero[0]]
                changed |= _narrow(low, high, v, int(row[-1]), int(row[-1]))
        return changed

    def _rate_bounds(self, low, high) -> bool:
        """A count is at most its population (or denominator); a rate and its count bound the population."""
        changed = False
        for numerator, denominator, scale, value in self.rates:
            if scale > 1:
                changed |= _narrow(low, high, numerator, 0, high[denominator])
                changed |= _narrow(low, high, denominator, low[numerator], UNBOUNDED)
            if low[numerator] == high[numerator] and value > 0:
                n, half = Fraction(low[numerator] * scale), Fraction(1, 20)
                top = Fraction(value) - half
                lowest = int(n / (Fraction(value) + half))
                highest = int(n / top) + 1 if top > 0 else UNBOUNDED
                changed |= _narrow(low, high, denominator, lowest, highest)
        return changed

    def _constraints(self, low, high) -> bool:
        changed = False
        for variables, check in self.constraints:
            open_ = [i for i, v in enumerate(variables) if low[v] != high[v]]
            if len(open_) != 1:
                continue
            i = open_[0]
            v = variables[i]
            top = high[v]
            if top - low[v] > ENUMERATION_LIMIT:
                continue
            values = [low[w] for w in variables]
            fits = []
            for candidate in range(low[v], top + 1):
                values[i] = candidate
                if check(*values):
                    fits.append(candidate)
            if fits:
                changed |= _narrow(low, high, v, min(fits), max(fits))
        return changed


def _narrow(low, high, v, lo, hi) -> bool:
    new_lo, new_hi = max(low[v], lo), min(high[v], hi)
    if (new_lo, new_hi) == (low[v], high[v]):
        return False
    low[v], high[v] = new_lo, new_hi
    return True


def count_of(text: str) -> int | None:
    text = text.strip()
    return int(text.replace(",", "")) if re.fullmatch(r"[\d,]+", text) else None


def value_of(text: str) -> Decimal | None:
    text = text.strip().removesuffix("%").removesuffix(" hours").replace(",", "")
    return Decimal(text) if re.fullmatch(r"\d+(\.\d+)?", text) else None


# --- The board report --------------------------------------------------------------------

SHARED_DENOMINATORS = {
    "Average hours detained (released children)": "released",
    "Detentions longer than 24 hours": "released",
    "Average appropriate adult waiting time (hours)": "aa_arrived",
    "Appropriate adult waits longer than 2 hours": "aa_arrived",
    "Average hours held after charge": "charged",
    "Charged children held overnight in a cell": "charged",
    "PACE s38(6) transfers secured when requested": "s38_requested",
    "Victims engaged: contacted before the decision or told the outcome": "victims",
    "Victims taking part in restorative justice": "victims",
    "Out-of-court decisions the police gave without the joint panel": "decisions",
    "Reoffending: children with a further offence within 12 months of their outcome": "cohort",
}
SHARED_NUMERATORS = {"PACE s38(6) transfer requested for children charged and detained": "s38_requested"}
GENDERS = ("Male", "Female", "Other or not stated")
COMPLETION = "Out-of-court disposals delivered and completed (conditions complied with)"


def board_report_attacker(rows: list[list[str]], outcomes: dict[str, int]) -> Attacker:
    """``rows``: the CSV's rows after its header; ``outcomes``: each outcome's name and gravity score."""
    attacker = Attacker()
    periods = {"now": (2, 3, 4), "previous": (5, 6, 7)}
    # The same year's population for both periods when the whole population shown is the same.
    alls = [r for r in rows if r[1] == "All children"]
    same_population = bool(alls) and count_of(alls[0][3]) is not None and alls[0][3] == alls[0][6]
    for period, (n, d, v) in periods.items():

        def population(group, period=period):
            return ("population", group, "both" if same_population else period)

        ethnic, genders, outcome_rows, completing = [], [], [], []
        teams: dict[str, dict] = {}
        for row in rows:
            section, label = row[0], row[1]
            if row[2] == "Not recorded yet":
                continue
            numerator, denominator = ("num", label, period), ("den", label, period)
            scale = 100
            if label.startswith("First-time entrants"):
                denominator, scale = population("all"), 100_000
            elif label == "All children":
                numerator, denominator, scale = ("cohort", period), population("all"), 1000
            elif section.startswith("Disproportionality") and ": rate relative to " not in label:
                numerator, denominator, scale = ("children", label, period), population(label), 1000
                (genders if label in GENDERS else ethnic).append(label)
            elif label in outcomes and section == "Out-of-court disposals":
                numerator, denominator = ("outcome", label, period), ("decisions", period)
                outcome_rows.append(numerator)
                if 2 <= outcomes[label] <= 4:
                    completing.append(numerator)
            elif label == COMPLETION:
                denominator = ("completion_due", period)
            elif ": allocated open cases per worker" in label:
                team = label.split(":")[0]
                numerator, scale = ("allocated", team, period), 1
                teams.setdefault(team, {})["allocated"] = numerator
            elif ": open cases not allocated" in label:
                team = label.split(":")[0]
                numerator, denominator = ("unallocated", team, period), ("open", team, period)
                teams.setdefault(team, {}).update(unallocated=numerator, open=denominator)
            if label in SHARED_DENOMINATORS:
                denominator = (SHARED_DENOMINATORS[label], period)
            if label in SHARED_NUMERATORS:
                numerator = (SHARED_NUMERATORS[label], period)
            attacker.see(numerator, row[n])
            attacker.see(denominator, row[d])
            if ": rate relative to " in label:
                group = label.split(":")[0]
                reference = "All children" if group in GENDERS else "White British"
                reference_children = ("children", reference, period)
                if reference == "All children":
                    reference_children = ("cohort", period)
                attacker.relative_rate_is(
                    (("children", group, period), population(group)),
                    (reference_children, population("all" if reference == "All children" else reference)),
                    row[v],
                )
            elif " hours" not in row[v] and "(hours)" not in label:
                attacker.rate_is(numerator, denominator, scale, row[v])
        attacker.line(("decisions", period), outcome_rows)
        attacker.line(("completion_due", period), completing)
        attacker.line(("cohort", period), [("children", g, period) for g in ethnic])
        attacker.line(("cohort", period), [("children", g, period) for g in genders])
        attacker.line(population("all"), [population(g) for g in ethnic])
        attacker.line(population("all"), [population(g) for g in genders])
        for team in teams.values():
            if len(team) == 3:
                attacker.line(team["open"], [team["allocated"], team["unallocated"]])
    return attacker
