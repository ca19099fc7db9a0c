"""Reading custody records, each query scoped to what the user may see (``custody.permissions``).

Lists are built in a fixed number of queries whatever their length, and the board's derived
figures (hours detained, appropriate adult waits, hours held after charge, s38(6) transfers,
overnight detentions, liaison and diversion screening) are aggregates computed by the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, IsNull, LessThan
from django.utils import timezone
from psycopg import sql

from cases.models import Case, CaseStatus
from cases.selectors import TimelineEvent
from yjs.models import User
from yjs.rounding import hours
from yjs.selectors import one_or_404
from yjs.working_days import is_working_day

from . import permissions
from .models import (
    CustodyNotice,
    CustodyOutcome,
    CustodyRecord,
    CustodyRecordChange,
    IngestRun,
    MatchCandidate,
    MatchStatus,
    S386Status,
    ScreeningStatus,
)

STILL_DETAINED = "none"  # the outcome filter's value for "no outcome yet"


def previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def default_since(today: date | None = None) -> date:
    """The custody list starts from the last working day, so Monday's covers the weekend and the
    day after a bank holiday covers it."""
    return previous_working_day(today or timezone.localdate())


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _open_case() -> QuerySet[Case]:
    return Case.objects.filter(child=OuterRef("child"), status=CaseStatus.OPEN)


def _with_open_case(records: QuerySet[CustodyRecord]) -> QuerySet[CustodyRecord]:
    # "Is there a first open case": a scalar subquery, which PostgreSQL runs for the rows shown only.
    # As EXISTS it hashed every open case of the service first, for each page (20-40 ms).
    first_open = Subquery(_open_case().order_by().values("pk")[:1])
    return records.annotate(has_open_case=IsNull(first_open, False))


def record_list(
    *,
    user: User,
    since: date | None = None,
    suite: str = "",
    outcome: str = "",
    looked_after: bool | None = None,
    open_case: bool | None = None,
    match_status: str = "",
) -> QuerySet[CustodyRecord]:
    """Records the user may see, newest detention first: detained since the start of ``since``
    (all when None), narrowed by suite, outcome (``STILL_DETAINED`` for none yet), looked-after
    (the police's flag or the child's record) and whether the child has an open case."""
    records = _with_open_case(permissions.visible_records(user)).select_related("child")
    if since is not None:
        records = records.filter(detained_at__gte=_start_of(since))
    if suite:
        records = records.filter(suite=suite)
    if outcome == STILL_DETAINED:
        records = records.filter(outcome="")
    elif outcome:
        records = records.filter(outcome=outcome)
    if looked_after is not None:
        is_looked_after = Q(looked_after=True) | Q(child__looked_after=True)
        records = records.filter(is_looked_after if looked_after else ~is_looked_after)
    if open_case is not None:  # filtering: EXISTS, which PostgreSQL may answer from one hash of open cases
        records = records.filter(Exists(_open_case()) if open_case else ~Exists(_open_case()))
    if match_status:
        records = records.filter(match_status=match_status)
    return records.order_by("-detained_at", "-id")


def suites(*, user: User) -> list[str]:
    """The custody suites of the records the user sees (the list's filter)."""
    if not permissions.sees_all_records(user):
        return list(
            permissions.visible_records(user)
            .exclude(suite="")
            .values_list("suite", flat=True)
            .distinct()
            .order_by("suite")
        )
    # All records: a handful of suites among a million records, found by stepping through the suite
    # index from one suite to the next (a dozen index probes, rather than reading every record).
    query = sql.SQL(
        """WITH RECURSIVE suites (suite) AS (
               (SELECT suite FROM {table} WHERE suite > '' ORDER BY suite LIMIT 1)
               UNION ALL
               SELECT (SELECT record.suite FROM {table} record WHERE record.suite > suites.suite
                        ORDER BY record.suite LIMIT 1)
                 FROM suites WHERE suites.suite IS NOT NULL
           )
           SELECT suite FROM suites WHERE suite IS NOT NULL"""
    ).format(table=sql.Identifier(CustodyRecord._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.connection))
        return [suite for (suite,) in cursor.fetchall()]


@dataclass
class RecordDetail:
    record: CustodyRecord
    changes: list[CustodyRecordChange]
    candidates: list[MatchCandidate]
    notices: list[CustodyNotice]
    open_cases: list[Case]


def record_get(*, user: User, record_id: int) -> CustodyRecord:
    return one_or_404(
        _with_open_case(permissions.visible_records(user)).select_related("child"), record_id, "custody record"
    )


def record_detail(*, user: User, record_id: int) -> RecordDetail:
    """A record with its history, its candidates (while it waits for review), who was told and
    the child's open cases."""
    record = record_get(user=user, record_id=record_id)
    record = (
        CustodyRecord.objects.select_related(
            "child", "ingest_run", "police_decision__outcome", "digest", "police_decision__referral"
        )
        .annotate(has_open_case=Exists(Case.objects.filter(child=OuterRef("child"), status=CaseStatus.OPEN)))
        .get(pk=record.pk)
    )
    open_cases = (
        list(
            Case.objects.filter(child_id=record.child_id, status=CaseStatus.OPEN).select_related("team", "allocated_to")
        )
        if record.child_id
        else []
    )
    return RecordDetail(
        record=record,
        changes=list(record.changes.select_related("ingest_run").order_by("changed_at", "id")),
        candidates=list(record.candidates.select_related("child").order_by("-score", "id")),
        notices=list(record.notices.select_related("case", "review").order_by("sent_at", "id")),
        open_cases=open_cases,
    )


def review_queue(*, user: User) -> QuerySet[CustodyRecord]:
    """Records whose match is uncertain, oldest first, with their candidate children."""
    if not permissions.sees_all_records(user):
        return CustodyRecord.objects.none()
    return (
        _with_open_case(CustodyRecord.objects.filter(match_status=MatchStatus.REVIEW))
        .prefetch_related(
            Prefetch("candidates", queryset=MatchCandidate.objects.select_related("child").order_by("-score", "id"))
        )
        .order_by("detained_at", "id")
    )


def review_record_get(*, user: User, record_id: int) -> CustodyRecord:
    return one_or_404(review_queue(user=user), record_id, "record waiting for review")


def ingest_run_list(*, user: User) -> QuerySet[IngestRun]:
    return permissions.visible_runs(user).select_related("started_by").order_by("-created_at", "-id")


def ingest_run_get(*, user: User, run_id: int) -> IngestRun:
    return one_or_404(ingest_run_list(user=user), run_id, "ingest run")


# --- Derived figures for the board ---------------------------------------------------------------------


def _day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def held_overnight_after_charge(*, today: date | None = None) -> Q:
    """Charged children held overnight in a cell: charged, and released on a later (local) day
    than they were charged, or still held and charged before ``today``.

    The one definition, used by the custody figures page (``board_figures``) and the board
    report (``governance.indicators.police_custody.custody_figures``). PACE s38(6) requires a child
    charged and kept in police detention to be moved to local authority accommodation, so the
    figure the board watches (DESIGN.md §3 governance: "overnight detention after charge"; the
    joint inspection "Children in detention after charge" in seeds/thematic-inspection-
    recommendations.txt: "minimise the time children and young people are detained in police
    cells after charge") is whether a night in the cell passed between charge and release. It
    counts what happened, not the outcome recorded: a child charged this afternoon and still in
    the cell has not been held overnight yet (the transfer may still come), and a child charged
    on an earlier day and still held has been, whatever the outcome column says so far.
    """
    charged_day = _day("charged_at")
    released_later = Q(released_at__isnull=False) & Q(GreaterThan(_day("released_at"), charged_day))
    still_held_since_before = Q(released_at__isnull=True) & Q(LessThan(charged_day, today or timezone.localdate()))
    return Q(charged_at__isnull=False) & (released_later | still_held_since_before)


def detention_aggregates(*, today: date | None = None) -> dict:
    """The aggregates both custody figure pages share (``board_figures`` here and the board
    report's ``custody_figures``), each defined once: counts, mean hours detained, appropriate
    adult waits, hours held after charge, s38(6) transfers and overnight detention after charge."""
    detained = ExpressionWrapper(F("released_at") - F("detained_at"), output_field=DurationField())
    waited = ExpressionWrapper(F("aa_arrived_at") - F("aa_requested_at"), output_field=DurationField())
    after_charge = ExpressionWrapper(F("released_at") - F("charged_at"), output_field=DurationField())
    released = Q(released_at__isnull=False)
    aa_both = Q(aa_requested_at__isnull=False, aa_arrived_at__isnull=False)
    return {
        "detentions": Count("pk"),
        "released": Count("pk", filter=released),
        "total_detained": Sum(detained, filter=released),
        "mean_detained": Avg(detained, filter=released),
        "aa_requested": Count("pk", filter=Q(aa_requested_at__isnull=False)),
        "aa_arrived": Count("pk", filter=aa_both),
        "mean_aa_wait": Avg(waited, filter=aa_both),
        "charged": Count("pk", filter=Q(charged_at__isnull=False)),
        "mean_after_charge": Avg(after_charge, filter=Q(charged_at__isnull=False, released_at__isnull=False)),
        "s38_requested": Count("pk", filter=~Q(s38_6="")),
        "s38_secured": Count("pk", filter=Q(s38_6=S386Status.SECURED)),
        "charged_detained": Count("pk", filter=Q(outcome=CustodyOutcome.CHARGED_DETAINED)),
        "overnight_after_charge": Count("pk", filter=held_overnight_after_charge(today=today)),
    }


def board_figures(*, user: User, start: date, end: date) -> dict:
    """Custody figures for detentions from ``start`` to ``end`` (inclusive, local dates), each
    computed by the database: hours detained, appropriate adult waiting time, hours held after
    charge, s38(6) transfers requested and secured, overnight detentions, L&D screening."""
    records = permissions.visible_records(user).filter(
        detained_at__gte=_start_of(start), detained_at__lt=_start_of(end + timedelta(days=1))
    )
    # Overnight: released on a later day than detained, or still detained from before today.
    released_later = Q(released_at__isnull=False) & Q(GreaterThan(_day("released_at"), _day("detained_at")))
    overnight = released_later | Q(released_at__isnull=True) & Q(LessThan(_day("detained_at"), timezone.localdate()))
    totals = records.aggregate(
        **detention_aggregates(),
        children=Count("child", distinct=True),
        s38_not_secured=Count("pk", filter=Q(s38_6=S386Status.NOT_SECURED)),
        overnight=Count("pk", filter=overnight),
        **{f"ld_{status}": Count("pk", filter=Q(ld_screening=status)) for status in [*ScreeningStatus.values, ""]},
    )
    screening = {status: totals.pop(f"ld_{status}") for status in ScreeningStatus.values}
    screening["not_recorded"] = totals.pop("ld_")
    return {
        **{key: value for key, value in totals.items() if not key.startswith(("mean_", "total_"))},
        "total_hours_detained": hours(totals["total_detained"]),
        "mean_hours_detained": hours(totals["mean_detained"]),
        "mean_appropriate_adult_wait_hours": hours(totals["mean_aa_wait"]),
        "mean_hours_held_after_charge": hours(totals["mean_after_charge"]),
        "ld_screening": screening,
    }


# --- The child's timeline (cases.selectors.TIMELINE_SOURCES) -----------------------------------------


def timeline_events(*, user: User, child) -> list[TimelineEvent]:
    events = []
    for record in permissions.visible_records(user).filter(child=child).order_by("-detained_at")[:100]:
        where = f" at {record.suite}" if record.suite else ""
        outcome = f"; {record.get_outcome_display().lower()}" if record.outcome else ""
        events.append(
            TimelineEvent(
                record.detained_at,
                "Held in police custody",
                f"Custody record {record.force_code}/{record.custody_ref}{where}{outcome}",
                "",
                "custody",
            )
        )
    return events
