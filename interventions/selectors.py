"""Reads of interventions, scoped by ``permissions``: the catalogue for those who read case records,
and a case's referrals, reparation, restorative justice and safety plans through the cases the user
may see (another team's restricted case is not there). Each runs a fixed number of queries however
many rows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from cases.models import Case, Child, Victim
from cases.permissions import visible_records
from cases.selectors import CaseEvents, TimelineEvent
from yjs.models import User
from yjs.selectors import one_or_404, sum_per_row
from yjs.validators import long_date

from . import permissions
from .models import (
    Intervention,
    InterventionReferral,
    ReparationPlacement,
    ReparationSession,
    RestorativeJustice,
    VictimSafetyPlan,
)

# --- The catalogue ----------------------------------------------------------------------------------


def intervention_list(*, user: User) -> QuerySet[Intervention]:
    if not permissions.can_see_catalogue(user):
        return Intervention.objects.none()
    return Intervention.objects.all()


def intervention_get(*, user: User, intervention_id: int) -> Intervention:
    return one_or_404(intervention_list(user=user), intervention_id, "intervention")


def interventions_in_use() -> QuerySet[Intervention]:
    return Intervention.objects.filter(active=True)


# --- A case's records ------------------------------------------------------------------------------


def referral_list(*, user: User) -> QuerySet[InterventionReferral]:
    return visible_records(InterventionReferral, user).select_related("case__child", "intervention", "recorded_by")


def referral_get(*, user: User, referral_id: int) -> InterventionReferral:
    return one_or_404(referral_list(user=user), referral_id, "referral")


def with_hours_done(placements: QuerySet[ReparationPlacement]) -> QuerySet[ReparationPlacement]:
    """Each placement with ``hours_done``: the sum of its sessions' hours (0 with none)."""
    total = sum_per_row(ReparationSession.objects.all(), "hours", per="placement")
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=6, decimal_places=2))
    return placements.annotate(hours_done=Coalesce(Subquery(total), zero))


def placement_list(*, user: User) -> QuerySet[ReparationPlacement]:
    rows = visible_records(ReparationPlacement, user).select_related("case__child", "recorded_by")
    return with_hours_done(rows)


def placement_get(*, user: User, placement_id: int) -> ReparationPlacement:
    return one_or_404(placement_list(user=user), placement_id, "reparation placement")


def restorative_justice_list(*, user: User) -> QuerySet[RestorativeJustice]:
    return visible_records(RestorativeJustice, user).select_related("case__child", "victim", "recorded_by")


def restorative_justice_get(*, user: User, record_id: int) -> RestorativeJustice:
    return one_or_404(restorative_justice_list(user=user), record_id, "restorative justice record")


def safety_plan_list(*, user: User) -> QuerySet[VictimSafetyPlan]:
    return visible_records(VictimSafetyPlan, user).select_related("case__child", "victim", "recorded_by")


def safety_plan_get(*, user: User, plan_id: int) -> VictimSafetyPlan:
    return one_or_404(safety_plan_list(user=user), plan_id, "victim safety plan")


def visible_victims(user: User) -> QuerySet[Victim]:
    """Victims of the cases the user may read (the service then checks the victim is the case's own)."""
    return visible_records(Victim, user)


def hours_text(hours: Decimal) -> str:
    """Hours as people write them: 2, 1.5, 0.25."""
    return f"{Decimal(hours).normalize():f}"


# --- The case's interventions page -------------------------------------------------------------------


@dataclass
class CaseInterventions:
    case: Case
    referrals: list[InterventionReferral]
    placements: list[ReparationPlacement]
    sessions: dict[int, list[ReparationSession]]  # by placement id, the earliest first
    restorative_justice: list[RestorativeJustice]
    safety_plans: list[VictimSafetyPlan]
    victims: list[Victim]


def case_to_read(*, user: User, case_id: int) -> Case:
    """The case, when the user may read its interventions (404 otherwise)."""
    return one_or_404(permissions.visible_cases(user).select_related("child", "team"), case_id, "case")


