"""What the interventions records hold about a child (``yjs.personal_data``): referrals to
interventions, reparation placements and sessions, restorative justice and victim safety plans, each
on one of the child's cases.

Anonymising keeps every row and what the board report counts (dates, outcomes, sessions offered and
attended, hours ordered and done, types and the victim's part) and removes what was written: reasons,
placements' names and descriptions, session notes, restorative justice outcomes and safety plans'
measures. The subject access export lists the child's referrals, reparation and restorative justice
(without the victim's name or the outcome's words, which may be the victim's) and withholds victim
safety plans (the victim's personal data, as the case record withholds victims' details).
"""

from datetime import date

from django.db.models import Model

from cases.models import Child
from yjs.personal_data import REMOVED, PersonalData, register

from . import permissions
from .models import (
    InterventionReferral,
    ReparationPlacement,
    ReparationSession,
    RestorativeJustice,
    VictimSafetyPlan,
)

PARTS = {
    "intervention_referrals": InterventionReferral,
    "reparation_placements": ReparationPlacement,
    "restorative_justice": RestorativeJustice,
}


def anonymise(child: Child, today: date) -> dict[str, int]:
    of_child = {"case__child": child}
    return {
        "intervention_referrals": InterventionReferral.objects.filter(**of_child).update(reason=""),
        "reparation_placements": ReparationPlacement.objects.filter(**of_child).update(
            placement=REMOVED, description=""
        ),
        "reparation_sessions": ReparationSession.objects.filter(placement__case__child=child).update(note=""),
        "restorative_justice": RestorativeJustice.objects.filter(**of_child).update(outcome=""),
        "victim_safety_plans": VictimSafetyPlan.objects.filter(**of_child).update(measures=REMOVED),
    }


def export(user, child: Child) -> dict:
    """The child's interventions on the cases the user may read (nothing of a case they may not)."""
    cases = permissions.visible_cases(user).filter(child=child).values("pk")
    return {
        "intervention_referrals": list(
            InterventionReferral.objects.filter(case__in=cases).select_related("intervention").order_by("pk")
        ),
        "reparation_placements": list(
            ReparationPlacement.objects.filter(case__in=cases).prefetch_related("sessions").order_by("pk")
        ),
        "restorative_justice": list(RestorativeJustice.objects.filter(case__in=cases).order_by("pk")),
    }


def audited(parts: dict) -> list[Model]:
    return [row for name in PARTS for row in parts[name]]


register(
    PersonalData(
        app="interventions",
        models=(InterventionReferral, ReparationPlacement, ReparationSession, RestorativeJustice, VictimSafetyPlan),
        anonymise=anonymise,
        export=export,
        audited=audited,
        counts=lambda parts: {name: len(parts[name]) for name in PARTS},
    )
)
