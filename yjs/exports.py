"""CSV and PDF exports: formula-safe cells, and every export an audit event (DESIGN.md §4)."""

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .audit import audit_record
from .models import AuditAction, User

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> str:
    """A cell value a spreadsheet shows as text: formula-looking values get a leading quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_response(
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    user: User,
    request: HttpRequest | None,
    what: str,
    detail: dict | None = None,
) -> HttpResponse:
    """A CSV download, recorded in the audit trail as an export."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # byte-order mark: spreadsheets then read UTF-8 correctly
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
        count += 1
    audit_record(
        actor=user, action=AuditAction.EXPORT, request=request, detail={"export": what, "rows": count, **(detail or {})}
    )
    return response


def pdf_bytes(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """Render a template to PDF with WeasyPrint (static files resolved from disk)."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=str(_static_base())).write_pdf()


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"This document loads no external resources ({url[:40]})")


def self_contained_pdf(template: str, context: dict[str, Any], *, footer: str) -> bytes:
    """A PDF that loads nothing (a case's transfer pack, a meeting's minutes): no URL in its
    content can make the server fetch anything. The stylesheet is ``includes/pdf/document.css``,
    with ``footer`` at the foot of every page beside its number."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(
        string=render_to_string("includes/pdf/document.css", {"footer": footer}), url_fetcher=_refuse_fetch
    )
    return HTML(string=render_to_string(template, context), url_fetcher=_refuse_fetch).write_pdf(
        stylesheets=[stylesheet]
    )


def pdf_response(
    *,
    filename: str,
    template: str,
    context: dict[str, Any],
    user: User,
    request: HttpRequest | None,
    what: str,
    detail: dict | None = None,
    obj: Model | None = None,
) -> HttpResponse:
    """A PDF download, recorded in the audit trail as an export (about ``obj``, when given)."""
    response = HttpResponse(pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_record(
        actor=user, action=AuditAction.EXPORT, obj=obj, request=request, detail={"export": what, **(detail or {})}
    )
    return response


def _static_base():
    from django.conf import settings

    return settings.BASE_DIR
