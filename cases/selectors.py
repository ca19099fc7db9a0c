"""Reads for case records. Each takes ``user`` and sees only what it may
(``cases.permissions``); each runs a fixed number of queries however many rows."""

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import CharField, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils import timezone

from yjs.models import User

from . import permissions
from .models import (
    Assessment,
    Case,
    CaseStatus,
    CaseTransfer,
    Child,
    ChildAlias,
    ChildSearchKey,
    Contact,
    Flag,
    Plan,
    Review,
    Victim,
)
from .search import closeness, key_weight, name_keys, similarity

# --- Children ----------------------------------------------------------------------


def _aliases() -> Prefetch:
    return Prefetch("aliases", queryset=ChildAlias.objects.order_by("id"))


def _active_flags() -> Prefetch:
    return Prefetch("flags", queryset=Flag.objects.filter(removed_at__isnull=True), to_attr="active_flags")


def child_list(*, user: User) -> QuerySet[Child]:
    return permissions.visible_children(user).prefetch_related(*child_related())


def child_page(*, user: User) -> QuerySet[Child]:
    """The children the user may see, for an API list written by ``ListWriter`` with
    ``child_related()``."""
    return permissions.visible_children(user)


def child_related() -> list[Prefetch]:
    """What a child is shown with: aliases and active flags."""
    return [_aliases(), _active_flags()]


def child_get(*, user: User, child_id: int) -> Child:
    """The child, or 404 when the user may not know it exists."""
    child = child_list(user=user).filter(pk=child_id).first()
    if child is None:
        raise Http404("No such child")
    return child


@dataclass(frozen=True)
class SearchResult:
    child: Child
    score: float


def child_search(
    *, user: User, query: str, limit: int = 20, candidates: int = 100, related: bool = True
) -> list[SearchResult]:
    """Children by name (typo-tolerant, aliases included), PNC ID or date of birth.

    With ``related=False`` the children come without their aliases and flags, for an API list
    whose writer reads them for the page (``cases.apis.CHILD_PAGE``)."""
    query = (query or "").strip()
    if not query:
        return []
    visible = permissions.visible_children(user)
    date_of_birth, words = _split_date(query)
    if date_of_birth:
        visible = visible.filter(date_of_birth=date_of_birth)
    shown = visible.prefetch_related(*child_related()) if related else visible
    if _looks_like_pnc_id(query):
        # Exact matches, so the pnc_id index answers (PNC IDs are upper case; iexact would scan).
        matches = shown.filter(pnc_id__in={query, query.upper()})
        return [SearchResult(child, 100.0) for child in matches[:limit]]
    if not words:
        return [SearchResult(child, 100.0) for child in shown.order_by("surname", "forenames")[:limit]]

    keys = name_keys([words])
    if not keys:
        return []
    # Visibility (and the date of birth) are checked in SQL only when they narrow: for a user who
    # sees every child, every candidate is visible.
    narrowed = date_of_birth is not None or not permissions.sees_every_child(user)
    ids = _ranked_candidates(keys, visible if narrowed else None, candidates)
    best = _best_named(words, ids, limit)
    # Visible (and born on the date) already: the ids were chosen through ``visible``. Only the
    # children shown are read whole (with their flags), not every candidate.
    rows = Child.objects.filter(pk__in=list(best))
    children = {child.pk: child for child in (rows.prefetch_related(*child_related()) if related else rows)}
    return [SearchResult(children[pk], score) for pk, score in best.items() if pk in children]


def _best_named(words: str, ids: list[int], limit: int) -> dict[int, float]:
    """The ``limit`` candidates whose names are most like ``words``, best first, with their
    scores: each candidate's names and aliases read as plain text in one query."""
    aliases = ArraySubquery(
        ChildAlias.objects.filter(child=OuterRef("pk"))
        .order_by("id")
        .values(name=Concat("forenames", Value(" "), "surname", output_field=CharField()))
    )
    candidates = (
        Child.objects.filter(pk__in=ids)
        .annotate(alias_names=aliases)
        .values_list("pk", "forenames", "surname", "preferred_name", "alias_names")
    )
    scored = []
    for pk, forenames, surname, preferred_name, alias_names in candidates:
        # Whole names only: a bare surname would score every namesake 100 for "Zara Smith".
        names = [f"{forenames} {surname}"]
        if preferred_name:
            names.append(f"{preferred_name} {surname}")
        names += [name.strip() for name in alias_names]
        score = similarity(words, names)
        if score >= settings.CHILD_SEARCH_MIN_SCORE:
            # Equal scores (the query's words all found) go to the closest whole name first.
            scored.append(((-score, -closeness(words, names), surname, forenames), pk, score))
    scored.sort()
    return {pk: score for _, pk, score in scored[:limit]}


