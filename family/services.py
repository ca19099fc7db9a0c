"""Writes for the family around the child and the child's needs (DESIGN.md §11).

- Family members and professionals are recorded and corrected (``family_member_add``,
  ``family_member_update``, ``professional_add``, ``professional_update``); a family member's
  contact details are written with them and read only through
  ``family_member_contact_details_view_many``, which records each read in the audit trail.
- Needs records are history: each is a new record from its date (``accommodation_record``,
  ``education_record``, ``communication_record``, ``mental_health_record``,
  ``substance_misuse_record``), never an edit of an earlier one; the latest on a day is what held.

Each takes the member of staff (``by``), refuses who may not (``permissions``) and answers bad
input with field errors in GOV.UK's words, having changed nothing.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from cases.models import Child
from cases.services import restricted_case_records_viewed
from yjs.audit import audit_record_many
from yjs.models import AuditAction, User
from yjs.services import (
    audited_change,
    audited_create,
    locked,
    only_known_fields,
    require,
    strip_given,
    stripped,
    validate,
)
from yjs.validators import not_before, required_not_in_future

from . import permissions
from .models import (
    Accommodation,
    AccommodationType,
    Communication,
    Education,
    EducationType,
    FamilyMember,
    FamilyMemberContactDetails,
    MentalHealth,
    Professional,
    ProfessionalRole,
    Relationship,
    SendPlan,
    SubstanceMisuse,
)

NOT_PERMITTED = "You cannot record the family or needs of this child."
CONTACT_FIELDS = ("phone", "email", "address")
UPDATED = ("updated_at",)  # a correction is saved with the time it was made


def _child_to_record_on(child: Child, by: User) -> None:
    require(permissions.can_record_family(by, child), NOT_PERMITTED)


def _to_correct(record: Any, by: User) -> Any:
    """A family member or professional, locked for the correction by one who may make it."""
    record = locked(record, "child")
    _child_to_record_on(record.child, by)
    return record


def _detail_of_other(fields: dict[str, Any], record: Any, *, choice: str, detail: str, other: str) -> None:
    """The words of an "other" ``choice`` (``detail``) belong to it alone: emptied for any other."""
    if fields.get(choice, getattr(record, choice)) != other:
        fields[detail] = ""


# --- Family members ---------------------------------------------------------------------------------

MEMBER_FIELDS = {"name", "relationship", "relationship_detail", "parental_responsibility", "lives_with_child", "notes"}


def _member_errors(member: FamilyMember) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not stripped(member.name):
        errors["name"] = "Enter the family member's name"
    if member.relationship not in Relationship.values:
        errors["relationship"] = "Select the family member's relationship to the child"
    elif member.relationship == Relationship.OTHER and not stripped(member.relationship_detail):
        errors["relationship_detail"] = "Enter the relationship to the child"
    return errors


def _contact_details_errors(details: dict[str, str]) -> None:
    unknown = set(details) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError({f"contact_details.{name}": "Unknown field" for name in unknown})


def _write_contact_details(member: FamilyMember, details: dict[str, str]) -> None:
    _contact_details_errors(details)
    row, _ = FamilyMemberContactDetails.objects.get_or_create(member=member)
    for name, value in details.items():
        setattr(row, name, stripped(value))
    validate(row)
    row.save()


@transaction.atomic
def family_member_add(
    *,
    child: Child,
    by: User,
    name: str,
    relationship: str,
    relationship_detail: str = "",
    parental_responsibility: bool = False,
    lives_with_child: bool = False,
    notes: str = "",
    contact_details: dict[str, str] | None = None,
) -> FamilyMember:
    """Record a parent, carer, sibling or other household member (and their contact details)."""
    _child_to_record_on(child, by)
    member = FamilyMember(
        child=child,
        name=stripped(name),
        relationship=relationship,
        relationship_detail=stripped(relationship_detail) if relationship == Relationship.OTHER else "",
        parental_responsibility=bool(parental_responsibility),
        lives_with_child=bool(lives_with_child),
        notes=notes or "",
        recorded_by=by,
    )
    audited_create(
        member, by=by, detail={"contact_details": "recorded"} if contact_details else None, errors=_member_errors
    )
    if contact_details and any(stripped(value) for value in contact_details.values()):
        _write_contact_details(member, contact_details)
    return member


@transaction.atomic
def family_member_update(
    *, member: FamilyMember, by: User, contact_details: dict[str, str] | None = None, **fields: Any
) -> FamilyMember:
    """Correct a family member's record; ``contact_details`` given are changed (never put in the audit
    trail's diff: only that they changed)."""
    member = _to_correct(member, by)
    only_known_fields(fields, MEMBER_FIELDS)
    strip_given(fields, "name", "relationship_detail")
    _detail_of_other(fields, member, choice="relationship", detail="relationship_detail", other=Relationship.OTHER)
    more = None
    if contact_details is not None:
        _write_contact_details(member, contact_details)
        more = {"contact_details": ["", "changed"]}  # never the details themselves
    audited_change(member, by=by, fields=fields, errors=_member_errors, more=more, touch=UPDATED)
    return member


