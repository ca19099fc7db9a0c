"""The retention schedule: anonymising the records of children whose cases closed long ago.

A child is due once every case has been closed (or transferred) for at least
``RETENTION_YEARS_AFTER_CLOSURE`` years. Anonymising removes what identifies the child and
what was written about them, and keeps what the board report counts, so that past
periods' figures do not change:

- removed: names, aliases and search keys, address, postcode, PNC ID and police IDs, the
  social worker's contact details; the day and month of birth (the year stays); every
  free-text note, view, rationale and supplied intelligence; victims' names and contact
  details; signed disposal documents (the file is deleted, the record that one was
  signed stays); the identity the police recorded on custody records;
- kept: dates of cases, offences, assessments, contacts, decisions and custody, types,
  statuses, outcomes, risk levels, gravity scores, gender, ethnicity, local authorities,
  looked-after, education, SEND and EHCP, and every row (so counts stay the same).

Records of other people's work that mention the child (the audit trail) are append-only
by design and keep the name they were written with; the audit trail's own retention is
a matter for the database, not this schedule.

This module depends on every app, as the board report does: it is information governance.
It rewrites evidence the application's own database role may never change (supplied police
information, addenda, custody record history), so it runs connected as the database's owner:
``manage.py apply_retention`` (``yjs.database.connected_as_owner``).
"""

from dataclasses import dataclass, field
from datetime import date

import pgtrigger
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import (
    Assessment,
    Case,
    CaseStatus,
    CaseTransfer,
    Child,
    ChildAlias,
    ChildSearchKey,
    Contact,
    Flag,
    Offence,
    Plan,
    PlanTarget,
    Review,
    Transition,
    Victim,
    VictimContactDetails,
)
from custody.models import CustodyRecord, CustodyRecordChange, MatchCandidate
from intelligence.models import Addendum, InformationRequest
from oocd.models import Condition, ConditionFailure, Decision, Referral, ScrutinyItem, SignedDocumentVersion
from yjs.audit import audit_record
from yjs.models import AuditAction, User

from .models import KeyQuestionAnswer

# What a required text field says once its content is gone.
REMOVED = "Removed under the retention schedule"
# The name a deleted signed document leaves behind: the decision still counts as signed.
REMOVED_DOCUMENT = "removed-under-retention"
# Supplied information is final (a database trigger); the retention schedule is the one
# lawful reason to erase it, and each erasure is an audit event.
SUPPLIED_REQUEST_TRIGGER = "intelligence.InformationRequest:supplied_request_is_final"
# Retention runs as the tables' owner: the one change to a signed document version it makes.
SIGNED_DOCUMENT_VERSION_TRIGGER = "oocd.SignedDocumentVersion:signed_document_versions_append_only"
CUSTODY_IDENTITY_FIELDS = ("surname", "forenames", "date_of_birth", "pnc_id", "postcode", "offences")


def retention_years() -> int:
    return int(settings.RETENTION_YEARS_AFTER_CLOSURE)


def retention_cutoff(today: date | None = None) -> date:
    """Cases closed on or before this day are past the retention period."""
    return (today or timezone.localdate()) - relativedelta(years=retention_years())


def _with_case_summary(children: QuerySet[Child]) -> QuerySet[Child]:
    return children.annotate(
        case_count=Count("cases"),
        open_case_count=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)),
        # A transferred case may have no end date: its start is then the latest date known.
        last_closed=Max(Coalesce("cases__end_date", "cases__start_date")),
    )


def children_due(*, today: date | None = None) -> QuerySet[Child]:
    """Children not yet anonymised whose cases have all been closed for the retention period."""
    return (
        _with_case_summary(Child.objects.filter(anonymised_at__isnull=True))
        .filter(case_count__gt=0, open_case_count=0, last_closed__lte=retention_cutoff(today))
        .order_by("pk")
    )


def children_kept_for_open_cases(*, today: date | None = None) -> QuerySet[Child]:
    """Children with a case closed before the cut-off, kept because another case is open."""
    cutoff = retention_cutoff(today)
    old_closed = Q(cases__status__in=[CaseStatus.CLOSED, CaseStatus.TRANSFERRED], cases__end_date__lte=cutoff)
    return (
        Child.objects.filter(anonymised_at__isnull=True)
        .filter(Q(pk__in=Child.objects.filter(old_closed).values("pk")))
        .filter(cases__status=CaseStatus.OPEN)
        .distinct()
        .order_by("pk")
    )


def _why_not_due(child: Child, today: date | None) -> str | None:
    summary = _with_case_summary(Child.objects.filter(pk=child.pk)).get()
    if summary.open_case_count:
        return "The child has an open case: records of children with open cases are never anonymised."
    if not summary.case_count:
        return "The child has no cases: the retention schedule counts from the closure of a case."
    if summary.last_closed > retention_cutoff(today):
        return (
            f"The child's last case closed on {summary.last_closed:%d %B %Y}, less than {retention_years()} years ago."
        )
    return None


