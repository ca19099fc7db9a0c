"""What information requests hold about a child (``yjs.personal_data``): what was asked, why, and
what the police supplied.

Supplied information is final (a database trigger); the retention schedule is the one lawful
reason to erase it, and each erasure is part of the schedule's audit event. The subject access
export says that a phone contact was checked and withholds the contact's name and number
(other people's personal data); reading supplied police information is itself an audit event,
so the export's event lists the requests it showed (DESIGN.md §3).
"""

from datetime import date

import pgtrigger
from django.db.models import Prefetch

from cases.models import Child
from yjs.personal_data import REMOVED, PersonalData, register

from . import permissions
from .models import Addendum, InformationRequest

SUPPLIED_REQUEST_TRIGGER = "intelligence.InformationRequest:supplied_request_is_final"


def anonymise(child: Child, today: date) -> dict[str, int]:
    requests = InformationRequest.objects.filter(child=child)
    with pgtrigger.ignore(SUPPLIED_REQUEST_TRIGGER):
        updated = requests.update(
            what_requested=REMOVED,
            reason=REMOVED,
            information_supplied=REMOVED,
            oic_consulted_name=REMOVED,
            contact_name="",
            contact_phone="",
            safeguarding_referral_to="",
            safeguarding_referral_reference="",
            authorisation_reference="",
        )
        # Blank stays blank: only what was written is replaced (the database checks need the rest).
        requests.filter(information_supplied=REMOVED, supplied_at__isnull=True).update(information_supplied="")
        requests.filter(oic_consulted_at__isnull=True).update(oic_consulted_name="")
    return {
        "information_requests": updated,
        "addenda": Addendum.objects.filter(request__in=requests).update(text=REMOVED),
    }


def export(user, child: Child) -> dict:
    requests = (
        permissions.visible_requests(user)
        .filter(child=child)
        .select_related("requested_by", "supplied_by", "case")
        .prefetch_related("systems_searched", Prefetch("addenda", Addendum.objects.select_related("added_by")))
        .order_by("requested_at", "pk")
    )
    return {"information_requests": list(requests)}


register(
    PersonalData(
        app="intelligence",
        models=(InformationRequest, Addendum),
        anonymise=anonymise,
        export=export,
        audited=lambda parts: parts["information_requests"],
        counts=lambda parts: {"information_requests": len(parts["information_requests"])},
        audit_detail=lambda parts: {"information_requests": [request.pk for request in parts["information_requests"]]},
    )
)
