"""Server-side SVG charts: the same markup on a page and in a PDF (the board report's, the manager's
dashboard's).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` naming every figure, and
the page puts the table of its figures right after it. Colours are SVG presentation attributes
(no ``style=``), so the strict CSP allows them.

- ``bar_chart``: a horizontal bar per label, with the previous period's beside it (two series)
  or alone (one series).
- ``column_chart``: a column per period (a week), stacked by series, with each column's total.
"""

from dataclasses import dataclass

from django.utils.html import escape

CURRENT = "#1d70b8"  # GOV.UK blue
PREVIOUS = "#b1b4b6"  # GOV.UK mid grey
TEXT = "#0b0c0c"
AXIS = "#505a5f"  # GOV.UK secondary text
# A stacked column's series, each of at least 3:1 contrast on white (WCAG 1.4.11).
STACKED = ("#1d70b8", "#d4351c", "#00703c")
COMPARED = ("This period", "Previous period")
FONT = "GDS Transport, arial, sans-serif"  # the page's (the PDF's falls back to arial)


@dataclass
class Bar:
    label: str
    value: float | None
    previous: float | None = None
    shown: str = ""  # the value as shown (e.g. "not shown (small numbers)"): no bar when not a number
    previous_shown: str = ""


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: list[Bar],
    unit: str = "",
    width: int = 640,
    series: tuple[str, ...] = COMPARED,
) -> str:
    """Horizontal bars. With two ``series`` (the default) each label has this period's bar and the
    previous period's under it, and a legend; with one, a bar for each label's ``value`` alone."""
    compared = len(series) > 1
    label_width, bar_height, gap = 280, 14, 10
    top = 34 if compared else 10
    row_height = (2 if compared else 1) * bar_height + gap
    plot = width - label_width - 70
    peak = max([b.value or 0 for b in bars] + [b.previous or 0 for b in bars] + [0]) or 1
    height = top + len(bars) * row_height + 10
    described = "; ".join(
        f"{bar.label}: {bar.shown or _number(bar.value, unit)}"
        + (f" ({series[1].lower()} {bar.previous_shown or _number(bar.previous, unit)})" if compared else "")
        for bar in bars
    )
    parts = _opening(chart_id, title, described, width, height)
    if compared:
        parts += _legend([(label_width, series[0], CURRENT), (label_width + 110, series[1], PREVIOUS)])
    y = top
    for bar in bars:
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height + (4 if compared else -3)}" font-size="11" '
            f'text-anchor="end" fill="{TEXT}">{escape(_shorten(bar.label))}</text>'
        )
        drawn = [(bar.value, CURRENT, 0, bar.shown or _number(bar.value, unit))]
        if compared:
            drawn.append((bar.previous, PREVIOUS, bar_height, bar.previous_shown or _number(bar.previous, unit)))
        for value, colour, offset, text in drawn:
            length = 0 if value is None else max(round(value / peak * plot, 1), 0)
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length}" height="{bar_height - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 4}" y="{y + offset + bar_height - 3}" font-size="11" '
                f'fill="{TEXT}">{escape(text)}</text>'
            )
        y += row_height
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class Column:
    label: str  # under the column, short ("6 Dec")
    values: tuple[float, ...]  # one per series, stacked from the bottom
    name: str = ""  # in the description ("Week ending 6 December 2026"); by default the label


def column_chart(
    *, chart_id: str, title: str, columns: list[Column], series: tuple[str, ...], width: int = 640, height: int = 240
) -> str:
    """A column per period, its ``values`` stacked (one colour per series, a legend above) with the
    column's total on top, and the axis from 0 to the highest total."""
    left, right, top, bottom = 36, 10, 34, 28
    plot_width, plot_height = width - left - right, height - top - bottom
    totals = [sum(column.values) for column in columns]
    peak = max([*totals, 0]) or 1
    described = "; ".join(
        f"{column.name or column.label}: "
        + ", ".join(f"{name.lower()} {_number(value, '')}" for name, value in zip(series, column.values, strict=True))
        + (f", {_number(total, '')} in all" if len(series) > 1 else "")
        for column, total in zip(columns, totals, strict=True)
    )
    parts = _opening(chart_id, title, described or "No figures", width, height)
    parts += _legend([(left + 130 * i, name, STACKED[i % len(STACKED)]) for i, name in enumerate(series)])
    base = top + plot_height
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{AXIS}" stroke-width="1"/>')
    tallest = plot_height - 14  # room above the tallest column for its total
    for value, y in ((0, base), (peak, base - tallest)):
        parts.append(
            f'<text x="{left - 6}" y="{y + 4}" font-size="11" text-anchor="end" fill="{AXIS}">'
            f"{_number(value, '')}</text>"
        )
    slot = plot_width / max(len(columns), 1)
    bar_width = round(slot * 0.6, 1)
    for index, (column, total) in enumerate(zip(columns, totals, strict=True)):
        x = round(left + index * slot + (slot - bar_width) / 2, 1)
        y = base
        for number, value in enumerate(column.values):
            length = round(value / peak * tallest, 1)
            if length > 0:
                y = round(y - length, 1)
                colour = STACKED[number % len(STACKED)]
                parts.append(f'<rect x="{x}" y="{y}" width="{bar_width}" height="{length}" fill="{colour}"/>')
        middle = round(x + bar_width / 2, 1)
        parts.append(
            f'<text x="{middle}" y="{round(y - 3, 1)}" font-size="11" text-anchor="middle" fill="{TEXT}">'
            f"{_number(total, '')}</text>"
        )
        parts.append(
            f'<text x="{middle}" y="{base + 16}" font-size="11" text-anchor="middle" fill="{TEXT}">'
            f"{escape(column.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _opening(chart_id: str, title: str, described: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" width="100%" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described or "No figures")}</desc>',
    ]


def _legend(keys: list[tuple[int, str, str]]) -> list[str]:
    """A coloured square and its series' name for each (x, name, colour), along the top."""
    parts = []
    for x, name, colour in keys:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="16" font-size="12" fill="{TEXT}">{escape(name)}</text>')
    return parts


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "no figure"
    text = f"{value:g}"
    return f"{text}%" if unit == "percent" else text


def _shorten(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
