"""What custody records hold about a child (``yjs.personal_data``): the identity the police
recorded, the offences, and who was told.

Anonymising replaces the identity the police recorded (on the record and in its history) and
deletes the candidate matches; the dates, outcome and the rest stay for the board report.
"""

from datetime import date

from cases.models import Child
from yjs.personal_data import PersonalData, register

from . import permissions
from .models import CustodyNotice, CustodyRecord, CustodyRecordChange, MatchCandidate

CUSTODY_IDENTITY_FIELDS = ("surname", "forenames", "date_of_birth", "pnc_id", "postcode", "offences")


def anonymise(child: Child, today: date) -> dict[str, int]:
    records = CustodyRecord.objects.filter(child=child)
    changes = 0
    for change in CustodyRecordChange.objects.filter(record__in=records):
        if any(name in change.changes for name in CUSTODY_IDENTITY_FIELDS):
            change.changes = {
                name: [None, None] if name in CUSTODY_IDENTITY_FIELDS else values
                for name, values in change.changes.items()
            }
            change.save(update_fields=["changes"])
            changes += 1
    birth_year = child.date_of_birth.year
    return {
        "custody_records": records.update(
            surname=f"child {child.pk}",
            forenames="Anonymised",
            date_of_birth=date(birth_year, 7, 1),
            pnc_id="",
            postcode="",
            offences=[],
        ),
        "custody_record_changes": changes,
        "match_candidates": MatchCandidate.objects.filter(child=child).delete()[0],
    }


def export(user, child: Child) -> dict:
    records = permissions.visible_records(user).filter(child=child).order_by("detained_at", "pk")
    return {"custody_records": list(records)}


register(
    PersonalData(
        app="custody",
        # A notice records who was told (a member of staff's or a duty inbox's address) and when: kept.
        models=(CustodyRecord, CustodyRecordChange, MatchCandidate, CustodyNotice),
        anonymise=anonymise,
        export=export,
        audited=lambda parts: parts["custody_records"],
        counts=lambda parts: {"custody_records": len(parts["custody_records"])},
    )
)
