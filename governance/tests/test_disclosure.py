"""Counts hidden from board members cannot be worked back from what they are shown (DESIGN §12).

An attacker (``attacker.py``) takes the board's CSV exactly as a board member downloads it
and tries to derive every hidden count from totals, other rows, shared numbers and rates ×
populations; the staff copy says what each hidden count really is.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from cases.tests.factories import CaseFactory, ChildFactory
from governance import disclosure, services
from governance import report as rendering
from governance.disclosure import Line
from governance.tests.attacker import Attacker, board_report_attacker
from governance.tests.factories import caution, court_order, population
from oocd.models import Outcome

pytestmark = pytest.mark.django_db

D = datetime.date
THRESHOLD = 3


def _population(white_british=9_000):
    population(
        2024,
        {
            ("W1", "M"): white_british,
            ("W1", "F"): white_british,
            ("B1", "M"): 1_000,
            ("B1", "F"): 1_000,
            ("A1", "M"): 800,
            ("A1", "F"): 800,
            ("W1", "X"): 40,
        },
    )


def _children(n, on, **kwargs):
    return [court_order(ChildFactory(**kwargs), on) for _ in range(n)]


def one_caution_among_community_resolutions():
    """Decisions: 1 youth caution and 10 community resolutions; the total is shown beside them."""
    for _ in range(10):
        caution(ChildFactory(), D(2025, 3, 1), code="community_resolution")
    caution(ChildFactory(), D(2025, 3, 1))
    _population()


def one_black_child_among_white_british():
    """Children with an outcome: 10 White British and 1 Black; all children is shown."""
    _children(10, D(2025, 5, 1))
    _children(1, D(2025, 5, 1), ethnicity="B1")
    _population()


def one_white_british_child_and_two_asian():
    """The reference group is small: all children minus Black children leaves 3 (1 and 2, or
    2 and 1), but White British children's rate comes back from any relative rate shown."""
    _children(1, D(2025, 5, 1))
    _children(6, D(2025, 5, 1), ethnicity="B1")
    _children(6, D(2025, 5, 1), ethnicity="B1", gender="F")
    _children(1, D(2025, 5, 1), ethnicity="A1")
    _children(1, D(2025, 5, 1), ethnicity="A1", gender="F")
    _population(white_british=2_000)  # few enough that 1 and 2 children give different rates


def one_girl_and_a_child_of_other_gender():
    """By gender: 12 boys, 1 girl and 1 child whose gender is other or not stated."""
    _children(12, D(2025, 5, 1))
    _children(1, D(2025, 5, 1), gender="F")
    _children(1, D(2025, 5, 1), gender="X")
    _population()


def two_ones_beside_a_total():
    """Two hidden outcomes of 1 beside a total that leaves 2: each must be 1. Also last year."""
    for _ in range(10):
        caution(ChildFactory(), D(2025, 3, 1), code="outcome_22")
    caution(ChildFactory(), D(2025, 3, 1), code="community_resolution")
    caution(ChildFactory(), D(2025, 3, 1), code="nfa")
    for _ in range(5):
        caution(ChildFactory(), D(2024, 3, 1), code="community_resolution")
    caution(ChildFactory(), D(2024, 3, 1))
    _population()


def one_case_not_allocated(worker):
    """A team's open cases: 10 allocated and 1 not; the team's open cases are shown."""
    for _ in range(10):
        CaseFactory(team=worker.teams.first(), allocated_to=worker, start_date=D(2025, 2, 1))
    CaseFactory(team=worker.teams.first(), start_date=D(2025, 2, 1))
    _population()


def a_mixture_over_both_years(worker):
    """A seeded mixture: outcomes, ethnic groups, genders and allocation, in both periods."""
    import random

    rng = random.Random(17)
    codes = ["nfa", "outcome_22", "community_resolution", "youth_caution", "youth_conditional_caution"]
    groups = ["W1", "W1", "W1", "B1", "A1", "M1", "O1", "NS"]
    for year in (2024, 2025):
        for _ in range(rng.randint(14, 24)):
            child = ChildFactory(ethnicity=rng.choice(groups), gender=rng.choice("MMMFFX"))
            caution(child, D(year, rng.randint(1, 12), 1), code=rng.choice(codes), team=worker.teams.first())
        for _ in range(rng.randint(3, 8)):
            court_order(ChildFactory(ethnicity=rng.choice(groups), gender=rng.choice("MMF")), D(year, 6, 1))
    for allocated in (True,) * 7 + (False,):
        CaseFactory(team=worker.teams.first(), allocated_to=worker if allocated else None, start_date=D(2025, 2, 1))
    _population()


