"""Reads for out-of-court disposals: scoped by ``oocd.permissions``, fixed query counts."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Least
from django.http import Http404

from cases.models import COURT_ORDER_TYPES, Assessment, Case, Child
from cases.selectors import TimelineEvent
from intelligence.models import RequestStatus
from yjs.models import User
from yjs.roles import Role
from yjs.selectors import one_or_404

from . import permissions
from .models import (
    Condition,
    ConditionFailure,
    ConditionStatus,
    Decision,
    Outcome,
    Panel,
    PanelAttendee,
    PanelItem,
    Referral,
    ScrutinyItem,
    ScrutinySample,
    SignedDocumentVersion,
)


def outcome_list(*, active_only: bool = True) -> QuerySet[Outcome]:
    outcomes = Outcome.objects.all()
    return outcomes.filter(active=True) if active_only else outcomes


def referral_list(*, user: User) -> QuerySet[Referral]:
    diversion_assessments = Assessment.objects.order_by("due_date")
    return (
        permissions.visible_referrals(user)
        .select_related("child", "case__team", "research_request", "decision__outcome", "decision__panel")
        .prefetch_related(Prefetch("case__assessments", queryset=diversion_assessments, to_attr="all_assessments"))
    )


def referral_get(*, user: User, referral_id: int) -> Referral:
    return one_or_404(referral_list(user=user), referral_id, "referral")


def missing_before_panel(referral: Referral) -> list[str]:
    """What the panel still needs (uses the prefetches of ``referral_list``)."""
    missing = []
    assessments = getattr(referral.case, "all_assessments", None)
    if assessments is None:
        assessments = list(referral.case.assessments.all())
    if not any(assessment.completed_date for assessment in assessments):
        missing.append("Diversion assessment")
    research = referral.research_request
    if research is None or research.status not in (RequestStatus.SUPPLIED, RequestStatus.CLOSED):
        missing.append("Police research")
    if referral.has_victim and not (
        (referral.victim_contacted_at and referral.victim_views) or referral.victim_not_contacted_reason
    ):
        missing.append("Victim's views, or why the victim was not contacted")
    if not referral.child_views:
        missing.append("The child's views")
    if not referral.parent_carer_views:
        missing.append("The parent or carer's views")
    return missing


def panel_list(*, user: User) -> QuerySet[Panel]:
    return (
        permissions.visible_panels(user)
        .select_related("chair")
        .prefetch_related(
            Prefetch("attendees", queryset=PanelAttendee.objects.select_related("user")),
            "items__referral__child",
        )
        .annotate(referral_count=Count("items", distinct=True))
        # Meta.ordering is not applied to a query with GROUP BY: without this, pages would shuffle.
        .order_by("-held_on", "-id")
    )


def panel_get(*, user: User, panel_id: int) -> Panel:
    return one_or_404(panel_list(user=user), panel_id, "panel")


def decision_list(*, user: User) -> QuerySet[Decision]:
    """The decisions on referrals the user may see, with what the API shows of each: the child,
    the outcome and the conditions (people and panels by id). Pages add their names
    (``with_names``): each join more cost more to plan than the page of rows took to read."""
    return _visible_decisions(user).prefetch_related(
        Prefetch("conditions", queryset=Condition.objects.prefetch_related("failures"))
    )


def decision_page(*, user: User) -> QuerySet[Decision]:
    """The API's list of decisions: each decision with only what it shows of the referral, the
    child and the outcome (a referral's views and a child's address were half of what a page
    read), and without the conditions, which ``yjs.api.listing`` reads for the whole page."""
    return _visible_decisions(user).only(
        *(field.name for field in Decision._meta.concrete_fields),
        "referral__child_id",
        "referral__has_victim",
        "referral__child__forenames",
        "referral__child__surname",
        "outcome__code",
        "outcome__name",
    )


def _visible_decisions(user: User) -> QuerySet[Decision]:
    """The decisions on referrals the user may see, each with its referral's child and its outcome."""
    decisions = Decision.objects.select_related("referral__child", "outcome")
    if not permissions.sees_every_referral(user):
        # Only when it narrows: an IN over every referral costs more to plan than the page to read.
        decisions = decisions.filter(referral__in=permissions.visible_referrals(user).values("pk"))
    return decisions