@dataclass
class RetentionRun:
    today: date
    cutoff: date
    dry_run: bool
    due: list[int] = field(default_factory=list)
    anonymised: list[int] = field(default_factory=list)
    kept_for_open_cases: list[int] = field(default_factory=list)


def retention_apply(*, by: User | None = None, today: date | None = None, dry_run: bool = False) -> RetentionRun:
    """Anonymise every child due (each in its own transaction); with ``dry_run``, only say who."""
    today = today or timezone.localdate()
    run = RetentionRun(
        today=today,
        cutoff=retention_cutoff(today),
        dry_run=dry_run,
        due=list(children_due(today=today).values_list("pk", flat=True)),
        kept_for_open_cases=list(children_kept_for_open_cases(today=today).values_list("pk", flat=True)),
    )
    if dry_run:
        return run
    for child_id in run.due:
        child = child_anonymise(child=Child.objects.get(pk=child_id), by=by, today=today)
        if child.anonymised_at:
            run.anonymised.append(child_id)
    return run


@transaction.atomic
def child_anonymise(*, child: Child, by: User | None = None, today: date | None = None) -> Child:
    """Anonymise one child's records (see the module's docstring), recorded in the audit trail.

    Refuses (ValidationError) a child with an open case or a case closed within the
    retention period. A child already anonymised is returned unchanged.
    """
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.anonymised_at:
        return child
    reason = _why_not_due(child, today)
    if reason:
        raise ValidationError(reason)
    last_closed = _with_case_summary(Child.objects.filter(pk=child.pk)).get().last_closed

    counts = {
        **_anonymise_case_records(child),
        **_anonymise_information_requests(child),
        **_anonymise_oocd(child),
        **_anonymise_custody(child),
        "case_audit_notes": KeyQuestionAnswer.objects.filter(audited_case__case__child=child).update(note=""),
    }
    _anonymise_identity(child)
    audit_record(
        actor=by,
        actor_username="" if by else "retention schedule",
        action=AuditAction.ANONYMISE,
        obj=child,
        detail={
            "retention_years": retention_years(),
            "last_case_closed": last_closed.isoformat(),
            "rows": {name: count for name, count in counts.items() if count},
        },
    )
    return child


def _anonymise_identity(child: Child) -> None:
    ChildAlias.objects.filter(child=child).delete()
    ChildSearchKey.objects.filter(child=child).delete()
    child.forenames = "Anonymised"
    child.surname = f"child {child.pk}"
    child.preferred_name = ""
    # The year of birth stays (ages at offence and outcome, by year); 1 July halves the error.
    child.date_of_birth = date(child.date_of_birth.year, 7, 1)
    child.address = ""
    child.postcode = ""
    child.pnc_id = ""
    child.police_local_ids = []
    child.social_worker_name = ""
    child.social_worker_email = ""
    child.social_worker_phone = ""
    child.anonymised_at = timezone.now()
    child.save()


def _anonymise_case_records(child: Child) -> dict[str, int]:
    cases = Case.objects.filter(child=child)
    victims = Victim.objects.filter(case__in=cases)
    return {
        "cases": cases.update(closure_reason=""),
        "offences": Offence.objects.filter(case__in=cases).update(description=REMOVED, departure_reason=""),
        "assessments": Assessment.objects.filter(case__in=cases).update(child_view="", summary=""),
        "plans": Plan.objects.filter(case__in=cases).update(
            external_controls="", contingency="", risk_meeting_decisions=""
        ),
        "plan_targets": PlanTarget.objects.filter(plan__case__in=cases).update(
            what=REMOVED, who="", how_i_will_know=""
        ),
        "reviews": Review.objects.filter(case__in=cases).update(trigger_detail="", outcome=""),
        "contacts": Contact.objects.filter(case__in=cases).update(notes=""),
        "victim_contact_details": VictimContactDetails.objects.filter(victim__in=victims).delete()[0],
        "victims": victims.update(display_name="Victim", wishes=""),
        "flags": Flag.objects.filter(child=child).update(note=""),
        "removed_flags": Flag.objects.filter(child=child).exclude(removal_reason="").update(removal_reason=REMOVED),
        "transitions": Transition.objects.filter(case__in=cases).update(reason=REMOVED),
        "transfers": CaseTransfer.objects.filter(case__in=cases).update(reason=REMOVED, accepted_by_name=""),
    }


def _anonymise_information_requests(child: Child) -> dict[str, int]:
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


def _anonymise_oocd(child: Child) -> dict[str, int]:
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
    }


def _anonymise_custody(child: Child) -> dict[str, int]:
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
