"""Writes for MAPPA, MARAC, the child's children's social care status and the safeguarding
referrals a case worker makes from case work (DESIGN.md §9).

Each is a case record (social care status is the child's, recorded through one of their cases
the user works on): the user must be able to record risk work on the case (``permissions``).
Becoming MAPPA-managed refers the case to its team's risk and vulnerability meeting, once.
Social care status is history: a change is a new record from its date, never an edit.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case, CaseStatus, Child
from cases.services import restricted_case_records_viewed
from yjs.models import User
from yjs.services import audited_correction, audited_create, locked, require
from yjs.validators import not_before, not_in_future, required_not_in_future

from .. import permissions
from ..models import (
    LegalBasis,
    Mappa,
    MappaCategory,
    MappaLevel,
    Marac,
    ProtectionCategory,
    SafeguardingAgency,
    SafeguardingReferral,
    SocialCare,
    SocialCareStatus,
)
from . import referrals

NOT_PERMITTED = "You cannot record risk work on this case."


def _to_change(record: Any, by: User) -> Any:
    """A case's MAPPA, MARAC or safeguarding record, locked for the change by one who may make it."""
    record = locked(record, "case")
    require(permissions.can_record_risk(by, record.case), NOT_PERMITTED)
    return record


# --- MAPPA -----------------------------------------------------------------------------------------

MAPPA_FIELDS = {"category", "level", "referred_on", "managed_from", "managed_until", "next_meeting_on", "lead_agency"}


def _mappa_errors(mappa: Mappa) -> dict[str, str]:
    errors: dict[str, str] = {}
    if mappa.category not in MappaCategory.values:
        errors["category"] = "Select the MAPPA category"
    if mappa.level not in MappaLevel.values:
        errors["level"] = "Select the MAPPA level"
    if mappa.referred_on is None:
        errors["referred_on"] = "Enter the date of the MAPPA referral"
    if not (mappa.lead_agency or "").strip():
        errors["lead_agency"] = "Enter the lead agency"
    not_in_future(mappa.referred_on, "referred_on", errors, "date of the MAPPA referral")
    not_in_future(mappa.managed_from, "managed_from", errors, "date MAPPA management started")
    not_before(
        mappa.managed_from,
        mappa.referred_on,
        "managed_from",
        errors,
        "date MAPPA management started",
        "the referral date",
    )
    if mappa.managed_until and mappa.managed_from is None:
        errors["managed_from"] = "Enter the date MAPPA management started"
    not_before(
        mappa.managed_until,
        mappa.managed_from,
        "managed_until",
        errors,
        "date MAPPA management ended",
        "the date it started",
    )
    return errors


def _refer_if_managed(mappa: Mappa, *, was_managed: bool) -> None:
    """Becoming MAPPA-managed is a trigger of the risk and vulnerability meeting (once per record)."""
    if was_managed or mappa.managed_from is None:
        return
    referrals.referral_by_rule(
        case=mappa.case,
        reason="mappa",
        trigger=f"mappa:{mappa.pk}",
        detail=(
            f"MAPPA-managed from {mappa.managed_from:%-d %B %Y}: {mappa.get_category_display()}, "
            f"{mappa.get_level_display()}; lead agency {mappa.lead_agency}"
        ),
    )


@transaction.atomic
def mappa_record(
    *,
    case: Case,
    by: User,
    category: int,
    level: int,
    referred_on: date,
    lead_agency: str,
    managed_from: date | None = None,
    managed_until: date | None = None,
    next_meeting_on: date | None = None,
) -> Mappa:
    """Record a case's MAPPA referral and management; managed from a date refers the case to the meeting."""
    require(permissions.can_record_risk(by, case), NOT_PERMITTED)
    mappa = Mappa(
        case=case,
        category=category,
        level=level,
        referred_on=referred_on,
        lead_agency=(lead_agency or "").strip(),
        managed_from=managed_from,
        managed_until=managed_until,
        next_meeting_on=next_meeting_on,
        recorded_by=by,
    )
    audited_create(mappa, by=by, errors=_mappa_errors)
    _refer_if_managed(mappa, was_managed=False)
    return mappa


@transaction.atomic
def mappa_update(*, mappa: Mappa, by: User, **fields: Any) -> Mappa:
    """Change a MAPPA record; its management first given a start date refers the case to the meeting."""
    mappa = _to_change(mappa, by)
    was_managed = mappa.managed_from is not None
    audited_correction(mappa, by=by, fields=fields, known=MAPPA_FIELDS, text=("lead_agency",), errors=_mappa_errors)
    _refer_if_managed(mappa, was_managed=was_managed)
    return mappa


# --- MARAC -----------------------------------------------------------------------------------------

MARAC_FIELDS = {"referred_on", "reference", "heard_on", "outcome"}


def _marac_errors(marac: Marac) -> dict[str, str]:
    errors: dict[str, str] = {}
    required_not_in_future(marac.referred_on, "referred_on", errors, "date of the MARAC referral")
    not_in_future(marac.heard_on, "heard_on", errors, "date the MARAC heard the case")
    not_before(
        marac.heard_on, marac.referred_on, "heard_on", errors, "date the MARAC heard the case", "the referral date"
    )
    if (marac.outcome or "").strip() and marac.heard_on is None and "heard_on" not in errors:
        errors["heard_on"] = "Enter the date the MARAC heard the case"
    return errors