def case_interventions(*, user: User, case: Case) -> CaseInterventions:
    """Everything the case's interventions page shows; 404 when the user may not read it."""
    if not permissions.can_view_interventions(user, case):
        raise Http404("No such case")
    placements = list(
        with_hours_done(ReparationPlacement.objects.filter(case=case).select_related("recorded_by")).order_by(
            "-started_on", "-id"
        )
    )
    sessions: dict[int, list[ReparationSession]] = {placement.pk: [] for placement in placements}
    for session in ReparationSession.objects.filter(placement__case=case).order_by("done_on", "id"):
        sessions[session.placement_id].append(session)
    return CaseInterventions(
        case=case,
        referrals=list(InterventionReferral.objects.filter(case=case).select_related("intervention", "recorded_by")),
        placements=placements,
        sessions=sessions,
        restorative_justice=list(RestorativeJustice.objects.filter(case=case).select_related("victim")),
        safety_plans=list(VictimSafetyPlan.objects.filter(case=case).select_related("victim")),
        victims=list(Victim.objects.filter(case=case)),
    )


def case_summary(*, case: Case) -> dict[str, int]:
    """The case page section's counts: referrals open and ended, placements, restorative justice, plans."""
    referrals = InterventionReferral.objects.filter(case=case)
    return {
        "referrals_open": referrals.filter(ended_on__isnull=True).count(),
        "referrals_ended": referrals.filter(ended_on__isnull=False).count(),
        "placements": ReparationPlacement.objects.filter(case=case).count(),
        "restorative_justice": RestorativeJustice.objects.filter(case=case).count(),
        "safety_plans": VictimSafetyPlan.objects.filter(case=case).count(),
    }


# --- The child's timeline -------------------------------------------------------------------------------


def timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    """Referrals made and ended, reparation sessions, restorative justice and safety plans agreed on
    the child's cases the user may read. An event of a restricted case carries the case as its
    ``audit_object``, so the page showing it records the read."""
    cases = {case.pk: case for case in permissions.visible_cases(user).filter(child=child)}
    if not cases:
        return []
    events = CaseEvents(cases, "interventions")

    def add(case_id: int, at, title: str, detail: str, by) -> None:
        events.add(at, title, detail, by, case_id)

    referrals = InterventionReferral.objects.filter(case__in=cases).select_related("intervention", "recorded_by")
    for referral in referrals:
        detail = f"{referral.intervention.name} ({referral.intervention.provider})"
        add(referral.case_id, referral.referred_on, "Referred to an intervention", detail, referral.recorded_by)
        if referral.ended_on:
            attended = f"{referral.sessions_attended} of {referral.sessions_offered} sessions attended"
            ended = f"{referral.intervention.name}: {referral.get_outcome_display().lower()}; {attended}"
            add(referral.case_id, referral.ended_on, "Intervention ended", ended, None)
    sessions = ReparationSession.objects.filter(placement__case__in=cases).select_related("placement", "recorded_by")
    for session in sessions:
        detail = f"{hours_text(session.hours)} hours at {session.placement.placement}"
        add(session.placement.case_id, session.done_on, "Reparation session", detail, session.recorded_by)
    for record in RestorativeJustice.objects.filter(case__in=cases).select_related("victim", "recorded_by"):
        detail = f"{record.get_restorative_type_display()}; the victim's part: {record.get_victim_part_display()}"
        add(record.case_id, record.held_on or record.recorded_at, "Restorative justice", detail, record.recorded_by)
    for plan in VictimSafetyPlan.objects.filter(case__in=cases).select_related("victim", "recorded_by"):
        review = f"; review on {long_date(plan.review_on)}" if plan.review_on else ""
        add(plan.case_id, plan.agreed_on, "Victim safety plan agreed", f"For {plan.victim}{review}", plan.recorded_by)
    return events.events