def with_names(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Decisions with the case's team, the panel and the people who recorded and delivered them."""
    return decisions.select_related("referral__case__team", "panel", "recorded_by", "delivered_by")


def decision_get(*, user: User, decision_id: int) -> Decision:
    return one_or_404(with_names(decision_list(user=user)), decision_id, "decision")


def signed_document_version_get(*, user: User, decision_id: int, version_id: int) -> SignedDocumentVersion:
    """A version of a decision's signed document, for whoever may see the decision (404 to anyone else)."""
    decision = decision_get(user=user, decision_id=decision_id)
    return one_or_404(
        decision.signed_document_versions.select_related("uploaded_by"), version_id, "version of the signed document"
    )


def police_only_decisions(*, user: User) -> QuerySet[Decision]:
    return with_names(decision_list(user=user)).filter(police_only=True)


def conditional_cautions_in_progress(*, user: User) -> QuerySet[Decision]:
    """The police officer's compliance view: youth conditional cautions with conditions running,
    or with a failure still waiting for the prosecution decision."""
    open_conditions = Condition.objects.filter(decision=OuterRef("pk")).filter(
        Q(status=ConditionStatus.IN_PROGRESS) | Q(failures__considered_for_prosecution=False)
    )
    return (
        with_names(decision_list(user=user))
        .filter(outcome__has_conditions=True)
        .filter(Exists(open_conditions))
        .order_by("decided_on", "id")
    )


def scrutiny_sample_get(*, user: User, sample_id: int) -> ScrutinySample:
    if not permissions.can_scrutinise(user):
        raise Http404("No such sample")
    samples = ScrutinySample.objects.prefetch_related("items__decision__outcome", "items__decision__referral__child")
    return one_or_404(samples, sample_id, "sample")


# --- First-time entrants --------------------------------------------------------------


def first_statutory_outcome_dates() -> QuerySet:
    """Per child, the date of their first statutory outcome: a youth caution, a youth
    conditional caution (or any statutory outcome), or a conviction (a court order)."""
    caution = Min("oocd_referrals__decision__decided_on", filter=Q(oocd_referrals__decision__outcome__statutory=True))
    conviction = Min("cases__start_date", filter=Q(cases__case_type__in=COURT_ORDER_TYPES))
    return Child.objects.annotate(first_caution=caution, first_conviction=conviction).filter(
        Q(first_caution__isnull=False) | Q(first_conviction__isnull=False)
    )


def first_time_entrants(*, start: date, end: date, team_ids: list[int] | None = None) -> QuerySet[Child]:
    """Children whose first statutory outcome falls in the period (aggregate use only)."""
    # Only a child with a statutory outcome in the period can have had their first one in it: their
    # first outcome dates are worked out, not every child's (31,000 of 200,000 in a large service).
    in_period = Decision.objects.filter(outcome__statutory=True, decided_on__range=(start, end)).values(
        "referral__child"
    )
    convicted = Case.objects.filter(case_type__in=COURT_ORDER_TYPES, start_date__range=(start, end)).values("child")
    # PostgreSQL's LEAST ignores NULLs: the earlier of the two that exist.
    children = (
        first_statutory_outcome_dates()
        .filter(Q(pk__in=in_period) | Q(pk__in=convicted))
        .annotate(first_outcome=Least(F("first_caution"), F("first_conviction")))
    )
    children = children.filter(first_outcome__range=(start, end))
    if team_ids:
        children = children.filter(cases__team__in=team_ids).distinct()
    return children


# --- The child's timeline ---------------------------------------------------------------


def timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    referrals = referral_list(user=user).filter(child=child)
    for referral in referrals:
        events.append(
            TimelineEvent(
                referral.referred_at,
                "Referred for an out-of-court disposal",
                f"Gravity score {referral.gravity_score}; referred by {referral.referring_officer}",
                referral.referring_officer,
                "oocd",
            )
        )
    decisions = with_names(decision_list(user=user)).filter(referral__child=child)
    for decision in decisions:
        where = "Police-only decision" if decision.police_only else f"Panel on {decision.panel.held_on:%d %B %Y}"
        events.append(
            TimelineEvent(
                decision.decided_on,
                f"Decision: {decision.outcome.name}",
                f"{where}. {decision.rationale}",
                str(decision.recorded_by),
                "oocd",
            )
        )
        for condition in decision.conditions.all():
            events.append(
                TimelineEvent(
                    decision.decided_on,
                    "Condition set",
                    f"{condition.description} (ends {condition.end_date:%d %B %Y})",
                    "",
                    "oocd",
                )
            )
            for failure in condition.failures.all():
                events.append(
                    TimelineEvent(
                        failure.occurred_on,
                        "Condition not complied with",
                        f"{failure.what_happened} Reasons given: {failure.reasons_given}",
                        "",
                        "oocd",
                    )
                )
        if decision.delivered_at:
            events.append(
                TimelineEvent(decision.delivered_at, "Disposal delivered", "", str(decision.delivered_by), "oocd")
            )
    return events


# --- Added with the API ------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    AWAITING_INFORMATION = "awaiting_information", "Waiting for information before the panel"
    READY = "ready", "Ready for the panel"
    DECIDED = "decided", "Decided, not yet fully delivered"
    DELIVERED = "delivered", "Delivered"
    WITHDRAWN = "withdrawn", "Withdrawn"


def referral_status(referral: Referral) -> str:
    """Where the referral is (uses the prefetches of ``referral_list``); ``referrals_with_status`` agrees."""
    decision = getattr(referral, "decision", None)  # RelatedObjectDoesNotExist is an AttributeError
    if decision is not None:
        return ReferralStatus.DELIVERED if decision.is_delivered else ReferralStatus.DECIDED
    if referral.withdrawn_at:
        return ReferralStatus.WITHDRAWN
    return ReferralStatus.AWAITING_INFORMATION if missing_before_panel(referral) else ReferralStatus.READY


def _delivered() -> Q:
    """``Decision.is_delivered``, as a filter on referrals."""
    return Decision.delivered(decision="decision__", referral="")


def _ready_for_panel() -> Q:
    """Nothing ``missing_before_panel`` would list, as a filter on referrals."""
    assessed = Exists(Assessment.objects.filter(case=OuterRef("case"), completed_date__isnull=False))
    victim = (
        Q(has_victim=False)
        | Q(victim_contacted_at__isnull=False, victim_views__gt="")
        | Q(victim_not_contacted_reason__gt="")
    )
    return (
        Q(assessed)
        & Q(research_request__status__in=[RequestStatus.SUPPLIED, RequestStatus.CLOSED])
        & victim
        & Q(child_views__gt="", parent_carer_views__gt="")
    )


def referrals_with_status(
    referrals: QuerySet[Referral], *, status: str | None = None, decided: bool | None = None
) -> QuerySet[Referral]:
    """Narrow referrals to one ``ReferralStatus`` and/or to decided (or undecided) ones."""
    if decided is not None:
        referrals = referrals.filter(decision__isnull=not decided)
    undecided = Q(decision__isnull=True)
    filters = {
        ReferralStatus.DELIVERED: Q(decision__isnull=False) & _delivered(),
        ReferralStatus.DECIDED: Q(decision__isnull=False) & ~_delivered(),
        ReferralStatus.WITHDRAWN: undecided & Q(withdrawn_at__isnull=False),
        ReferralStatus.READY: undecided & Q(withdrawn_at__isnull=True) & _ready_for_panel(),
        ReferralStatus.AWAITING_INFORMATION: undecided & Q(withdrawn_at__isnull=True) & ~_ready_for_panel(),
    }
    if status:
        referrals = referrals.filter(filters[status])
    return referrals


def condition_get(*, user: User, condition_id: int) -> Condition:
    visible = permissions.visible_referrals(user).values("pk")
    conditions = (
        Condition.objects.filter(decision__referral__in=visible)
        .select_related("decision__referral__child", "decision__outcome")
        .prefetch_related("failures")
    )
    return one_or_404(conditions, condition_id, "condition")


def failure_get(*, user: User, failure_id: int) -> ConditionFailure:
    failures = ConditionFailure.objects.filter(
        condition__decision__referral__in=permissions.visible_referrals(user).values("pk")
    ).select_related("condition__decision")
    return one_or_404(failures, failure_id, "failure")


def scrutiny_sample_list(*, user: User) -> QuerySet[ScrutinySample]:
    if not permissions.can_scrutinise(user):
        return ScrutinySample.objects.none()
    return (
        ScrutinySample.objects.select_related("drawn_by")
        .annotate(item_count=Count("items"))
        .order_by("-drawn_at", "-id")
    )


def scrutiny_item_get(*, user: User, item_id: int) -> ScrutinyItem:
    if not permissions.can_scrutinise(user):
        raise Http404("No such item")
    return one_or_404(ScrutinyItem.objects.select_related("decision__outcome", "sample"), item_id, "item")


def first_time_entrants_by_month(
    *, start: date, end: date, team_ids: list[int] | None = None
) -> tuple[int, list[tuple[date, int]]]:
    """How many first-time entrants in the period, and per calendar month (every month, zeros too)."""
    firsts = first_time_entrants(start=start, end=end, team_ids=team_ids).values_list("pk", "first_outcome")
    per_month: dict[date, set[int]] = {}
    for pk, first in firsts:
        per_month.setdefault(first.replace(day=1), set()).add(pk)
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append((month, len(per_month.get(month, ()))))
        if month.year == date.max.year and month.month == 12:
            break
        month = (month + timedelta(days=32)).replace(day=1)
    return sum(count for _, count in months), months


# --- Added for the pages -------------------------------------------------------------------


def panel_agenda(*, user: User, panel: Panel) -> list[PanelItem]:
    """The panel's agenda items whose referral the user may see, each with what is missing."""
    return list(
        PanelItem.objects.filter(panel=panel, referral__in=permissions.visible_referrals(user).values("pk"))
        .select_related(
            "referral__child", "referral__case__team", "referral__research_request", "referral__decision__outcome"
        )
        .prefetch_related(
            Prefetch(
                "referral__case__assessments",
                queryset=Assessment.objects.order_by("due_date"),
                to_attr="all_assessments",
            )
        )
    )


def panel_attendee_candidates() -> QuerySet[User]:
    """The service's users who may sit on a panel: YJS staff, police officers and panel members."""
    roles = [
        Role.POLICE_OFFICER,
        Role.TEAM_MANAGER,
        Role.CASE_WORKER,
        Role.PANEL_MEMBER,
        Role.VICTIM_WORKER,
        Role.HEAD_OF_SERVICE,
    ]
    return User.objects.filter(
        is_active=True, pk__in=User.objects.filter(groups__name__in=roles).values("pk")
    ).order_by("first_name", "last_name", "username")


# --- Follow-ups of police outcomes for children not known to the YJS -------------------------------

from .selectors_follow_ups import follow_up_get, follow_up_list, follow_ups_open_for  # noqa: E402, F401
