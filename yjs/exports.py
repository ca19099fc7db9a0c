"""CSV and PDF exports: formula-safe cells, and every export an audit event (DESIGN.md §4)."""

import contextlib
import csv
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .audit import audit_record
from .models import AuditAction, User

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

log = logging.getLogger(__name__)


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


def rendered_side_by_side(*renderings: Callable[[], bytes]) -> list[bytes]:
    """What each rendering returns, in order, the renderings run at the same time: the first in this
    process, each other in a forked copy of it that sends its bytes back through a pipe. A document
    of several PDFs (the board report's full and board copies) then takes the time of its longest
    PDF, not their sum, where a core is free. WeasyPrint holds the interpreter while it lays out,
    so threads would not do.

    A copy only renders and leaves with ``os._exit``: it runs no clean-up of this process's, so the
    database connection it inherits is never used or closed by it. Where a copy cannot be forked,
    or its rendering fails, that rendering is run again here, where its error is raised as usual.
    """
    children = [_forked(rendering) for rendering in renderings[1:]]
    first = renderings[0]()
    return [first, *(_collected(child, rendering) for child, rendering in zip(children, renderings[1:], strict=True))]


def _forked(rendering: Callable[[], bytes]) -> tuple[int, int] | None:
    """A forked copy running ``rendering``: its process id and the pipe it writes to (None: not forked).
    It writes the length of what it made, then the bytes, so a copy that died part-way is noticed."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as error:
        log.warning("Rendering in this process: no copy could be forked (%s)", error)
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the copy
        status = 1
        try:
            os.close(read_end)
            made = rendering()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(len(made).to_bytes(8, "big") + made)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collected(child: tuple[int, int] | None, rendering: Callable[[], bytes]) -> bytes:
    if child is None:
        return rendering()
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        sent = pipe.read()
    with contextlib.suppress(ChildProcessError):  # reaped already, by a pool's SIGCHLD handler
        os.waitpid(pid, 0)
    made = sent[8:]
    if len(sent) < 8 or int.from_bytes(sent[:8], "big") != len(made):
        log.warning("Rendering again in this process: its forked copy failed")
        return rendering()
    return made


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