DATA_SETS = [
    one_caution_among_community_resolutions,
    one_black_child_among_white_british,
    one_white_british_child_and_two_asian,
    one_girl_and_a_child_of_other_gender,
    two_ones_beside_a_total,
    one_case_not_allocated,
    a_mixture_over_both_years,
]


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))[1:]


def _downloads(client, user, report) -> list[list[str]]:
    client.force_login(user)
    return _csv(client.get(reverse("governance:report_download", args=[report.pk, "csv"])))


@pytest.mark.parametrize("make_data", DATA_SETS, ids=[f.__name__ for f in DATA_SETS])
def test_no_hidden_count_can_be_worked_out_from_the_board_copy(
    make_data, client, head_of_service, board_member, case_worker
):
    if make_data in (one_case_not_allocated, a_mixture_over_both_years):
        make_data(case_worker)
    else:
        make_data()
    created = services.board_report_request(by=head_of_service, start=D(2025, 1, 1), end=D(2025, 12, 31))
    report = services.board_report_generate(report_id=created.pk)
    outcomes = dict(Outcome.objects.values_list("name", "gravity_score"))

    board_rows = _downloads(client, board_member, report)
    staff_rows = _downloads(client, head_of_service, report)
    attacker = board_report_attacker(board_rows, outcomes)
    truth = board_report_attacker(staff_rows, outcomes).shown
    assert not board_report_attacker(staff_rows, outcomes).hidden

    small = {v for v in attacker.hidden if 0 < truth[v] < THRESHOLD}
    assert small, "the data set has a small count for the board's copy to hide"
    derived = attacker.solve()
    assert {v: truth[v] for v in derived} == derived, "the attacker's working is sound"
    assert not {v: derived[v] for v in derived if v in small}


def test_the_page_shows_the_board_the_same_cells_as_its_csv(client, head_of_service, board_member):
    from governance.tests.report_tables import Tables

    one_girl_and_a_child_of_other_gender()
    created = services.board_report_request(by=head_of_service, start=D(2025, 1, 1), end=D(2025, 12, 31))
    report = services.board_report_generate(report_id=created.pk)
    client.force_login(board_member)
    html = client.get(reverse("governance:report_detail", args=[report.pk])).content.decode()
    rows = _downloads(client, board_member, report)
    assert Tables(html).rows == [row[1:] for row in rows]
    genders = {row[1]: row[2] for row in rows if row[1] in ("Male", "Female", "Other or not stated")}
    assert genders == {"Male": rendering.HIDDEN, "Female": rendering.HIDDEN, "Other or not stated": rendering.HIDDEN}
    assert "fewer than" not in html


def test_staff_keep_seeing_the_true_figures(client, head_of_service, team_manager):
    one_girl_and_a_child_of_other_gender()
    created = services.board_report_request(by=head_of_service, start=D(2025, 1, 1), end=D(2025, 12, 31))
    report = services.board_report_generate(report_id=created.pk)
    rows = _downloads(client, head_of_service, report)
    genders = {row[1]: row[2] for row in rows if row[1] in ("Male", "Female", "Other or not stated")}
    assert genders == {"Male": "12", "Female": "1", "Other or not stated": "1"}
    assert not any(rendering.HIDDEN in cell for row in rows for cell in row)


# --- The rules on plain tables ------------------------------------------------------------


def _table(cells: dict[tuple[int, int], int]) -> tuple[dict, list[Line]]:
    """Rows × columns with row totals, column totals and a grand total (key ``None`` for a total)."""
    rows = sorted({r for r, _ in cells})
    columns = sorted({c for _, c in cells})
    counts = dict(cells)
    for r in rows:
        counts[(r, None)] = sum(cells[(r, c)] for c in columns)
    for c in columns:
        counts[(None, c)] = sum(cells[(r, c)] for r in rows)
    counts[(None, None)] = sum(cells.values())
    lines = [Line((r, None), tuple((r, c) for c in columns)) for r in [*rows, None]]
    lines += [Line((None, c), tuple((r, c) for r in rows)) for c in [*columns, None]]
    return counts, lines


