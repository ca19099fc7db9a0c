"""What the family and needs records hold about a child (``yjs.personal_data``): the child's family
members and their contact details, the professionals around the child, and the dated needs records
(accommodation, education, speech, language and communication, mental health, substance misuse).

Anonymising keeps every row and what the board report counts (dates, relationships, parental
responsibility, roles, accommodation and education types, suitability, hours, SEND and plans, needs
identified, referrals and support) and removes names, contact details, providers, reasons and notes.
The subject access export lists the family members by name and relationship and withholds their
contact details (other people's personal data), as the case record withholds victims'.
"""

from datetime import date

from django.db.models import Model

from cases.models import Child
from yjs.personal_data import REMOVED, PersonalData, register

from . import permissions
from .models import (
    NEEDS_MODELS,
    Accommodation,
    Communication,
    Education,
    FamilyMember,
    FamilyMemberContactDetails,
    MentalHealth,
    Professional,
    SubstanceMisuse,
)

PARTS = {
    "family_members": FamilyMember,
    "professionals": Professional,
    "accommodation_records": Accommodation,
    "education_records": Education,
    "communication_records": Communication,
    "mental_health_records": MentalHealth,
    "substance_misuse_records": SubstanceMisuse,
}


def anonymise(child: Child, today: date) -> dict[str, int]:
    members = FamilyMember.objects.filter(child=child)
    professionals = Professional.objects.filter(child=child)
    rows = {
        "family_member_contact_details": FamilyMemberContactDetails.objects.filter(member__in=members).delete()[0],
        # "Other" relationships and roles need their words (database checks).
        "family_members": members.exclude(relationship="other").update(name=REMOVED, relationship_detail="", notes="")
        + members.filter(relationship="other").update(name=REMOVED, relationship_detail=REMOVED, notes=""),
        "professionals": professionals.exclude(role="other").update(
            name=REMOVED, role_detail="", organisation="", phone="", email=""
        )
        + professionals.filter(role="other").update(
            name=REMOVED, role_detail=REMOVED, organisation="", phone="", email=""
        ),
        # A record of unsuitable accommodation needs its reason (a database check).
        "unsuitable_accommodation": Accommodation.objects.filter(child=child, suitable=False).update(
            unsuitable_reason=REMOVED
        ),
        "education_records": Education.objects.filter(child=child).update(provider=""),
    }
    for name, model in PARTS.items():
        if model in NEEDS_MODELS:
            rows[name] = model.objects.filter(child=child).update(notes="")
    return rows


def export(user, child: Child) -> dict:
    """The child's family and needs, for a user who may read them (nothing otherwise)."""
    if not permissions.can_view_family(user, child):
        return {name: [] for name in PARTS}
    return {name: list(model.objects.filter(child=child).order_by("pk")) for name, model in PARTS.items()}


def audited(parts: dict) -> list[Model]:
    return [row for name in PARTS for row in parts[name]]


register(
    PersonalData(
        app="family",
        models=(FamilyMember, FamilyMemberContactDetails, Professional, *NEEDS_MODELS),
        anonymise=anonymise,
        export=export,
        audited=audited,
        counts=lambda parts: {name: len(parts[name]) for name in PARTS},
    )
)