def family_member_contact_details_view_many(
    *, members: list[FamilyMember], by: User, request=None
) -> dict[int, FamilyMemberContactDetails]:
    """The contact details of the family members a page or answer shows, by member id: for those who
    may see them (``permissions.sees_contact_details``) of families they may read; one audit event
    per member shown, a fixed number of queries however many."""
    if not members:
        return {}
    require(permissions.sees_contact_details(by), "You cannot see family members' contact details.")
    child_ids = {member.child_id for member in members}
    readable = set(permissions.visible_children(by).filter(pk__in=child_ids).values_list("pk", flat=True))
    require(child_ids <= readable)
    details = FamilyMemberContactDetails.objects.filter(member__in=members)
    audit_record_many(
        actor=by,
        action=AuditAction.VIEW_SENSITIVE,
        objs=members,
        request=request,
        detail={"read": "family_contact_details"},
    )
    return {row.member_id: row for row in details}


# --- Professionals -------------------------------------------------------------------------------------

PROFESSIONAL_FIELDS = {"role", "role_detail", "name", "organisation", "phone", "email", "from_date", "to_date"}


def _professional_errors(professional: Professional) -> dict[str, str]:
    errors: dict[str, str] = {}
    if professional.role not in ProfessionalRole.values:
        errors["role"] = "Select the professional's role"
    elif professional.role == ProfessionalRole.OTHER and not stripped(professional.role_detail):
        errors["role_detail"] = "Enter the professional's role"
    if not stripped(professional.name):
        errors["name"] = "Enter the professional's name"
    required_not_in_future(professional.from_date, "from_date", errors, "date they started working with the child")
    not_before(
        professional.to_date,
        professional.from_date,
        "to_date",
        errors,
        "date they stopped",
        "the date they started",
        unless="from_date",
    )
    return errors


@transaction.atomic
def professional_add(
    *,
    child: Child,
    by: User,
    role: str,
    name: str,
    from_date: date,
    role_detail: str = "",
    organisation: str = "",
    phone: str = "",
    email: str = "",
    to_date: date | None = None,
) -> Professional:
    """Record a professional working with the child (social worker, school, health, CAMHS, …)."""
    _child_to_record_on(child, by)
    professional = Professional(
        child=child,
        role=role,
        role_detail=stripped(role_detail) if role == ProfessionalRole.OTHER else "",
        name=stripped(name),
        organisation=stripped(organisation),
        phone=stripped(phone),
        email=stripped(email),
        from_date=from_date,
        to_date=to_date,
        recorded_by=by,
    )
    return audited_create(professional, by=by, errors=_professional_errors)


@transaction.atomic
def professional_update(*, professional: Professional, by: User, **fields: Any) -> Professional:
    """Correct a professional's record, or record the date they stopped working with the child."""
    professional = _to_correct(professional, by)
    only_known_fields(fields, PROFESSIONAL_FIELDS)
    strip_given(fields, "role_detail", "name", "organisation", "phone", "email")
    _detail_of_other(fields, professional, choice="role", detail="role_detail", other=ProfessionalRole.OTHER)
    audited_change(professional, by=by, fields=fields, errors=_professional_errors, touch=UPDATED)
    return professional


# --- Needs records: each a new record from its date -----------------------------------------------


def _needs_record(model: type[models.Model], errors: dict[str, str], *, child: Child, by: User, **fields: Any):
    """A needs record of ``model`` from its date, after the kind's own ``errors``; nothing is replaced."""
    _child_to_record_on(child, by)
    from_date = fields.get("from_date")
    required_not_in_future(from_date, "from_date", errors, "date this applies from")
    for name, value in fields.items():
        if value is None and isinstance(model._meta.get_field(name), models.BooleanField):
            errors.setdefault(name, "Select yes or no")
    if errors:
        raise ValidationError(errors)
    fields["notes"] = fields.get("notes") or ""
    return audited_create(model(child=child, recorded_by=by, **fields), by=by)


@transaction.atomic
def accommodation_record(
    *,
    child: Child,
    by: User,
    from_date: date,
    accommodation_type: str,
    suitable: bool,
    unsuitable_reason: str = "",
    notes: str = "",
) -> Accommodation:
    """Where the child lives from a date, and whether it is suitable (if not, why not)."""
    errors: dict[str, str] = {}
    if accommodation_type not in AccommodationType.values:
        errors["accommodation_type"] = "Select the type of accommodation"
    if suitable is None:
        errors["suitable"] = "Select whether the accommodation is suitable"
    reason = "" if suitable else stripped(unsuitable_reason)
    if suitable is False and not reason:
        errors["unsuitable_reason"] = "Enter why the accommodation is not suitable"
    return _needs_record(
        Accommodation,
        errors,
        child=child,
        by=by,
        from_date=from_date,
        accommodation_type=accommodation_type,
        suitable=suitable,
        unsuitable_reason=reason,
        notes=notes,
    )