def _attack(counts: dict, lines: list[Line], hidden: set) -> dict:
    attacker = Attacker()
    for cell, count in counts.items():
        attacker.see(cell, "hidden" if cell in hidden else str(count))
    for line in lines:
        attacker.line(line.total, line.parts)
    return attacker.solve()


TABLES = {
    "one small cell": {(0, 0): 1, (0, 1): 7, (1, 0): 9, (1, 1): 12},
    "a small row": {(0, 0): 1, (0, 1): 1, (0, 2): 0, (1, 0): 8, (1, 1): 5, (1, 2): 6},
    "ones in a corner": {(0, 0): 1, (0, 1): 1, (1, 0): 1, (1, 1): 1, (2, 0): 4, (2, 1): 5},
    "scattered": {(r, c): [1, 5, 9, 2, 14, 3, 8, 2, 7, 11, 6, 1][r * 4 + c] for r in range(3) for c in range(4)},
    "zeros around a one": {(0, 0): 1, (0, 1): 0, (1, 0): 0, (1, 1): 30},
}


@pytest.mark.parametrize("name", TABLES)
def test_suppress_leaves_no_small_cell_derivable_in_a_table_with_totals(name):
    counts, lines = _table(TABLES[name])
    hidden = disclosure.suppress(counts, lines, THRESHOLD)
    small = {cell for cell, count in counts.items() if 0 < count < THRESHOLD}
    assert small <= hidden
    assert not {cell for cell, count in counts.items() if count == 0} & hidden, "zeros are shown"
    derived = _attack(counts, lines, hidden)
    assert all(counts[cell] == value for cell, value in derived.items())
    assert not set(derived) & small


def test_primary_suppression_alone_is_undone_by_the_totals():
    """The attack works on a table suppressed the old way, so passing above means something."""
    counts, lines = _table(TABLES["one small cell"])
    derived = _attack(counts, lines, {(0, 0)})
    assert derived == {(0, 0): 1}


def test_the_smallest_further_cell_is_hidden():
    counts = {"total": 40, "a": 1, "b": 4, "c": 15, "d": 20}
    hidden = disclosure.suppress(counts, [Line("total", ("a", "b", "c", "d"))], THRESHOLD)
    assert hidden == {"a", "b"}


def test_a_rate_is_hidden_with_its_count_or_its_population():
    data = {
        "sections": {
            "disproportionality": [
                _figure("disproportionality:all", 30, 5_000),
                _figure("disproportionality:white_british", 1, 4_000),
                _figure("disproportionality:black", 29, 1_000),
                _figure("relative_rate:black", None, None),
            ]
        }
    }
    hidden = disclosure.board_report_hidden(data, threshold=THRESHOLD, gravity={})
    assert hidden.count("disproportionality:white_british", "now", "numerator")
    assert hidden.value("disproportionality:white_british", "now")
    # Black's count is hidden too (all minus Black would give White British back), and so is
    # every relative rate, which would give White British's rate back.
    assert hidden.count("disproportionality:black", "now", "numerator")
    assert hidden.value("relative_rate:black", "now")
    assert not hidden.count("disproportionality:all", "now", "denominator")


def _figure(code, numerator, denominator):
    numbers = {"numerator": numerator, "denominator": denominator, "value": None}
    return {"code": code, "recorded": True, **numbers, "previous": dict(numbers)}


def test_board_copies_written_before_are_written_again(client, head_of_service, board_member):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    one_girl_and_a_child_of_other_gender()
    created = services.board_report_request(by=head_of_service, start=D(2025, 1, 1), end=D(2025, 12, 31))
    report = services.board_report_generate(report_id=created.pk)
    staff_csv = report.csv.name
    report.board_csv.save("old-board.csv", ContentFile(b"Section,Figure\nOld,Female 1\n"), save=True)
    old_name = report.board_csv.name

    call_command("board_copies_rewrite", stdout=io.StringIO())

    report.refresh_from_db()
    assert report.csv.name == staff_csv
    assert not report.board_csv.storage.exists(old_name)
    rows = _downloads(client, board_member, report)
    presented = rendering.present(report.data, suppress=True)
    assert rows == rendering.csv_rows(presented)
    assert not board_report_attacker(rows, dict(Outcome.objects.values_list("name", "gravity_score"))).solve()
