"""Small-number suppression for what board members see: the one place its rules live.

Board members see no count from 1 to ``BOARD_SMALL_NUMBER - 1``. Hiding those cells alone
(primary suppression) is not enough: a total minus the other rows, or a rate times its
population, gives a hidden count back. So further cells are hidden (complementary
suppression) until no hidden small count can be worked out from what is shown.

The rules, over a table of counts (cells) and the lines that add up (a total and its parts):

- A count from 1 to N-1 is hidden. A zero is shown: it names no child, and showing it
  tells a reader that every hidden cell is at least 1, which the checks below allow for.
- Then, while some hidden small count can be worked out, the smallest shown non-zero cell
  of a line through it is hidden too (a part before a total; if its lines have no part
  left, a line through another hidden cell that can be worked out). "Worked out" means
  either fixed by the lines' equations (e.g. the only hidden cell of a line whose total is
  shown), or left no other value by them once every hidden cell is at least 1 (two hidden
  cells of 1 beside a total that leaves 2).
- A rate, percentage or average is hidden when any count it is made from is hidden; so a
  rate is only shown beside its count and population, and tells nothing they do not.
- Every hidden cell is shown with the same words, whether small or hidden to protect a
  small one, so a reader cannot tell which is which.

``suppress`` works on any table; ``board_report_hidden`` describes the board report's
figures as such a table (which figures show the same number, which add up).
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd, lcm

Cell = Hashable


@dataclass(frozen=True)
class Line:
    """A total and the counts that add up to it: ``total = sum(parts)``."""

    total: Cell
    parts: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)


def is_small(count: int | None, threshold: int) -> bool:
    return isinstance(count, int) and 0 < count < threshold


def _equations(
    counts: Mapping[Cell, int | None], lines: Sequence[Line], hidden: set
) -> tuple[list[Cell], list[list[Fraction]]]:
    """The lines as equations over the hidden cells (shown cells are constants).

    The largest cells come first, so that elimination makes them the pivots and the small
    cells the free ones: a small cell is then moved by one against a large one."""
    unknowns = sorted(
        {cell for line in lines for cell in line.cells if cell in hidden}, key=lambda cell: (-counts[cell], repr(cell))
    )
    column = {cell: i for i, cell in enumerate(unknowns)}
    rows = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for cell, sign in ((line.total, 1), *((part, -1) for part in line.parts)):
            if cell in column:
                row[column[cell]] += sign
        if any(row):
            rows.append(row)
    return unknowns, rows


def _reduced(rows: list[list[Fraction]], width: int) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form and its pivot columns (exact arithmetic)."""
    rows = [list(row) for row in rows]
    pivots: list[int] = []
    r = 0
    for c in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [value / lead for value in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    return rows[:r], pivots


def _integral(vector: list[Fraction]) -> list[int]:
    scale = lcm(*(value.denominator for value in vector))
    whole = [int(value * scale) for value in vector]
    common = gcd(*whole) or 1
    return [value // common for value in whole]


def exposed(counts: Mapping[Cell, int | None], lines: Sequence[Line], hidden: set) -> set:
    """The hidden cells a reader could work out from the shown cells and the lines."""
    unknowns, rows = _equations(counts, lines, hidden)
    if not unknowns:
        return set()
    reduced, pivots = _reduced(rows, len(unknowns))
    free = [c for c in range(len(unknowns)) if c not in pivots]
    # One way to change the hidden cells that keeps every line's total: per free cell, that
    # cell up by one and the pivot cells as the equations say (scaled to whole numbers).
    moves = []
    for f in free:
        vector = [Fraction(0)] * len(unknowns)
        vector[f] = Fraction(1)
        for row, p in zip(reduced, pivots, strict=True):
            vector[p] = -row[f]
        moves.append(_integral(vector))
    values = [counts[cell] for cell in unknowns]

    def fits(move: list[int]) -> bool:
        return all(value + step >= 1 for value, step in zip(values, move, strict=True))

    def tried(i: int):
        own = [move for move in moves if move[i] != 0]
        for move in own:
            yield move
            yield [-step for step in move]
        for move in own:
            for second in moves:
                if second is not move:
                    for other in (1, -1):
                        together = [a + other * b for a, b in zip(move, second, strict=True)]
                        yield together
                        yield [-step for step in together]

    found = set()
    for i, cell in enumerate(unknowns):
        # Not freed by one of these moves, or two together, is treated as worked out: more
        # moves together might still free it, but hiding one more cell is the safe side.
        if not any(move[i] != 0 and fits(move) for move in tried(i)):
            found.add(cell)
    return found


def _cheapest(counts: Mapping[Cell, int | None], lines: Iterable[Line], hidden: set, *, totals: bool) -> Cell | None:
    """The smallest shown non-zero part (or, with ``totals``, total) of these lines."""
    best = None
    for line in lines:
        for cell in (line.total,) if totals else line.parts:
            count = counts.get(cell)
            if cell in hidden or not count:
                continue
            if best is None or (count, repr(cell)) < best[0]:
                best = ((count, repr(cell)), cell)
    return None if best is None else best[1]


def suppress(counts: Mapping[Cell, int | None], lines: Sequence[Line], threshold: int) -> set:
    """The cells to hide: every small count, and enough others that none can be worked out."""
    small = {cell for cell, count in counts.items() if is_small(count, threshold)}
    hidden = set(small)
    while True:
        found = exposed(counts, lines, hidden)
        if not found & small:
            return hidden
        # Through the small cells that can be worked out first, then through the hidden cells
        # they were worked out from (e.g. a further cell alone in its column); parts before totals.
        through_small = [line for line in lines if found & small & set(line.cells)]
        through_found = [line for line in lines if found & set(line.cells)]
        choices = (
            _cheapest(counts, chosen, hidden, totals=totals)
            for totals in (False, True)
            for chosen in (through_small, through_found)
        )
        added = next((cell for cell in choices if cell is not None), None)
        if added is None:  # every cell of those lines is hidden or zero already
            return hidden
        hidden.add(added)


# --- The board report as a table ------------------------------------------------------------

NOW, PREVIOUS = "now", "previous"

# Figures that show the same number as another figure: (code, field) -> the quantity's name.
SAME_NUMBER = {
    ("police_only", "denominator"): "decisions",
    ("reoffending", "denominator"): "cohort",
    ("disproportionality:all", "numerator"): "cohort",
    ("first_time_entrants", "denominator"): "population:all",
    ("custody_hours", "denominator"): "released",
    ("custody_over_24", "denominator"): "released",
    ("aa_wait_hours", "denominator"): "aa_arrived",
    ("aa_wait_over_2", "denominator"): "aa_arrived",
    ("held_after_charge_hours", "denominator"): "charged",
    ("overnight_after_charge", "denominator"): "charged",
    ("s38_6_requested", "numerator"): "s38_requested",
    ("s38_6_secured", "denominator"): "s38_requested",
    ("victims_engaged", "denominator"): "victims",
    ("victims_restorative_justice", "denominator"): "victims",
    # --- family --- (the needs indicators share the cohort of court orders ended in the period)
    ("ete_end_of_order", "denominator"): "orders_ended",
    ("accommodation_end_of_order", "denominator"): "orders_ended",
    ("send_end_of_order", "denominator"): "orders_ended",
    ("mental_health_need", "denominator"): "orders_ended",
    ("substance_misuse_need", "denominator"): "orders_ended",
    ("wider_services", "denominator"): "orders_ended",
    ("send_end_of_order", "numerator"): "send_at_end",
    ("send_plan_end_of_order", "denominator"): "send_at_end",
    ("mental_health_need", "numerator"): "mental_health_need",
    ("mental_health_intervention", "denominator"): "mental_health_need",
    ("substance_misuse_need", "numerator"): "substance_misuse_need",
    ("substance_misuse_intervention", "denominator"): "substance_misuse_need",
    ("serious_violence", "denominator"): "population:all",
    ("serious_violence", "numerator"): "serious_violence",
    ("serious_violence_share", "numerator"): "serious_violence",
    # --- court --- (completed and breached share the orders ended in the period)
    ("court_orders_completed", "denominator"): "court_orders_ended",
    ("court_orders_breached", "denominator"): "court_orders_ended",
}
REFERENCE_GROUP = "white_british"
# Out-of-court disposal completion counts decisions of these gravity scores.
COMPLETION_GRAVITY = range(2, 5)


def _quantity(code: str, field_name: str) -> str:
    if (code, field_name) in SAME_NUMBER:
        return SAME_NUMBER[(code, field_name)]
    if code.startswith("oocd_outcome:") and field_name == "denominator":
        return "decisions"
    if code.startswith("disproportionality:") and field_name == "denominator":
        return "population:" + code.split(":", 1)[1]
    if code.startswith("caseload_unallocated:") and field_name == "denominator":
        return "open_cases:" + code.split(":", 1)[1]
    return f"{code}.{field_name}"


@dataclass
class Hidden:
    """Which of a board report's numbers a board member does not see."""

    cells: set = field(default_factory=set)
    key_of: dict = field(default_factory=dict)  # (code, period, field) -> cell
    inputs: dict = field(default_factory=dict)  # (code, period) -> the cells its value is made from

    def count(self, code: str, period: str, field_name: str) -> bool:
        return self.key_of.get((code, period, field_name)) in self.cells

    def value(self, code: str, period: str) -> bool:
        return any(cell in self.cells for cell in self.inputs.get((code, period), ()))


def numbers_of(figure: dict, period: str) -> dict:
    return figure if period == NOW else (figure.get("previous") or {})


def board_report_hidden(data: dict, *, threshold: int, gravity: Mapping[str, int]) -> Hidden:
    """The board report's figures (both periods) as one table, suppressed as above.

    ``gravity`` is each out-of-court outcome's gravity score, which says which outcomes'
    decisions add up to the completion figure's denominator."""
    figures = [figure for section in data.get("sections", {}).values() for figure in section if figure["recorded"]]
    by_code = {figure["code"]: figure for figure in figures}
    hidden = Hidden()
    counts: dict[Cell, int | None] = {}

    def key(code: str, period: str, field_name: str) -> Cell:
        quantity = _quantity(code, field_name)
        if quantity.startswith("population:"):
            # Both periods usually use the same year's population: then it is one number.
            figure = by_code[code]
            if numbers_of(figure, NOW).get(field_name) == numbers_of(figure, PREVIOUS).get(field_name):
                return (quantity, "both")
        return (quantity, period)

    for figure in figures:
        for period in (NOW, PREVIOUS):
            numbers = numbers_of(figure, period)
            for field_name in ("numerator", "denominator"):
                if numbers.get(field_name) is None:
                    continue
                cell = key(figure["code"], period, field_name)
                hidden.key_of[(figure["code"], period, field_name)] = cell
                counts.setdefault(cell, numbers[field_name])

    def cell(code: str, period: str, field_name: str) -> Cell | None:
        return hidden.key_of.get((code, period, field_name))

    def numerators(codes: Iterable[str], period: str) -> tuple[Cell, ...]:
        return tuple(c for c in (cell(code, period, "numerator") for code in codes) if c is not None)

    lines: list[Line] = []
    outcomes = [code for code in by_code if code.startswith("oocd_outcome:")]
    ethnic = [c for c in by_code if c.startswith("disproportionality:") and c != "disproportionality:all"]
    genders = [c for c in ethnic if c.startswith("disproportionality:gender_")]
    ethnic = [c for c in ethnic if c not in genders]
    for period in (NOW, PREVIOUS):

        def add(total: Cell | None, parts: tuple[Cell, ...]) -> None:
            if total is not None and parts:
                lines.append(Line(total, parts))

        if outcomes:
            add(("decisions", period), numerators(outcomes, period))
            codes = [code.split(":", 1)[1] for code in outcomes]
            if all(code in gravity for code in codes):
                completing = [f"oocd_outcome:{code}" for code in codes if gravity[code] in COMPLETION_GRAVITY]
                add(cell("oocd_completion", period, "denominator"), numerators(completing, period))
        for groups in (ethnic, genders):
            add(cell("disproportionality:all", period, "numerator"), numerators(groups, period))
            add(
                cell("disproportionality:all", period, "denominator"),
                tuple(c for c in (cell(g, period, "denominator") for g in groups) if c is not None),
            )
        for code in by_code:
            if code.startswith("caseload:"):
                name = code.split(":", 1)[1]
                add(
                    cell(f"caseload_unallocated:{name}", period, "denominator"),
                    numerators([code, f"caseload_unallocated:{name}"], period),
                )

    for figure in figures:
        code = figure["code"]
        for period in (NOW, PREVIOUS):
            own = [code]
            if code.startswith("relative_rate:"):
                group = code.split(":", 1)[1]
                reference = "all" if group.startswith("gender_") else REFERENCE_GROUP
                own = [f"disproportionality:{group}", f"disproportionality:{reference}"]
            hidden.inputs[(code, period)] = tuple(
                c for c in (cell(o, period, f) for o in own for f in ("numerator", "denominator")) if c is not None
            )

    hidden.cells = suppress(counts, lines, threshold)
    return hidden