def _ranked_candidates(keys: set[str], visible: QuerySet[Child] | None, limit: int) -> list[int]:
    """The ids of the best-scoring children that share keys with the query and are in ``visible``.

    A child's score is the weighted number of search keys it shares with the query, summed
    from the key index alone with each key's weight passed beside it (rather than worked out
    from every matching row's text). The scores are ordered first, then the visibility check
    runs down that order only until ``limit`` children pass: a few hundred index probes rather
    than one per matching child (thousands for "Smith"). The outer ``ORDER BY`` is what
    PostgreSQL already reads the scores in, and says so: a hash join could reorder them.
    """
    table = connection.ops.quote_name(ChildSearchKey._meta.db_table)
    statement = (
        "SELECT child_id FROM (SELECT k.child_id, SUM(q.weight) AS score "  # noqa: S608 (constants)
        f"FROM unnest(%s::text[], %s::integer[]) AS q(key, weight) JOIN {table} k ON k.key = q.key "
        "GROUP BY k.child_id ORDER BY score DESC, k.child_id) AS scored"
    )
    ordered = sorted(keys)
    params: list = [ordered, [key_weight(key) for key in ordered]]
    if visible is not None:
        if visible.query.is_empty():
            return []
        visible_sql, visible_params = visible.order_by().values("pk").query.sql_with_params()
        statement += f" WHERE child_id IN ({visible_sql})"
        params += list(visible_params)
    with connection.cursor() as cursor:
        cursor.execute(f"{statement} ORDER BY score DESC, child_id LIMIT %s", [*params, limit])
        return [child_id for (child_id,) in cursor.fetchall()]


def _split_date(query: str) -> tuple[date | None, str]:
    words = []
    found = None
    for word in query.split():
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                found = datetime.strptime(word, fmt).date()
                break
            except ValueError:
                continue
        else:
            words.append(word)
    return found, " ".join(words)


