"""A risk and vulnerability meeting's minutes as a PDF (WeasyPrint): who attended, and for each case
heard that the reader may see, its referrals, the decision and the actions."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML

from yjs.models import User

from .models import Hearing, Meeting


def _refuse_fetch(url: str, *args, **kwargs):
    # The minutes are self-contained: nothing in them may make the server fetch a URL.
    raise ValueError(f"The minutes do not load external resources ({url[:40]})")


def meeting_minutes(*, meeting: Meeting, hearings: list[Hearing], by: User) -> bytes:
    """The minutes, showing ``hearings`` (those of the cases ``by`` may see) and no other."""
    context = {
        "meeting": meeting,
        "hearings": hearings,
        "attendees": list(meeting.attendees.all()),
        "by": by,
        "generated_at": timezone.localtime(),
        "today": timezone.localdate(),
    }
    html = render_to_string("risk/pdf/minutes.html", context)
    stylesheet = CSS(
        string=render_to_string("risk/pdf/minutes.css", {"meeting_id": meeting.pk}), url_fetcher=_refuse_fetch
    )
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet])