@transaction.atomic
def marac_record(
    *,
    case: Case,
    by: User,
    referred_on: date,
    reference: str = "",
    heard_on: date | None = None,
    outcome: str = "",
) -> Marac:
    """Record a referral to a multi-agency risk assessment conference (domestic abuse)."""
    require(permissions.can_record_risk(by, case), NOT_PERMITTED)
    marac = Marac(
        case=case,
        referred_on=referred_on,
        reference=(reference or "").strip(),
        heard_on=heard_on,
        outcome=outcome or "",
        recorded_by=by,
    )
    return audited_create(marac, by=by, errors=_marac_errors)


@transaction.atomic
def marac_update(*, marac: Marac, by: User, **fields: Any) -> Marac:
    """Record when the MARAC heard the case and its outcome, or correct the referral."""
    return audited_correction(_to_change(marac, by), by=by, fields=fields, known=MARAC_FIELDS, errors=_marac_errors)


# --- Children's social care status ------------------------------------------------------------------


def can_record_social_care(user: User, child: Child) -> bool:
    """Through one of the child's open cases the user may record risk work on."""
    return any(
        permissions.can_record_risk(user, case) for case in Case.objects.filter(child=child, status=CaseStatus.OPEN)
    )


@transaction.atomic
def social_care_status_record(
    *,
    child: Child,
    by: User,
    status: str,
    from_date: date,
    protection_category: str = "",
    legal_basis: str = "",
    local_authority: str = "",
    social_worker: str = "",
) -> SocialCareStatus:
    """The child's children's social care status from a date (until a later record's date).
    History is kept: a change of status is a new record, never an edit of an earlier one."""
    require(can_record_social_care(by, child), NOT_PERMITTED)
    errors: dict[str, str] = {}
    if status not in SocialCare.values:
        errors["status"] = "Select the child's social care status"
    # A category or basis belongs to its status alone (a radio revealed and then left).
    if status != SocialCare.CHILD_PROTECTION_PLAN:
        protection_category = ""
    elif protection_category not in ProtectionCategory.values:
        errors["protection_category"] = "Select the category of the child protection plan"
    if status != SocialCare.LOOKED_AFTER:
        legal_basis = ""
    elif legal_basis not in LegalBasis.values:
        errors["legal_basis"] = "Select the legal basis on which the child is looked after"
    required_not_in_future(from_date, "from_date", errors, "date the status started")
    if errors:
        raise ValidationError(errors)
    record = SocialCareStatus(
        child=child,
        status=status,
        protection_category=protection_category,
        legal_basis=legal_basis,
        from_date=from_date,
        local_authority=(local_authority or "").strip(),
        social_worker=(social_worker or "").strip(),
        recorded_by=by,
    )
    return audited_create(record, by=by)


# --- Safeguarding referrals -------------------------------------------------------------------------

SAFEGUARDING_FIELDS = {"referred_to", "referred_to_detail", "referred_on", "concern", "reference", "outcome"}


def _safeguarding_errors(referral: SafeguardingReferral) -> dict[str, str]:
    errors: dict[str, str] = {}
    if referral.referred_to not in SafeguardingAgency.values:
        errors["referred_to"] = "Select who the referral was made to"
    elif referral.referred_to == SafeguardingAgency.OTHER and not (referral.referred_to_detail or "").strip():
        errors["referred_to_detail"] = "Enter who the referral was made to"
    required_not_in_future(referral.referred_on, "referred_on", errors, "date of the referral")
    if not (referral.concern or "").strip():
        errors["concern"] = "Enter the safeguarding concern"
    return errors


@transaction.atomic
def safeguarding_referral_record(
    *,
    case: Case,
    by: User,
    referred_to: str,
    referred_on: date,
    concern: str,
    referred_to_detail: str = "",
    reference: str = "",
    outcome: str = "",
) -> SafeguardingReferral:
    """A safeguarding referral made from case work: to whom, when, about what."""
    require(permissions.can_record_risk(by, case), NOT_PERMITTED)
    referral = SafeguardingReferral(
        case=case,
        referred_to=referred_to,
        referred_to_detail=(referred_to_detail or "").strip(),
        referred_on=referred_on,
        concern=concern or "",
        reference=(reference or "").strip(),
        outcome=outcome or "",
        recorded_by=by,
    )
    return audited_create(referral, by=by, errors=_safeguarding_errors)


@transaction.atomic
def safeguarding_referral_update(*, referral: SafeguardingReferral, by: User, **fields: Any) -> SafeguardingReferral:
    """Record the referral's reference and outcome, or correct it."""
    return audited_correction(
        _to_change(referral, by),
        by=by,
        fields=fields,
        known=SAFEGUARDING_FIELDS,
        text=("referred_to_detail", "reference"),
        errors=_safeguarding_errors,
    )


# --- Reads of restricted cases' protection records ---------------------------------------------------


def protection_records_viewed(*, records: Iterable[Any], user: User, via: str, request=None) -> int:
    """Showing MAPPA, MARAC or safeguarding records of restricted cases (with their case), or the
    social care status of a child whose case the user sees is restricted: a sensitive view of each
    such case, as its page is (one audit event per restricted case, none when there is none)."""
    records = list(records)
    on_cases = [record for record in records if not isinstance(record, SocialCareStatus)]
    children = {record.child_id for record in records if isinstance(record, SocialCareStatus)}
    if children:
        on_cases += list(
            permissions.visible_cases(user).filter(child__in=children, restricted=True).select_related("child")
        )
    return restricted_case_records_viewed(records=on_cases, user=user, via=via, request=request)
