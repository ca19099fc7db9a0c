"""What the risk work holds about a child (``yjs.personal_data``): referrals to the risk and
vulnerability meeting, the meeting's hearings of their case and the actions it set, MAPPA,
MARAC, their social care status over time and safeguarding referrals.

Anonymising keeps every row and what the board report counts (dates, levels, reason codes,
statuses, categories, legal bases, agencies, local authorities) and removes what was written
about the child or names another person: referral details and decline reasons, the meeting's
decision, controls and contingency, action descriptions, MARAC and safeguarding references,
concerns and outcomes, social workers' names. A meeting itself (its date, team, chair, notes
and attendees) is about many children and is kept as it is.
"""

from datetime import date

from django.db.models import Model

from cases.models import Case, Child
from yjs.personal_data import REMOVED, PersonalData, register

from . import permissions
from .models import Action, Hearing, Mappa, Marac, Referral, SafeguardingReferral, SocialCareStatus


def anonymise(child: Child, today: date) -> dict[str, int]:
    cases = Case.objects.filter(child=child)
    referrals = Referral.objects.filter(case__in=cases)
    return {
        # A person's referral needs its reason and a declined one its decline reason (database checks).
        "risk_referrals": referrals.filter(automatic=True).update(detail="")
        + referrals.filter(automatic=False).update(detail=REMOVED),
        "declined_risk_referrals": referrals.exclude(decline_reason="").update(decline_reason=REMOVED),
        "risk_hearings": Hearing.objects.filter(case__in=cases).update(
            external_controls="", contingency="", decision=""
        ),
        "risk_actions": Action.objects.filter(case__in=cases).update(description=REMOVED),
        "marac_referrals": Marac.objects.filter(case__in=cases).update(reference="", outcome=""),
        "social_care_statuses": SocialCareStatus.objects.filter(child=child).update(social_worker=""),
        "safeguarding_referrals": SafeguardingReferral.objects.filter(case__in=cases).update(
            referred_to_detail="", concern=REMOVED, reference="", outcome=""
        ),
    }


def export(user, child: Child) -> dict:
    """The child's risk records on the cases the user may read (their social care status when any is)."""
    cases = permissions.visible_cases(user).filter(child=child).values("pk")
    sees_a_case = permissions.visible_cases(user).filter(child=child).exists()
    return {
        "risk_referrals": list(
            Referral.objects.filter(case__in=cases)
            .select_related("case", "referred_by", "declined_by")
            .order_by("referred_at", "pk")
        ),
        "risk_hearings": list(
            Hearing.objects.filter(case__in=cases)
            .select_related("meeting__team", "decided_by")
            .prefetch_related("actions")
            .order_by("meeting__held_on", "pk")
        ),
        "mappa": list(Mappa.objects.filter(case__in=cases).select_related("case").order_by("referred_on", "pk")),
        "marac_referrals": list(Marac.objects.filter(case__in=cases).order_by("referred_on", "pk")),
        "social_care_statuses": list(SocialCareStatus.objects.filter(child=child).order_by("from_date", "pk"))
        if sees_a_case
        else [],
        "safeguarding_referrals": list(
            SafeguardingReferral.objects.filter(case__in=cases).order_by("referred_on", "pk")
        ),
    }


PARTS = (
    "risk_referrals",
    "risk_hearings",
    "mappa",
    "marac_referrals",
    "social_care_statuses",
    "safeguarding_referrals",
)


def audited(parts: dict) -> list[Model]:
    objects: list[Model] = []
    for name in PARTS:
        objects += parts[name]
    for hearing in parts["risk_hearings"]:
        objects += list(hearing.actions.all())
    return objects


register(
    PersonalData(
        app="risk",
        models=(Referral, Hearing, Action, Mappa, Marac, SocialCareStatus, SafeguardingReferral),
        anonymise=anonymise,
        export=export,
        audited=audited,
        counts=lambda parts: {name: len(parts[name]) for name in PARTS},
    )
)