MAX_HOURS_A_WEEK = 60


@transaction.atomic
def education_record(
    *,
    child: Child,
    by: User,
    from_date: date,
    education_type: str,
    provider: str = "",
    hours_offered: int = 0,
    hours_attended: int = 0,
    send_identified: bool = False,
    send_plan: str = SendPlan.NONE,
    notes: str = "",
) -> Education:
    """Education, training or employment from a date: provider, hours offered and attended a week,
    SEND or ALN identified and any plan (an EHCP or equivalent)."""
    errors: dict[str, str] = {}
    if education_type not in EducationType.values:
        errors["education_type"] = "Select the type of education, training or employment"
    elif education_type != EducationType.NONE and not stripped(provider):
        errors["provider"] = "Enter the school, college, training provider or employer"
    hours = {"hours_offered": hours_offered, "hours_attended": hours_attended}
    for name, value in hours.items():
        if value is None or not 0 <= value <= MAX_HOURS_A_WEEK:
            errors[name] = f"Enter the {name.replace('_', ' ')} a week, from 0 to {MAX_HOURS_A_WEEK}"
    if "hours_offered" not in errors and "hours_attended" not in errors and hours_attended > hours_offered:
        errors["hours_attended"] = "The hours attended cannot be more than the hours offered"
    send_plan = send_plan or SendPlan.NONE
    if send_plan not in SendPlan.values:
        errors["send_plan"] = "Select the SEND or ALN plan"
    elif send_plan != SendPlan.NONE and not send_identified:
        errors["send_plan"] = "A SEND or ALN plan needs SEND or ALN identified"
    return _needs_record(
        Education,
        errors,
        child=child,
        by=by,
        from_date=from_date,
        education_type=education_type,
        provider=stripped(provider),
        hours_offered=hours_offered,
        hours_attended=hours_attended,
        send_identified=send_identified,
        send_plan=send_plan,
        notes=notes,
    )


@transaction.atomic
def communication_record(
    *,
    child: Child,
    by: User,
    from_date: date,
    screened: bool = False,
    need_identified: bool = False,
    support_in_place: bool = False,
    notes: str = "",
) -> Communication:
    """Speech, language and communication needs from a date: screened, a need identified, support."""
    errors: dict[str, str] = {}
    if need_identified and not screened:
        errors["screened"] = "A need is identified by screening: say the child was screened"
    return _needs_record(
        Communication,
        errors,
        child=child,
        by=by,
        from_date=from_date,
        screened=screened,
        need_identified=need_identified,
        support_in_place=support_in_place,
        notes=notes,
    )


@transaction.atomic
def mental_health_record(
    *,
    child: Child,
    by: User,
    from_date: date,
    need_identified: bool = False,
    referred: bool = False,
    receiving_support: bool = False,
    notes: str = "",
) -> MentalHealth:
    """Mental health and emotional wellbeing from a date: a need identified, referred, receiving support."""
    return _needs_record(
        MentalHealth,
        {},
        child=child,
        by=by,
        from_date=from_date,
        need_identified=need_identified,
        referred=referred,
        receiving_support=receiving_support,
        notes=notes,
    )


@transaction.atomic
def substance_misuse_record(
    *,
    child: Child,
    by: User,
    from_date: date,
    need_identified: bool = False,
    referred: bool = False,
    receiving_intervention: bool = False,
    notes: str = "",
) -> SubstanceMisuse:
    """Substance misuse from a date: a need identified, referred, receiving an intervention."""
    return _needs_record(
        SubstanceMisuse,
        {},
        child=child,
        by=by,
        from_date=from_date,
        need_identified=need_identified,
        referred=referred,
        receiving_intervention=receiving_intervention,
        notes=notes,
    )


# --- Reads of restricted cases' children ------------------------------------------------------------


def family_records_viewed(*, child_ids: Iterable[int], user: User, via: str, request=None) -> int:
    """Showing the family or needs of a child whose case the user sees is restricted is a sensitive
    view of that case, as its page is: one audit event per restricted case (none when there is none)."""
    child_ids = set(child_ids)
    if not child_ids:
        return 0
    restricted = permissions.visible_cases(user).filter(child__in=child_ids, restricted=True).select_related("child")
    return restricted_case_records_viewed(records=list(restricted), user=user, via=via, request=request)
