"""Thematic inspection recommendations as data (``data/recommendations.csv``).

The shipped file summarises, in our own words, the recommendations to youth offending
partnerships in the HM Inspectorate of Probation thematic inspections 2010–2015. Managers
can import more in the same format; each bad row is reported with its line number
(the header is line 1) and the good rows are still loaded.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

SHIPPED_CSV = Path(__file__).resolve().parent / "data" / "recommendations.csv"
COLUMNS = ("code", "source_inspection", "year", "addressed_to", "summary", "lines_of_enquiry", "evidence_prompts")
REQUIRED = ("source_inspection", "year", "summary", "lines_of_enquiry")
SEPARATOR = "|"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)


def _lines(text: str) -> str:
    """'a | b' in the CSV becomes one item per line in the database."""
    return "\n".join(part.strip() for part in text.split(SEPARATOR) if part.strip())


def parse_rows(text: str) -> tuple[list[tuple[int, dict]], list[dict]]:
    """The valid rows (with their line numbers) and the errors of a recommendations CSV."""
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        return [], [{"line": 1, "reason": "The file is empty: it needs a header row"}]
    header = {name.strip().lower(): name for name in reader.fieldnames if name}
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return [], [{"line": 1, "reason": f"The header row is missing the columns: {', '.join(missing)}"}]
    rows, errors = [], []
    for row in reader:
        line = reader.line_num
        values = {column: (row.get(header[column]) or "").strip() if column in header else "" for column in COLUMNS}
        problems = [f"Enter the {column.replace('_', ' ')}" for column in REQUIRED if not values[column]]
        year = values["year"]
        if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
            problems.append("Year must be a year such as 2014")
        if problems:
            errors.append({"line": line, "reason": "; ".join(problems)})
            continue
        code = values["code"] or slugify(f"{values['source_inspection'][:24]}-{year}-{values['summary'][:12]}")
        rows.append(
            (
                line,
                {
                    "code": slugify(code)[:40],
                    "source_inspection": values["source_inspection"][:300],
                    "year": int(year),
                    "addressed_to": values["addressed_to"][:200],
                    "summary": values["summary"],
                    "lines_of_enquiry": _lines(values["lines_of_enquiry"]),
                    "evidence_prompts": _lines(values["evidence_prompts"]),
                },
            )
        )
    return rows, errors


@transaction.atomic
def recommendations_import(*, text: str, model=None) -> ImportResult:
    """Create or update recommendations by code. ``model`` lets a data migration pass its own."""
    if model is None:
        from .models import Recommendation as model
    rows, errors = parse_rows(text)
    result = ImportResult(errors=errors)
    for _line, values in rows:
        _, created = model.objects.update_or_create(code=values.pop("code"), defaults=values)
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def load_shipped(model=None) -> ImportResult:
    return recommendations_import(text=SHIPPED_CSV.read_text(encoding="utf-8"), model=model)
