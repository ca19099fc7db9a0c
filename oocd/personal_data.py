"""What out-of-court disposals hold about a child (``yjs.personal_data``): referrals, decisions,
conditions and the signed disposal documents.

Anonymising removes views, rationales, condition notes and follow-ups' notes, and deletes signed documents' files
once the anonymisation is committed: the decision still counts as signed, and every
document version keeps its row (when, by whom, its hash), marked as removed. Retention runs
as the tables' owner: the one change to a signed document version it makes.
"""

from datetime import date

import pgtrigger
from django.db import transaction
from django.db.models import Model, Prefetch
from django.utils import timezone

from cases.models import Child
from yjs.personal_data import REMOVED, PersonalData, register

from . import permissions
from .models import (
    Condition,
    ConditionFailure,
    Decision,
    FollowUp,
    PanelItem,
    Referral,
    ScrutinyItem,
    SignedDocumentVersion,
)

# The name a deleted signed document leaves behind: the decision still counts as signed.
REMOVED_DOCUMENT = "removed-under-retention"
SIGNED_DOCUMENT_VERSION_TRIGGER = "oocd.SignedDocumentVersion:signed_document_versions_append_only"


def anonymise(child: Child, today: date) -> dict[str, int]:
    referrals = Referral.objects.filter(child=child)
    decisions = Decision.objects.filter(referral__in=referrals)
    versions = SignedDocumentVersion.objects.filter(decision__in=decisions, removed_at__isnull=True)
    documents = {
        (decision.signed_document.storage, decision.signed_document.name)
        for decision in decisions.exclude(signed_document="").exclude(signed_document=REMOVED_DOCUMENT)
    } | {(version.file.storage, version.file.name) for version in versions}
    # The files go once the anonymisation is committed (a rollback keeps them).
    for storage, name in documents:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    # Every version's row stays (when, by whom, its hash): only its file goes.
    with pgtrigger.ignore(SIGNED_DOCUMENT_VERSION_TRIGGER):
        removed_versions = versions.update(removed_at=timezone.now())
    conditions = Condition.objects.filter(decision__in=decisions)
    return {
        "referrals": referrals.update(
            victim_views="", victim_not_contacted_reason="", child_views="", parent_carer_views=""
        ),
        "decisions": decisions.update(rationale=REMOVED, dissent="", departure_reason="", appropriate_adult_name=""),
        "signed_documents": decisions.exclude(signed_document="").update(
            signed_document=REMOVED_DOCUMENT, signed_document_type=""
        ),
        "signed_document_versions": removed_versions,
        "conditions": conditions.update(description=REMOVED, compliance_notes=""),
        "condition_failures": ConditionFailure.objects.filter(condition__in=conditions).update(
            what_happened=REMOVED, reasons_given=REMOVED, prosecution_outcome=""
        ),
        "scrutiny_feedback": ScrutinyItem.objects.filter(decision__in=decisions).update(feedback=""),
        # The outcome stays (the work was done), what was written about the child goes.
        "follow_up_notes": FollowUp.objects.filter(decision__in=decisions)
        .exclude(outcome_note="")
        .update(outcome_note=REMOVED),
    }


def decision_of(referral: Referral) -> Decision | None:
    try:
        return referral.decision
    except Decision.DoesNotExist:
        return None


def export(user, child: Child) -> dict:
    referrals = (
        permissions.visible_referrals(user)
        .filter(child=child)
        .select_related("decision__outcome", "decision__panel", "decision__delivered_by", "decision__recorded_by")
        .prefetch_related(
            Prefetch(
                "decision__conditions",
                Condition.objects.prefetch_related(
                    Prefetch("failures", ConditionFailure.objects.select_related("recorded_by"))
                ),
            )
        )
        .order_by("referred_at", "pk")
    )
    return {"referrals": list(referrals)}


def audited(parts: dict) -> list[Model]:
    objects: list[Model] = []
    for referral in parts["referrals"]:
        objects.append(referral)
        decision = decision_of(referral)
        if decision is not None:
            objects.append(decision)
    return objects


register(
    PersonalData(
        app="oocd",
        # A panel item is the referral's place on a panel's agenda: nothing written about the child.
        models=(
            Referral,
            Decision,
            SignedDocumentVersion,
            Condition,
            ConditionFailure,
            ScrutinyItem,
            PanelItem,
            FollowUp,
        ),
        anonymise=anonymise,
        export=export,
        audited=audited,
        counts=lambda parts: {"referrals": len(parts["referrals"])},
    )
)
