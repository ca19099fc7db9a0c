"""The transfer pack: a case's record as a PDF for the service taking it on (WeasyPrint).

Victims appear without their contact details, which never leave the victim workers."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML

from yjs.models import User

from .models import CaseTransfer
from .selectors import CaseRecord


def _refuse_fetch(url: str, *args, **kwargs):
    # The pack is self-contained: nothing in it may make the server fetch a URL.
    raise ValueError(f"The transfer pack does not load external resources ({url[:40]})")


def transfer_pack(*, record: CaseRecord, transfer: CaseTransfer, by: User) -> bytes:
    context = {
        "record": record,
        "case": record.case,
        "child": record.case.child,
        "transfer": transfer,
        "by": by,
        "generated_at": timezone.localtime(),
    }
    html = render_to_string("cases/pdf/transfer_pack.html", context)
    stylesheet = CSS(
        string=render_to_string("cases/pdf/transfer_pack.css", {"case_id": record.case.pk}), url_fetcher=_refuse_fetch
    )
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet])