def _looks_like_pnc_id(query: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{2,4}/\d{1,7}[A-Za-z]", query))


# --- Cases -------------------------------------------------------------------------


def case_list(*, user: User) -> QuerySet[Case]:
    return permissions.visible_cases(user).select_related("child", "team", "allocated_to")


def case_get(*, user: User, case_id: int) -> Case:
    case = case_list(user=user).filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case")
    return case


def assessment_list(*, user: User) -> QuerySet[Assessment]:
    if not permissions.can_see_case_records(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(case__in=permissions.visible_cases(user).values("pk")).select_related(
        "case__child", "case__team", "completed_by", "countersigned_by"
    )


def victim_list(*, user: User) -> QuerySet[Victim]:
    if not permissions.can_see_case_records(user):
        return Victim.objects.none()
    victims = Victim.objects.filter(case__in=permissions.visible_cases(user).values("pk")).select_related("case__child")
    if permissions.can_see_victim_contact_details(user):
        victims = victims.select_related("contact_details")
    return victims


def _case_records(user: User, model) -> QuerySet:
    """Rows hanging off a case (plans, reviews, contacts, transfers) of the cases the
    user may read; none for users who see no case records (police, board)."""
    if not permissions.can_see_case_records(user):
        return model.objects.none()
    return model.objects.filter(case__in=permissions.visible_cases(user).values("pk"))


def plan_list(*, user: User) -> QuerySet[Plan]:
    return (
        _case_records(user, Plan)
        .select_related("case__child", "written_by", "countersigned_by")
        .prefetch_related("targets")
    )


def review_list(*, user: User) -> QuerySet[Review]:
    return _case_records(user, Review).select_related("case__child", "completed_by")


def contact_list(*, user: User) -> QuerySet[Contact]:
    return _case_records(user, Contact).select_related("case__child", "recorded_by")


def case_transfer_list(*, user: User) -> QuerySet[CaseTransfer]:
    return _case_records(user, CaseTransfer).select_related("case__child", "requested_by")


def flag_list(*, user: User) -> QuerySet[Flag]:
    """Flags of the children the user may see (police officers: every child's)."""
    return Flag.objects.filter(child__in=permissions.visible_children(user).values("pk")).select_related(
        "child", "raised_by", "removed_by"
    )


# --- Timeliness, computed (never stored) ---------------------------------------------


def overdue_assessments(assessments: QuerySet[Assessment], today: date | None = None) -> QuerySet[Assessment]:
    today = today or timezone.localdate()
    return assessments.filter(completed_date__isnull=True, due_date__lt=today, case__status=CaseStatus.OPEN)


def completed_late_assessments(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.filter(completed_date__gt=F("due_date"))


def awaiting_countersignature(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.filter(completed_date__isnull=False, countersigned_at__isnull=True)


def reviews_due(reviews: QuerySet[Review], within_days: int = 14, today: date | None = None) -> QuerySet[Review]:
    today = today or timezone.localdate()
    return reviews.filter(completed_date__isnull=True, due_date__lte=today + relativedelta(days=within_days))


def turning_18_soon(cases: QuerySet[Case], today: date | None = None) -> QuerySet[Case]:
    """Open cases whose child turns 18 within the warning period (default 3 months)."""
    today = today or timezone.localdate()
    horizon = today + relativedelta(months=settings.TRANSITION_WARNING_MONTHS)
    return cases.filter(
        status=CaseStatus.OPEN,
        child__date_of_birth__gt=today - relativedelta(years=18),
        child__date_of_birth__lte=horizon - relativedelta(years=18),
    )


@dataclass
class CaseloadRow:
    case: Case
    next_assessment_due: date | None
    assessment_overdue: bool
    review_due: date | None
    active_flags: list[Flag]


def caseload(*, user: User, today: date | None = None) -> list[CaseloadRow]:
    """The user's open allocated cases, with what is due and what is late."""
    today = today or timezone.localdate()
    open_assessments = Assessment.objects.filter(completed_date__isnull=True).order_by("due_date")
    open_reviews = Review.objects.filter(completed_date__isnull=True).order_by("due_date")
    cases = (
        case_list(user=user)
        .filter(allocated_to=user, status=CaseStatus.OPEN)
        .prefetch_related(
            Prefetch("assessments", queryset=open_assessments, to_attr="open_assessments"),
            Prefetch("reviews", queryset=open_reviews, to_attr="open_reviews"),
            Prefetch("child__flags", queryset=Flag.objects.filter(removed_at__isnull=True), to_attr="active_flags"),
        )
        .order_by("child__surname", "child__forenames")
    )
    rows = []
    for case in cases:
        next_due = case.open_assessments[0].due_date if case.open_assessments else None
        rows.append(
            CaseloadRow(
                case=case,
                next_assessment_due=next_due,
                assessment_overdue=bool(next_due and next_due < today),
                review_due=case.open_reviews[0].due_date if case.open_reviews else None,
                active_flags=case.child.active_flags,
            )
        )
    return rows


@dataclass
class ManagerDashboard:
    overdue_assessments: list[Assessment]
    awaiting_countersignature: list[Assessment]
    completed_late: int
    reviews_due: list[Review]
    turning_18: list[Case]
    caseload_per_worker: list[dict]


def manager_dashboard(*, user: User, today: date | None = None) -> ManagerDashboard:
    today = today or timezone.localdate()
    assessments = assessment_list(user=user).filter(case__team__in=user.team_ids)
    reviews = Review.objects.filter(case__in=case_list(user=user).filter(team__in=user.team_ids).values("pk"))
    cases = case_list(user=user).filter(team__in=user.team_ids)
    # Each worker's open cases counted from the allocation index (a join of workers to every case
    # they ever had, times their groups, misled PostgreSQL into a plan costly enough to JIT-compile).
    open_allocated = (
        Case.objects.filter(allocated_to=OuterRef("pk"), status=CaseStatus.OPEN, team__in=user.team_ids)
        .order_by()
        .values("allocated_to")
        .annotate(n=Count("pk"))
        .values("n")
    )
    per_worker = (
        User.objects.filter(teams__in=user.team_ids, is_active=True)
        .annotate(open_cases=Coalesce(Subquery(open_allocated), 0))
        .filter(Q(open_cases__gt=0) | Q(groups__name="case_worker"))
        .distinct()
        .order_by("-open_cases", "last_name")
        .values("id", "first_name", "last_name", "username", "open_cases")
    )
    return ManagerDashboard(
        overdue_assessments=list(overdue_assessments(assessments, today).order_by("due_date")[:100]),
        awaiting_countersignature=list(awaiting_countersignature(assessments).order_by("completed_date")[:100]),
        completed_late=completed_late_assessments(assessments).count(),
        reviews_due=list(reviews_due(reviews, today=today).select_related("case__child").order_by("due_date")[:100]),
        turning_18=list(turning_18_soon(cases, today).order_by("child__date_of_birth")[:100]),
        caseload_per_worker=list(per_worker),
    )


# --- The child's timeline ------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime | date
    title: str
    detail: str
    by: str
    kind: str
    # A record whose reading the event shows (e.g. supplied police information): a page
    # showing the event records the view (services.timeline_view_record).
    audit_object: object = None

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.at, datetime):
            return self.at
        return timezone.make_aware(datetime(self.at.year, self.at.month, self.at.day))


# Other apps add their events to a child's timeline (information requests, custody,
# out-of-court disposals) by appending a function ``(user=, child=) -> list[TimelineEvent]``
# here from their AppConfig.ready, since cases does not depend on them.
TIMELINE_SOURCES: list = []


def child_timeline(*, user: User, child: Child) -> list[TimelineEvent]:
    """Everything that happened with the child that the user may see, newest first."""
    if not permissions.can_view_child(user, child):
        raise Http404("No such child")  # its flags would otherwise show
    cases = case_list(user=user).filter(child=child)
    events: list[TimelineEvent] = []
    # What the timeline shows of a restricted case is a read of that case, as its page is:
    # the page records it (``services.timeline_view_record``) through the events' audit_object.
    restricted: dict[int, Case] = {}
    for case in cases:
        if case.restricted:
            restricted[case.pk] = case
        events.append(
            TimelineEvent(
                case.start_date,
                f"{case.get_case_type_display()} case opened",
                f"Team {case.team}",
                str(case.allocated_to or ""),
                "case",
                audit_object=restricted.get(case.pk),
            )
        )
        if case.end_date:
            events.append(
                TimelineEvent(
                    case.end_date,
                    f"{case.get_case_type_display()} case {case.get_status_display().lower()}",
                    case.closure_reason,
                    "",
                    "case",
                    audit_object=restricted.get(case.pk),
                )
            )
    if permissions.can_see_case_records(user):
        case_ids = cases.values("pk")
        for a in Assessment.objects.filter(case__in=case_ids).select_related("completed_by", "countersigned_by"):
            if a.completed_date:
                ratings = (
                    f"Reoffending {a.likelihood_of_reoffending or '–'}, harm {a.risk_of_serious_harm or '–'}, "
                    f"safety {a.safety_and_wellbeing or '–'}"
                )
                events.append(
                    TimelineEvent(
                        a.completed_date,
                        f"{a.get_assessment_type_display()} completed",
                        ratings,
                        str(a.completed_by or ""),
                        "assessment",
                        audit_object=restricted.get(a.case_id),
                    )
                )
            if a.countersigned_at:
                events.append(
                    TimelineEvent(
                        a.countersigned_at,
                        f"{a.get_assessment_type_display()} countersigned",
                        "",
                        str(a.countersigned_by),
                        "assessment",
                        audit_object=restricted.get(a.case_id),
                    )
                )
        for plan in Plan.objects.filter(case__in=case_ids).select_related("written_by").annotate(n=Count("targets")):
            events.append(
                TimelineEvent(
                    plan.written_at,
                    "Plan written",
                    f"{plan.n} targets",
                    str(plan.written_by),
                    "plan",
                    audit_object=restricted.get(plan.case_id),
                )
            )
        for review in Review.objects.filter(case__in=case_ids, completed_date__isnull=False).select_related(
            "completed_by"
        ):
            events.append(
                TimelineEvent(
                    review.completed_date,
                    f"{review.get_trigger_display()} review completed",
                    review.outcome,
                    str(review.completed_by or ""),
                    "review",
                    audit_object=restricted.get(review.case_id),
                )
            )
        for contact in Contact.objects.filter(case__in=case_ids).select_related("recorded_by"):
            attendance = contact.get_attendance_display() if contact.attendance else "Planned"
            events.append(
                TimelineEvent(
                    contact.scheduled_at,
                    contact.get_contact_type_display(),
                    attendance,
                    str(contact.recorded_by),
                    "contact",
                    audit_object=restricted.get(contact.case_id),
                )
            )
    for flag in Flag.objects.filter(child=child).select_related("raised_by", "removed_by"):
        events.append(
            TimelineEvent(
                flag.raised_at, f"Flag raised: {flag.get_flag_type_display()}", flag.note, str(flag.raised_by), "flag"
            )
        )
        if flag.removed_at:
            events.append(
                TimelineEvent(
                    flag.removed_at,
                    f"Flag removed: {flag.get_flag_type_display()}",
                    flag.removal_reason,
                    str(flag.removed_by),
                    "flag",
                )
            )
    for source in TIMELINE_SOURCES:
        events.extend(source(user=user, child=child))
    events.sort(key=lambda event: event.sort_key, reverse=True)
    return events


def team_open_case_counts(*, user: User) -> dict[int, int]:
    rows = case_list(user=user).filter(status=CaseStatus.OPEN).values("team").annotate(n=Count("id"))
    return {row["team"]: row["n"] for row in rows}


# --- Pages: everything one page shows, in a fixed number of queries ---------------------


class AssessmentStatus:
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    COUNTERSIGNED = "countersigned"


def assessment_status(assessment: Assessment, today: date | None = None) -> str:
    if assessment.countersigned_at:
        return AssessmentStatus.COUNTERSIGNED
    if assessment.completed_date:
        return AssessmentStatus.COMPLETED
    if assessment.due_date < (today or timezone.localdate()):
        return AssessmentStatus.OVERDUE
    return AssessmentStatus.DUE


@dataclass
class ChildRecord:
    child: Child
    active_flags: list[Flag]
    cases: list[Case]
    timeline: list[TimelineEvent]
    shows_case_records: bool


def child_record(*, user: User, child_id: int) -> ChildRecord:
    """A child's page: identity, active flags (who raised them), cases and timeline.

    Police officers get identity and flags only (no cases, no timeline of case work)."""
    child = child_get(user=user, child_id=child_id)
    shows_case_records = permissions.can_see_case_records(user)
    flags = list(
        Flag.objects.filter(child=child, removed_at__isnull=True)
        .select_related("raised_by", "case")
        .order_by("-raised_at")
    )
    cases = list(case_list(user=user).filter(child=child).order_by("-start_date", "-id")) if shows_case_records else []
    timeline = child_timeline(user=user, child=child) if shows_case_records else []
    return ChildRecord(
        child=child, active_flags=flags, cases=cases, timeline=timeline, shows_case_records=shows_case_records
    )


@dataclass
class CaseRecord:
    case: Case
    offences: list
    assessments: list[tuple[Assessment, str]]
    plans: list[Plan]
    reviews: list[Review]
    contacts: list[Contact]
    victims: list[Victim]
    transfers: list[CaseTransfer]
    active_flags: list[Flag]


def case_record(*, user: User, case_id: int, today: date | None = None) -> CaseRecord:
    """A case's page, or 404 when the user may not know the case exists.

    Victims come without their contact details: those are read one at a time through
    ``services.victim_contact_details_view``, which audits the read."""
    case = case_get(user=user, case_id=case_id)
    if not permissions.can_see_case_records(user):
        raise Http404("No such case")
    assessments = Assessment.objects.filter(case=case).select_related("completed_by", "countersigned_by")
    return CaseRecord(
        case=case,
        offences=list(case.offences.all()),
        assessments=[(a, assessment_status(a, today)) for a in assessments.order_by("due_date", "id")],
        plans=list(
            Plan.objects.filter(case=case)
            .select_related("written_by", "countersigned_by", "assessment")
            .prefetch_related("targets")
        ),
        reviews=list(Review.objects.filter(case=case).select_related("completed_by").order_by("-due_date", "-id")),
        contacts=list(Contact.objects.filter(case=case).select_related("recorded_by")),
        victims=list(Victim.objects.filter(case=case)),
        transfers=list(CaseTransfer.objects.filter(case=case).select_related("requested_by")),
        active_flags=list(
            Flag.objects.filter(child_id=case.child_id, removed_at__isnull=True).select_related("raised_by")
        ),
    )


def allocatable_workers(*, user: User) -> QuerySet[User]:
    """Case workers and managers of the user's teams: whom a new case may be allocated to."""
    return (
        User.objects.filter(teams__in=user.team_ids, groups__name__in=["case_worker", "team_manager"], is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
