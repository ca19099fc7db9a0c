"""A risk and vulnerability meeting's minutes as a PDF (WeasyPrint): who attended, and for each case
heard that the reader may see, its referrals, the decision and the actions."""

from django.utils import timezone

from yjs.exports import self_contained_pdf
from yjs.models import User

from .models import Hearing, Meeting


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
    return self_contained_pdf(
        "risk/pdf/minutes.html", context, footer=f"Risk and vulnerability meeting minutes: meeting {meeting.pk}"
    )
