"""The custody reviewer's services: what a police officer or a team manager does to the records
the ingest loaded (``custody.ingest`` runs the ingest, ``custody.loading`` loads its rows)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cases.models import Child
from cases.services import child_search_keys_refresh
from yjs.audit import audit_record
from yjs.models import AuditAction
from yjs.services import locked

from . import permissions
from .children import unknown_child_fields
from .ingest import NOTIFY_QUEUE, notify_records
from .models import CustodyRecord, CustodyRecordChange, MatchStatus

# --- The review queue ---------------------------------------------------------------------------


@transaction.atomic
def review_match_resolve(*, record: CustodyRecord, by, child_id: int | None = None) -> CustodyRecord:
    """Resolve a record waiting in the review queue: link it to one of its candidates
    (``child_id``), or (``child_id`` None) create a new child not known to the YJS. Audited,
    kept in the record's history; the people the record concerns are then told."""
    if not permissions.can_resolve(by):
        raise PermissionDenied("Only a police officer or a team manager can resolve a match.")
    record = locked(record)
    if record.match_status != MatchStatus.REVIEW:
        raise ValidationError({"child": "This record has already been matched"})
    candidates = dict(record.candidates.values_list("child_id", "score"))
    if child_id is not None:
        if child_id not in candidates:
            raise ValidationError({"child": "Select one of the possible children, or create a new child"})
        child = Child.objects.get(pk=child_id)
        status, score = MatchStatus.MATCHED, candidates[child_id]
    else:
        if record.pnc_id and (holder := Child.objects.filter(pnc_id=record.pnc_id).first()):
            raise ValidationError(
                {"child": f"{holder} already has the PNC ID {record.pnc_id}: link the record to them"}
            )
        child = Child.objects.create(**unknown_child_fields(record))
        child_search_keys_refresh(child=child)
        audit_record(actor=by, action=AuditAction.CREATE, obj=child, detail={"from_custody_record": record.pk})
        status, score = MatchStatus.CREATED, None
    record.child, record.match_status, record.match_score = child, status, score
    record.save(update_fields=["child", "match_status", "match_score", "updated_at"])
    CustodyRecordChange.objects.create(
        record=record, changes={"child": [None, child.pk], "match_status": [MatchStatus.REVIEW.value, status.value]}
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=record,
        detail={"match": "linked" if status == MatchStatus.MATCHED else "new_child", "child": child.pk},
    )
    notify_records([record.pk], NOTIFY_QUEUE)
    return record
