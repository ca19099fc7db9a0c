"""The server-side SVG charts: described for screen readers, escaped, and without inline styles."""

import re
from xml.etree import ElementTree

import pytest

from yjs import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (our own markup)


def test_a_bar_chart_of_one_series_has_a_bar_per_label_and_no_legend():
    svg = charts.bar_chart(
        chart_id="c",
        title="Open cases",
        bars=[charts.Bar("Sam <O'Neil>", 4), charts.Bar("Ali", 2)],
        series=("Open cases",),
    )
    root = _parsed(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Open cases"
    assert root.find(f"{SVG}desc").text == "Sam <O'Neil>: 4; Ali: 2"
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths == [290, 145]  # the longest bar the whole plot, the other in proportion
    assert "Previous period" not in svg and "style" not in svg


def test_a_bar_chart_of_two_periods_keeps_the_board_reports_legend_and_description():
    svg = charts.bar_chart(chart_id="c", title="T", bars=[charts.Bar("Cautions", 50, 25, previous_shown="")])
    root = _parsed(svg)
    assert root.find(f"{SVG}desc").text == "Cautions: 50 (previous period 25)"
    assert [text.text for text in root.iter(f"{SVG}text")][:2] == ["This period", "Previous period"]
    assert len(list(root.iter(f"{SVG}rect"))) == 2 + 2  # the legend's, and two bars


def test_a_column_chart_stacks_each_periods_series_and_describes_every_figure():
    svg = charts.column_chart(
        chart_id="late",
        title="Late work",
        columns=[charts.Column("3 Jun", (2, 1), "Week ending 3 June 2026"), charts.Column("10 Jun", (0, 0))],
        series=("Assessments", "Reviews"),
    )
    root = _parsed(svg)
    assert root.find(f"{SVG}desc").text == (
        "Week ending 3 June 2026: assessments 2, reviews 1, 3 in all; 10 Jun: assessments 0, reviews 0, 0 in all"
    )
    bars = [rect for rect in root.iter(f"{SVG}rect") if float(rect.get("width")) > 12]
    heights = [float(rect.get("height")) for rect in bars]
    assert len(bars) == 2 and heights[0] == pytest.approx(2 * heights[1], abs=0.2)  # no bar for a zero
    assert bars[0].get("fill") != bars[1].get("fill")
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"Assessments", "Reviews", "3 Jun", "10 Jun", "3", "0"} <= set(texts)
    assert not re.search(r"\bstyle=", svg)


def test_a_chart_with_no_figures_says_so():
    svg = charts.column_chart(chart_id="x", title="Nothing", columns=[], series=("Assessments",))
    assert _parsed(svg).find(f"{SVG}desc").text == "No figures"
