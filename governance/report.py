"""A board report: its figures assembled, shown (page, PDF, CSV) from one table of cells.

``report_data`` computes and keeps the raw figures; ``present`` turns them into what a
reader sees, suppressing small numbers for board members (``disclosure``: small counts and
every figure from which one could be worked out), so the page, the PDF and the CSV carry
exactly the same strings.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from oocd.models import Outcome
from yjs import charts
from yjs.exports import pdf_bytes, spreadsheet_safe

from . import disclosure, indicators
from .permissions import small_number_threshold

COLUMNS = [
    "Figure",
    "Numerator",
    "Denominator",
    "Value",
    "Previous numerator",
    "Previous denominator",
    "Previous value",
    "Note",
]
CSV_HEADER = ["Section", *COLUMNS]
NOT_RECORDED = "Not recorded yet"
NO_FIGURE = "–"
HIDDEN = "not shown (small numbers)"

INTROS = {
    "yjb": "The Youth Justice Board's key performance indicators. Rates use the local population of children "
    "aged 10–17.",
    "oocd": "Out-of-court decisions made in the period, jointly at the panel or by the police alone.",
    "disproportionality": "Children with a youth caution, youth conditional caution or court order in the period, "
    "per 1,000 children aged 10–17 of the same group in the local population.",
    "custody": "Children detained in police custody in the area (from the daily custody feed, all teams).",
    "information_requests": "Requests for information made to the police officer in the period: supplied (numerator), "
    "made (denominator) and the median working hours taken to supply them (value). Not split by team.",
    "assessments": "Assessments due in the period.",
    "risk": "Children rated high or very high risk, and whether their cases reach the risk and vulnerability "
    "meeting in time; the meeting's actions; reviews after significant events; assessments a manager returned.",
    "caseloads": "Cases open at the end of the period, per team.",
    # --- court ---
    "court": "Pre-sentence reports on time and their concordance with the sentence; referral order panels held "
    "in time; how court orders ended; unpaid work delivered; resettlement plans in place at release.",
    # --- interventions ---
    "interventions": "Referrals to interventions ended in the period, and the reparation hours done in the period "
    "against the hours ordered of the placements active in it.",
    "needs": "The Youth Justice Board's indicators on children's needs at the end of their court orders "
    "(accommodation, education, SEND or ALN, mental health, substance misuse, links to wider services), from the "
    "dated records of each child's needs, and proven serious violence.",
}

# Which figures each section's chart shows, and from which field.
CHARTED = {
    "yjb": ("value", lambda f: f["unit"] == "percent" and f["recorded"]),
    "needs": ("value", lambda f: f["unit"] == "percent" and f["recorded"]),
    "oocd": ("numerator", lambda f: f["code"].startswith("oocd_outcome:")),
    "disproportionality": ("value", lambda f: f["code"].startswith("disproportionality:")),
    "custody": ("value", lambda f: f["unit"] == "percent"),
    "information_requests": ("denominator", lambda f: True),
    "assessments": ("value", lambda f: True),
    "risk": ("value", lambda f: True),
    "court": ("value", lambda f: True),  # --- court ---
    "caseloads": ("value", lambda f: f["code"].startswith("caseload:")),
    "interventions": ("value", lambda f: True),  # --- interventions ---
}
# Sections whose charts show percentages.
PERCENT_CHARTS = ("yjb", "needs", "custody", "assessments", "risk", "court", "interventions")
CHART_TITLES = {
    "yjb": "Key performance indicators (%)",
    "needs": "Children's needs at the end of their orders (%)",
    "oocd": "Out-of-court decisions by outcome",
    "disproportionality": "Children with an outcome per 1,000 of the population",
    "custody": "Custody figures (%)",
    "information_requests": "Information requests made, by type",
    "assessments": "Assessments (%)",
    "risk": "Keeping the child and other people safe (%)",
    "court": "Court work and orders (%)",  # --- court ---
    "caseloads": "Open cases per allocated worker",
    "interventions": "Interventions and reparation (%)",  # --- interventions ---
}


def report_data(*, start: date, end: date, team_ids=None, team_names=(), user=None, progress=None) -> dict:
    period = indicators.Period(start, end)
    sections = indicators.board_figures(start=start, end=end, team_ids=team_ids, user=user, progress=progress)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "previous": {"start": period.previous.start.isoformat(), "end": period.previous.end.isoformat()},
        "teams": list(team_names),
        "generated_at": timezone.now().isoformat(),
        "sections": sections,
    }


# --- Presenting -------------------------------------------------------------------------


@dataclass
class Cells:
    numerator: str
    denominator: str
    value: str
    hidden: bool


def format_value(value, unit: str) -> str:
    if value is None:
        return NO_FIGURE
    text = f"{Decimal(str(value)):,}"
    if unit == "percent":
        return f"{text}%"
    if unit == "hours":
        return f"{text} hours"
    return text


def _cells(figure: dict, period: str, hidden: disclosure.Hidden | None) -> Cells:
    numbers = disclosure.numbers_of(figure, period)
    code, unit = figure["code"], figure["unit"]

    def count(field: str) -> str:
        if numbers.get(field) is None:
            return NO_FIGURE
        if hidden is not None and hidden.count(code, period, field):
            return HIDDEN
        return f"{numbers[field]:,}"

    value_hidden = hidden is not None and hidden.value(code, period)
    return Cells(
        count("numerator"),
        count("denominator"),
        HIDDEN if value_hidden and numbers.get("value") is not None else format_value(numbers.get("value"), unit),
        value_hidden,
    )


def _period_text(period: dict) -> str:
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def present(data: dict, *, suppress: bool) -> dict:
    """What a reader sees: formatted cells, suppression applied, one chart and table per section."""
    threshold = small_number_threshold()
    hidden = None
    if suppress:
        gravity = dict(Outcome.objects.values_list("code", "gravity_score"))
        hidden = disclosure.board_report_hidden(data, threshold=threshold, gravity=gravity)
    sections = []
    for key, title in indicators.SECTIONS:
        figures = data["sections"].get(key, [])
        rows, bars = [], []
        for figure in figures:
            now = _cells(figure, disclosure.NOW, hidden)
            before = _cells(figure, disclosure.PREVIOUS, hidden)
            if figure["recorded"]:
                cells = [figure["label"], now.numerator, now.denominator, now.value]
                cells += [before.numerator, before.denominator, before.value, figure["note"]]
            else:
                cells = [figure["label"], NOT_RECORDED, NOT_RECORDED, NOT_RECORDED, "", "", "", figure["note"]]
            rows.append(cells)
            charted = CHARTED.get(key)
            if charted and charted[1](figure):
                bars.append(_bar(figure, charted[0], now, before))
        chart = ""
        if bars:
            chart = charts.bar_chart(
                chart_id=f"chart-{key}",
                title=f"{CHART_TITLES[key]}, {_period_text(data['period'])} and the previous period",
                bars=bars,
                unit="percent" if CHARTED[key][0] == "value" and key in PERCENT_CHARTS else "",
            )
        sections.append(
            {"id": key, "title": title, "intro": INTROS.get(key, ""), "chart": chart, "columns": COLUMNS, "rows": rows}
        )
    return {
        "title": "Board report",
        "period": _period_text(data["period"]),
        "previous": _period_text(data["previous"]),
        "teams": ", ".join(data.get("teams") or []) or "All teams",
        "generated_at": data.get("generated_at"),
        "suppressed": suppress,
        "threshold": threshold,
        "sections": sections,
    }


def _bar(figure: dict, field: str, now: Cells, before: Cells) -> charts.Bar:
    """A chart bar: left out (and said to be not shown) wherever the table's cell is hidden."""

    def number(numbers: dict, cells: Cells):
        return None if getattr(cells, field) == HIDDEN else numbers.get(field)

    current, previous = number(figure, now), number(figure.get("previous") or {}, before)
    return charts.Bar(
        figure["label"],
        current,
        previous,
        HIDDEN if getattr(now, field) == HIDDEN else "",
        HIDDEN if getattr(before, field) == HIDDEN else "",
    )


def csv_rows(presented: dict) -> list[list[str]]:
    return [[section["title"], *row] for section in presented["sections"] for row in section["rows"]]


def render_csv(presented: dict) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in csv_rows(presented):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def render_pdf(presented: dict) -> bytes:
    return pdf_bytes("governance/report_pdf.html", {"report": presented})
