"""A risk and vulnerability meeting's minutes as a PDF download (the meeting's pages are in
``views.meetings``)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from yjs.pages import page, pdf_download

from .. import pdf
from ..selectors import meetings as selectors
from ..services import meetings as services


@require_GET
def meeting_minutes(request, meeting_id: int) -> HttpResponse:
    """The minutes, to those who may see the meeting (404 to anyone else), with only the cases heard
    that the reader may see; an audited export."""
    user = request.user
    meeting = selectors.meeting_get(user=user, meeting_id=meeting_id)
    hearings = list(meeting.visible_hearings)
    services.meeting_minutes_export(meeting=meeting, hearings=hearings, by=user, request=request)
    document = pdf.meeting_minutes(meeting=meeting, hearings=hearings, by=user)
    return pdf_download(document, f"risk-meeting-{meeting.team.slug}-{meeting.held_on:%Y%m%d}-minutes.pdf")


urlpatterns = [page("meetings/<int:meeting_id>/minutes.pdf", meeting_minutes)]
