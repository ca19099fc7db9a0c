"""Writes for custody and resettlement (DESIGN.md §10): a detention and training order's or a
remand's time in a secure establishment (``CustodySpell``), its release, and the resettlement plan
that must be in place before release (``ResettlementPlan``).

- A spell is recorded only on a detention and training order or a remand case, by those who work
  on the open case (``permissions.can_record_court_work``), one at a time (the last released first).
- A spell with an expected release date has its plan, due ``rules.resettlement_plan_due`` of it;
  moving the release date moves the plan's due date while the plan is not completed.
- Completing the plan needs accommodation, education (training or employment) and health answered,
  the release address, and the licence or notice of supervision conditions where the child is
  supervised on release; it sends the police area a ``resettlement_notice`` information request,
  once.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseType
from cases.services import restricted_case_records_viewed
from intelligence import services as intelligence_services
from intelligence.models import RequestType, SensitiveContext
from yjs.audit import audit_record
from yjs.models import AuditAction, User
from yjs.services import (
    audited_change,
    audited_create,
    changes_to,
    locked,
    only_known_fields,
    require,
    strip_given,
    stripped,
)
from yjs.validators import long_date, not_before, required_not_in_future

from .. import permissions, rules
from ..models import CustodySpell, EstablishmentType, ResettlementPlan, SupervisionOnRelease

NOT_PERMITTED = "You cannot record custody and resettlement on this case."
CUSTODY_CASE_TYPES = (CaseType.DETENTION_AND_TRAINING_ORDER, CaseType.REMAND)
# Supervised on release: a detention and training order's second half (a licence, or a notice of supervision).
SUPERVISED = (SupervisionOnRelease.LICENCE, SupervisionOnRelease.NOTICE_OF_SUPERVISION)

SPELL_FIELDS = {
    "establishment_type",
    "establishment",
    "custody_from",
    "release_on",
    "supervision_on_release",
    "licence_conditions",
}
# What the plan records, in the order its page and the API show it.
PLAN_FIELDS = (
    "accommodation_in_place",
    "accommodation",
    "education_in_place",
    "education",
    "health_in_place",
    "health",
    "release_address",
)
# Each part of the plan: its arrangement's field, and what is asked for when it is missing.
PLAN_PARTS = {
    "accommodation": "Enter the accommodation arrangements for release",
    "education": "Enter the education, training or employment arrangements for release",
    "health": "Enter the health arrangements for release",
}


def custody_refusal(case: Case) -> str:
    """Why a custody spell cannot be recorded on the case ("" when it can)."""
    if case.case_type in CUSTODY_CASE_TYPES:
        return ""
    return (
        "A custody spell is recorded on a detention and training order or a remand case: "
        f"this is a {case.get_case_type_display().lower()} case"
    )


# --- Custody spells ---------------------------------------------------------------------------------


def _spell_errors(spell: CustodySpell, case: Case) -> dict[str, str]:
    errors: dict[str, str] = {}
    if spell.establishment_type not in EstablishmentType.values:
        errors["establishment_type"] = "Select the type of secure establishment"
    if not spell.establishment:
        errors["establishment"] = "Enter the name of the secure establishment"
    required_not_in_future(spell.custody_from, "custody_from", errors, "date custody started")
    not_before(
        spell.release_on, spell.custody_from, "release_on", errors, "expected release date", "the date custody started"
    )
    remand = case.case_type == CaseType.REMAND
    if spell.supervision_on_release not in SupervisionOnRelease.values:
        errors["supervision_on_release"] = "Select the supervision on release"
    elif remand and spell.supervision_on_release != SupervisionOnRelease.NONE:
        errors["supervision_on_release"] = "A remand has no supervision on release: select none"
    elif not remand and spell.supervision_on_release == SupervisionOnRelease.NONE:
        errors["supervision_on_release"] = (
            "A detention and training order is followed by supervision: select licence or notice of supervision"
        )
    if remand and spell.licence_conditions:
        errors["licence_conditions"] = "A remand has no licence conditions: leave them blank"
    return errors


def _changed_spell_errors(spell: CustodySpell) -> dict[str, str]:
    """A change's errors: a spell's, and a release already recorded before custody started."""
    errors = _spell_errors(spell, spell.case)
    if spell.released_on and spell.custody_from and spell.released_on < spell.custody_from:
        errors.setdefault("custody_from", "The date custody started must be the same as or before the release date")
    return errors


def _plan_follows(spell: CustodySpell, *, by: User) -> None:
    """The spell's resettlement plan: made once there is an expected release date, its due date
    moved with the release date while the plan is not completed."""
    if spell.release_on is None:
        return
    due_on = rules.resettlement_plan_due(spell.release_on)
    plan = ResettlementPlan.objects.select_for_update().filter(spell=spell).first()
    if plan is None:
        plan = ResettlementPlan(spell=spell, due_on=due_on)
        audited_create(plan, by=by, detail={"spell": spell.pk, "due_on": str(due_on)})
    elif plan.completed_on is None and plan.due_on != due_on:
        detail = changes_to(plan, {"due_on": due_on})
        plan.due_on = due_on
        plan.save(update_fields=["due_on", "updated_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=plan, detail=detail)


@transaction.atomic
def custody_spell_record(
    *,
    case: Case,
    by: User,
    establishment_type: str,
    establishment: str,
    custody_from: date | None,
    supervision_on_release: str,
    release_on: date | None = None,
    licence_conditions: str = "",
) -> CustodySpell:
    """Record the child's time in a secure establishment on a detention and training order or a remand
    case; with an expected release date, its resettlement plan is made, due a set time before release."""
    require(permissions.can_record_court_work(by, case), NOT_PERMITTED)
    if refusal := custody_refusal(case):
        raise ValidationError({"case": refusal})
    # Locked, so that two spells recorded at once cannot both be the case's one in custody.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    current = CustodySpell.objects.filter(case=case, released_on__isnull=True).first()
    if current is not None:
        raise ValidationError(
            {"case": f"The child is still in custody from {long_date(current.custody_from)}: record that release first"}
        )
    spell = CustodySpell(
        case=case,
        establishment_type=establishment_type,
        establishment=stripped(establishment),
        custody_from=custody_from,
        release_on=release_on,
        supervision_on_release=supervision_on_release,
        licence_conditions=stripped(licence_conditions),
        recorded_by=by,
    )
    if errors := _spell_errors(spell, case):
        raise ValidationError(errors)
    audited_create(
        spell,
        by=by,
        detail={"case": case.pk, "custody_from": str(custody_from), "release_on": str(release_on or "")},
    )
    _plan_follows(spell, by=by)
    return spell


def _locked_spell(spell: CustodySpell) -> CustodySpell:
    return locked(spell, "case__child", only_its_row=True)


@transaction.atomic
def custody_spell_update(*, spell: CustodySpell, by: User, **fields: Any) -> CustodySpell:
    """Change a spell (only the fields given): a new expected release date moves its plan's due date
    (or makes its plan). The release itself is recorded with ``custody_spell_release``."""
    spell = _locked_spell(spell)
    require(permissions.can_record_court_work(by, spell.case), NOT_PERMITTED)
    only_known_fields(fields, SPELL_FIELDS)
    strip_given(fields, "establishment", "licence_conditions")
    clears_release = "release_on" in fields and fields["release_on"] is None and spell.release_on is not None
    if clears_release and ResettlementPlan.objects.filter(spell=spell).exists():
        raise ValidationError({"release_on": "Enter the expected release date: the resettlement plan is due before it"})
    audited_change(spell, by=by, fields=fields, errors=_changed_spell_errors)
    _plan_follows(spell, by=by)
    return spell


@transaction.atomic
def custody_spell_release(*, spell: CustodySpell, by: User, released_on: date | None) -> CustodySpell:
    """Record the day the child was released: on or after custody started, not in the future."""
    spell = _locked_spell(spell)
    require(permissions.can_record_court_work(by, spell.case), NOT_PERMITTED)
    if spell.released_on is not None:
        raise ValidationError(f"The child's release on {long_date(spell.released_on)} is already recorded")
    errors: dict[str, str] = {}
    required_not_in_future(released_on, "released_on", errors, "date the child was released")
    not_before(
        released_on,
        spell.custody_from,
        "released_on",
        errors,
        "date the child was released",
        "the date custody started",
    )
    if errors:
        raise ValidationError(errors)
    spell.released_on = released_on
    spell.save(update_fields=["released_on"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=spell, detail={"released_on": ["", str(released_on)]})
    return spell


# --- Resettlement plans ------------------------------------------------------------------------------


def _locked_plan(plan: ResettlementPlan) -> ResettlementPlan:
    return locked(plan, "spell__case__child", only_its_row=True)


@transaction.atomic
def resettlement_plan_update(*, plan: ResettlementPlan, by: User, **fields: Any) -> ResettlementPlan:
    """Record what is in place for release (only the fields given). A completed plan is final: its
    notice has gone to the police area."""
    plan = _locked_plan(plan)
    require(permissions.can_record_court_work(by, plan.spell.case), NOT_PERMITTED)
    only_known_fields(fields, PLAN_FIELDS)
    if plan.completed_on is not None:
        raise ValidationError(
            f"The resettlement plan was completed on {long_date(plan.completed_on)} and its notice sent: "
            "it can no longer be changed"
        )
    strip_given(fields, *PLAN_PARTS, "release_address")
    for name in ("accommodation_in_place", "education_in_place", "health_in_place"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: "Select yes or no"})
    return audited_change(plan, by=by, fields=fields, touch=("updated_at",))


def _completion_errors(plan: ResettlementPlan) -> dict[str, str]:
    errors = {field: message for field, message in PLAN_PARTS.items() if not getattr(plan, field)}
    if not plan.release_address:
        errors["release_address"] = "Enter the address the child will live at on release"
    spell = plan.spell
    if spell.supervision_on_release in SUPERVISED and not spell.licence_conditions:
        kind = spell.get_supervision_on_release_display().lower()
        errors["licence_conditions"] = f"Enter the conditions of the {kind} on the custody spell"
    return errors


def resettlement_notice_text(plan: ResettlementPlan) -> str:
    """What the police area is told: the release date, the establishment, the release address and
    the licence or notice of supervision conditions."""
    spell = plan.spell
    lines = [
        f"Release from custody on {long_date(spell.release_on)} from {spell.establishment} "
        f"({spell.get_establishment_type_display()}).",
        f"Release address: {plan.release_address}",
        f"Supervision on release: {spell.get_supervision_on_release_display()}",
    ]
    if spell.licence_conditions:
        lines.append(f"Conditions: {spell.licence_conditions}")
    return "\n".join(lines)


NOTICE_REASON = (
    "Resettlement notice: the police area is told of the child's release, the address they will live at and "
    "the conditions of their supervision, to manage the risks on release"
)


@transaction.atomic
def resettlement_plan_complete(*, plan: ResettlementPlan, by: User) -> ResettlementPlan:
    """Complete the plan (today) and send the police area its resettlement notice, as an information
    request to the police officer about the child (``plan.notice``); once only."""
    plan = _locked_plan(plan)
    spell = plan.spell
    require(permissions.can_record_court_work(by, spell.case), NOT_PERMITTED)
    if plan.completed_on is not None:
        raise ValidationError(
            f"The resettlement plan was completed on {long_date(plan.completed_on)}: its notice has been sent"
        )
    if errors := _completion_errors(plan):
        raise ValidationError(errors)
    notice = intelligence_services.information_request_create(
        child=spell.case.child,
        by=by,
        request_type=RequestType.RESETTLEMENT_NOTICE,
        case=spell.case,
        what_requested=resettlement_notice_text(plan),
        reason=NOTICE_REASON,
        sensitive_context=SensitiveContext.CHILD_IN_CUSTODY,
    )
    completed_on = timezone.localdate()
    plan.completed_on, plan.completed_by, plan.notice = completed_on, by, notice
    plan.save(update_fields=["completed_on", "completed_by", "notice", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=plan,
        detail={"completed_on": ["", str(completed_on)], "notice": notice.pk},
    )
    return plan


@transaction.atomic
def resettlement_plan_save(
    *, plan: ResettlementPlan, by: User, complete: bool = False, **fields: Any
) -> ResettlementPlan:
    """The plan's page: its answers saved and, when asked, the plan completed, all or nothing."""
    plan = resettlement_plan_update(plan=plan, by=by, **fields)
    return resettlement_plan_complete(plan=plan, by=by) if complete else plan


# --- Reads recorded in the audit trail ---------------------------------------------------------------


def custody_records_viewed(
    *, records: Iterable[CustodySpell | ResettlementPlan], user: User, via: str, request=None
) -> int:
    """Showing spells or plans of restricted cases: a sensitive view of each such case, as its page is."""
    spells = [record.spell if isinstance(record, ResettlementPlan) else record for record in records]
    return restricted_case_records_viewed(records=spells, user=user, via=via, request=request)
