"""Reads for out-of-court disposals: scoped by ``oocd.permissions``, fixed query counts."""

from datetime import date

from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Least
from django.http import Http404

from cases.models import COURT_ORDER_TYPES, Assessment, Child
from cases.selectors import TimelineEvent
from intelligence.models import RequestStatus
from yjs.models import User

from . import permissions
from .models import Condition, Decision, Outcome, Panel, PanelAttendee, Referral, ScrutinySample


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
    referral = referral_list(user=user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral")
    return referral


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
    )


def panel_get(*, user: User, panel_id: int) -> Panel:
    panel = panel_list(user=user).filter(pk=panel_id).first()
    if panel is None:
        raise Http404("No such panel")
    return panel


def decision_list(*, user: User) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(referral__in=permissions.visible_referrals(user).values("pk"))
        .select_related("referral__child", "referral__case__team", "outcome", "panel", "recorded_by", "delivered_by")
        .prefetch_related(
            Prefetch("conditions", queryset=Condition.objects.prefetch_related("failures")),
        )
    )


def decision_get(*, user: User, decision_id: int) -> Decision:
    decision = decision_list(user=user).filter(pk=decision_id).first()
    if decision is None:
        raise Http404("No such decision")
    return decision


def police_only_decisions(*, user: User) -> QuerySet[Decision]:
    return decision_list(user=user).filter(police_only=True)


def conditional_cautions_in_progress(*, user: User) -> QuerySet[Decision]:
    """The police officer's compliance view: youth conditional cautions with conditions running."""
    return decision_list(user=user).filter(outcome__has_conditions=True).order_by("decided_on")


def scrutiny_sample_get(*, user: User, sample_id: int) -> ScrutinySample:
    if not permissions.can_scrutinise(user):
        raise Http404("No such sample")
    sample = (
        ScrutinySample.objects.filter(pk=sample_id)
        .prefetch_related("items__decision__outcome", "items__decision__referral__child")
        .first()
    )
    if sample is None:
        raise Http404("No such sample")
    return sample


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
    # PostgreSQL's LEAST ignores NULLs: the earlier of the two that exist.
    children = first_statutory_outcome_dates().annotate(first_outcome=Least(F("first_caution"), F("first_conviction")))
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
    decisions = decision_list(user=user).filter(referral__child=child)
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
