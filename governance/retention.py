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

What each app removes is the app's own declaration (its ``personal_data`` module, registered in
``yjs.personal_data``): this module decides who is due and runs every app's ``anonymise`` for
each child in one transaction. It rewrites evidence the application's own database role may
never change (supplied police information, addenda, custody record history), so it runs
connected as the database's owner: ``manage.py apply_retention`` (``yjs.database.connected_as_owner``).
"""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import CaseStatus, Child
from yjs import personal_data
from yjs.audit import audit_record
from yjs.models import AuditAction, User
from yjs.services import locked

REMOVED = personal_data.REMOVED  # what a required text field says once its content is gone


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
    child = locked(child)
    if child.anonymised_at:
        return child
    reason = _why_not_due(child, today)
    if reason:
        raise ValidationError(reason)
    last_closed = _with_case_summary(Child.objects.filter(pk=child.pk)).get().last_closed

    counts: dict[str, int] = {}
    for entry in personal_data.registered():
        counts.update(entry.anonymise(child, today or timezone.localdate()))
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
