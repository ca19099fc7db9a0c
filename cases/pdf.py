"""The transfer pack: a case's record as a PDF for the service taking it on (WeasyPrint).

Victims appear without their contact details, which never leave the victim workers."""

from django.utils import timezone

from yjs.exports import self_contained_pdf
from yjs.models import User

from .models import CaseTransfer
from .selectors import CaseRecord


def transfer_pack(*, record: CaseRecord, transfer: CaseTransfer, by: User) -> bytes:
    context = {
        "record": record,
        "case": record.case,
        "child": record.case.child,
        "transfer": transfer,
        "by": by,
        "generated_at": timezone.localtime(),
    }
    return self_contained_pdf("cases/pdf/transfer_pack.html", context, footer=f"Transfer pack: case {record.case.pk}")
