"""Writes for a case: opening it with its offences, allocating, restricting and closing it, the
decision at 18 and transfers to another service."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjs.audit import audit_record
from yjs.models import AuditAction, Team, User
from yjs.services import audited_create, audited_update, locked, only_known_fields, require, validate
from yjs.validators import check_order

from .. import permissions
from ..models import Assessment, AssessmentType, Case, CaseStatus, CaseTransfer, CaseType, Child, Offence, Transition
from .assessments import assessment_due_date


@transaction.atomic
def case_open(
    *,
    child: Child,
    by: User,
    case_type: str,
    team: Team,
    start_date: date,
    allocated_to: User | None = None,
    restricted: bool = False,
    order_end_date: date | None = None,
    offences: list[dict[str, Any]] | None = None,
) -> Case:
    """Open a case; its first assessment falls due N working days after it starts."""
    require(permissions.can_open_case(by, team.pk, case_type), "You can only open cases for your own team.")
    if allocated_to is not None:
        _check_allocation(team.pk, allocated_to)
    check_order(
        start_date,
        order_end_date,
        field="order_end_date",
        label="order end date",
        after="the start date",
    )
    case = Case(
        child=child,
        case_type=case_type,
        team=team,
        start_date=start_date,
        allocated_to=allocated_to,
        restricted=restricted,
        order_end_date=order_end_date,
        created_by=by,
    )
    validate(case)
    case.save()
    for offence in offences or []:
        offence_add(case=case, by=by, **offence)
    if not child.known_to_yjs:
        child.known_to_yjs = True
        child.save(update_fields=["known_to_yjs", "updated_at"])
    Assessment.objects.create(
        case=case,
        assessment_type=_first_assessment_type(case_type),
        due_date=assessment_due_date(start_date),
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=case)
    return case


def _first_assessment_type(case_type: str) -> str:
    if case_type == CaseType.DIVERSION:
        return AssessmentType.DIVERSION
    if case_type == CaseType.PREVENTION:
        return AssessmentType.PREVENTION
    return AssessmentType.ASSET_PLUS


def _check_allocation(team_id: int, to: User) -> None:
    if team_id not in to.team_ids:
        raise ValidationError({"allocated_to": "Allocate the case to a member of its team"})


@transaction.atomic
def offence_add(*, case: Case, by: User, **fields: Any) -> Offence:
    return audited_create(Offence(case=case, **fields), by=by)


OFFENCE_FIELDS = {"offence_date", "description", "offence_group", "gravity_score", "outcome", "departure_reason"}


@transaction.atomic
def offence_record(*, case: Case, by: User, **fields: Any) -> Offence:
    """An offence recorded on a case already open (those of its start come with ``case_open``)."""
    require(permissions.can_record_offences(by, case), "Only those who work on an open case record its offences.")
    only_known_fields(fields, OFFENCE_FIELDS)
    return offence_add(case=case, by=by, **fields)


@transaction.atomic
def case_allocate(*, case: Case, by: User, to: User) -> Case:
    require(permissions.can_manage_case(by, case), "Only a manager of the case's team can allocate it.")
    _check_allocation(case.team_id, to)
    detail = {"allocated_to": [str(case.allocated_to or ""), str(to)]}
    return audited_update(case, by=by, detail=detail, allocated_to=to)


@transaction.atomic
def case_set_restricted(*, case: Case, by: User, restricted: bool) -> Case:
    require(permissions.can_manage_case(by, case), "Only a manager of the case's team can restrict it.")
    if case.restricted != restricted:
        audited_update(case, by=by, detail={"restricted": [not restricted, restricted]}, restricted=restricted)
    return case


@transaction.atomic
def case_close(*, case: Case, by: User, end_date: date, reason: str) -> Case:
    require(permissions.can_manage_case(by, case), "Only a manager of the case's team can close it.")
    if not case.is_open:
        raise ValidationError({"status": "Only an open case can be closed"})
    if not reason.strip():
        raise ValidationError({"closure_reason": "Enter why the case is closing"})
    if end_date < case.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date"})
    return audited_update(
        case,
        by=by,
        detail={"status": ["open", "closed"]},
        status=CaseStatus.CLOSED,
        end_date=end_date,
        closure_reason=reason.strip(),
    )


@transaction.atomic
def transition_decide(*, case: Case, by: User, decision: str, reason: str) -> Transition:
    require(permissions.can_manage_case(by, case), "Only a manager of the case's team records this decision.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the decision"})
    if Transition.objects.filter(case=case).exists():
        raise ValidationError({"case": "The decision at 18 is already recorded for this case"})
    transition = Transition(case=case, decision=decision, reason=reason.strip(), decided_by=by)
    return audited_create(transition, by=by, detail={"decision": decision})


@transaction.atomic
def case_transfer_request(*, case: Case, by: User, home_service: str, host_service: str, reason: str) -> CaseTransfer:
    require(permissions.can_manage_case(by, case), "Only a manager of the case's team can transfer it.")
    transfer = CaseTransfer(
        case=case, home_service=home_service, host_service=host_service, reason=reason, requested_by=by
    )
    return audited_create(transfer, by=by)


@transaction.atomic
def case_transfer_accept(*, transfer: CaseTransfer, by: User, accepted_on: date, accepted_by_name: str) -> CaseTransfer:
    transfer = locked(transfer, "case")
    require(permissions.can_manage_case(by, transfer.case))
    if transfer.accepted_on or not transfer.case.is_open:
        raise ValidationError("The transfer has already been accepted, or the case is no longer open")
    if not accepted_by_name.strip():
        raise ValidationError({"accepted_by_name": "Enter who accepted the case at the receiving service"})
    if accepted_on < timezone.localdate(transfer.requested_at):
        raise ValidationError({"accepted_on": "The acceptance date must be on or after the request"})
    transfer.accepted_on, transfer.accepted_by_name = accepted_on, accepted_by_name.strip()
    transfer.save(update_fields=["accepted_on", "accepted_by_name"])
    case = transfer.case
    case.status, case.end_date = CaseStatus.TRANSFERRED, accepted_on
    case.closure_reason = f"Transferred to {transfer.host_service}"
    case.save(update_fields=["status", "end_date", "closure_reason"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=transfer, detail={"accepted_on": str(accepted_on)})
    return transfer
