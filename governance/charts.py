"""Server-side SVG bar charts: the same markup on the page and in the PDF.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` naming every bar
and its value, and the page puts the table of its figures right after it. Colours are
SVG presentation attributes (no ``style=``), so the strict CSP allows them.
"""

from dataclasses import dataclass

from django.utils.html import escape

CURRENT = "#1d70b8"  # GOV.UK blue
PREVIOUS = "#b1b4b6"  # GOV.UK mid grey
TEXT = "#0b0c0c"


@dataclass
class Bar:
    label: str
    value: float | None
    previous: float | None = None
    shown: str = ""  # the value as shown (e.g. "not shown (small numbers)"): no bar when not a number
    previous_shown: str = ""


def bar_chart(*, chart_id: str, title: str, bars: list[Bar], unit: str = "", width: int = 640) -> str:
    label_width, bar_height, gap, top = 280, 14, 10, 34
    plot = width - label_width - 70
    peak = max([b.value or 0 for b in bars] + [b.previous or 0 for b in bars] + [0]) or 1
    height = top + len(bars) * (2 * bar_height + gap) + 10
    described = "; ".join(
        f"{bar.label}: {bar.shown or _number(bar.value, unit)} "
        f"(previous period {bar.previous_shown or _number(bar.previous, unit)})"
        for bar in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" width="100%" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described or "No figures")}</desc>',
        f'<rect x="{label_width}" y="6" width="12" height="12" fill="{CURRENT}"/>',
        f'<text x="{label_width + 16}" y="16" font-size="12" fill="{TEXT}">This period</text>',
        f'<rect x="{label_width + 110}" y="6" width="12" height="12" fill="{PREVIOUS}"/>',
        f'<text x="{label_width + 126}" y="16" font-size="12" fill="{TEXT}">Previous period</text>',
    ]
    y = top
    for bar in bars:
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height + 4}" font-size="11" text-anchor="end" '
            f'fill="{TEXT}">{escape(_shorten(bar.label))}</text>'
        )
        for value, colour, offset, text in (
            (bar.value, CURRENT, 0, bar.shown or _number(bar.value, unit)),
            (bar.previous, PREVIOUS, bar_height, bar.previous_shown or _number(bar.previous, unit)),
        ):
            length = 0 if value is None else max(round(value / peak * plot, 1), 0)
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length}" height="{bar_height - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 4}" y="{y + offset + bar_height - 3}" font-size="11" '
                f'fill="{TEXT}">{escape(text)}</text>'
            )
        y += 2 * bar_height + gap
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "no figure"
    text = f"{value:g}"
    return f"{text}%" if unit == "percent" else text


def _shorten(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
