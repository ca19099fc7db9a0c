"""Writes for information requests, enforcing the 2023 guidance (DESIGN.md §3).

Each rule raises a ValidationError naming the field, so pages and the API answer
with the same message, and nothing is saved when a rule fails.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import permissions as case_permissions
from cases import services as case_services
from cases.models import Case, CaseStatus, Child, ReviewTrigger
from cases.services import notices as case_notices
from yjs.audit import audit_record, audit_record_many
from yjs.models import AuditAction, NotificationKind, User
from yjs.notifications.services import notify
from yjs.services import audited_create, audited_update, locked, require
from yjs.validators import not_in_future
from yjs.working_days import add_working_days

from . import permissions
from .models import (
    Addendum,
    InformationRequest,
    PhoneCheckOutcome,
    PoliceSystem,
    RequestStatus,
    RequestType,
    SensitiveContext,
)

NO_TRACE = "No trace"


def written_request_due(requested_at: datetime) -> datetime:
    """An urgent request's written request is due N working days later, same time of day."""
    local = timezone.localtime(requested_at)
    due_day = add_working_days(local.date(), settings.URGENT_WRITTEN_REQUEST_WORKING_DAYS)
    return local.replace(year=due_day.year, month=due_day.month, day=due_day.day)


@transaction.atomic
def information_request_create(
    *,
    child: Child,
    by: User,
    request_type: str,
    what_requested: str = "",
    reason: str = "",
    case: Case | None = None,
    sensitive_context: str = SensitiveContext.NONE,
    requested_at: datetime | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_consent_given: bool = False,
    repeat_viewing: bool = False,
    authorisation_reference: str = "",
) -> InformationRequest:
    """Ask the police officer for information about a child."""
    require(permissions.can_ask(by, child), "You cannot ask about this child.")
    what_requested, reason = what_requested.strip(), reason.strip()
    requested_at = requested_at or timezone.now()
    errors: dict[str, str] = {}
    if request_type not in RequestType.values:
        errors["request_type"] = "Select the type of request"
    if sensitive_context not in SensitiveContext.values:
        errors["sensitive_context"] = (
            "Select whether the request concerns a live investigation, custody or a serious offence"
        )
    if case is not None and (
        case.child_id != child.pk
        or not (permissions.sees_every_request(by) or case_permissions.can_view_case(by, case))
    ):
        errors["case"] = "Select a case of this child"
    if request_type != RequestType.URGENT and not what_requested:
        errors["what_requested"] = "Enter what information you are asking for"
    if request_type == RequestType.ADDITIONAL and not reason:
        errors["reason"] = "Enter why the information is necessary and proportionate for managing the case"
    if request_type == RequestType.PHONE_CONTACT_CHECK:
        if not contact_name.strip():
            errors["contact_name"] = "Enter the name of the contact to be checked"
        if not contact_consent_given:
            errors["contact_consent_given"] = "The contact must consent to the checks before they are asked for"
    if request_type == RequestType.SOCIAL_MEDIA_REVIEW and repeat_viewing and not authorisation_reference.strip():
        errors["authorisation_reference"] = "Enter the authorisation reference for a repeat viewing"
    not_in_future(requested_at, "requested_at", errors, "date of the request", present="now")
    if errors:
        raise ValidationError(errors)

    request = InformationRequest(
        child=child,
        case=case,
        request_type=request_type,
        requested_at=requested_at,
        requested_by=by,
        what_requested=what_requested,
        reason=reason,
        sensitive_context=sensitive_context,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        contact_consent_recorded_at=timezone.now() if contact_consent_given else None,
        repeat_viewing=repeat_viewing,
        authorisation_reference=authorisation_reference.strip(),
    )
    if request_type == RequestType.URGENT:
        request.written_request_due_at = written_request_due(requested_at)
        if what_requested and reason:
            request.written_request_at = requested_at
    request.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=request, detail={"request_type": request_type})
    return request


@transaction.atomic
def information_request_complete_written(
    *, request: InformationRequest, by: User, what_requested: str, reason: str
) -> InformationRequest:
    """The written request and reason that must follow an urgent request."""
    request = locked(request)
    require(permissions.can_complete_written(by, request))
    errors = {}
    if request.request_type != RequestType.URGENT:
        errors["request_type"] = "Only an urgent request is completed in writing afterwards"
    elif request.written_request_at:
        errors["what_requested"] = "The written request has already been made"
    if not what_requested.strip():
        errors["what_requested"] = "Enter what information was asked for"
    if not reason.strip():
        errors["reason"] = "Enter why the information was needed urgently"
    if request.is_supplied:
        # Once answered, what was recorded before the answer is final (the database refuses too).
        for field, value in (("what_requested", what_requested), ("reason", reason)):
            if getattr(request, field) and value.strip() and value.strip() != getattr(request, field):
                errors.setdefault(field, "This was recorded before the information was supplied and cannot be changed")
    if errors:
        raise ValidationError(errors)
    return audited_update(
        request,
        by=by,
        detail={"written_request": True},
        what_requested=what_requested.strip(),
        reason=reason.strip(),
        written_request_at=timezone.now(),
    )


@transaction.atomic
def information_request_supply(
    *,
    request: InformationRequest,
    by: User,
    systems: list[str],
    supplied: str,
    no_trace: bool = False,
    oic_consulted_name: str = "",
    oic_consulted_at: datetime | None = None,
    safeguarding_concern: bool = False,
    safeguarding_referral_to: str = "",
    safeguarding_referral_reference: str = "",
    safeguarding_referral_at: datetime | None = None,
    contact_not_a_victim: bool | None = None,
    contact_not_a_co_offender: bool | None = None,
    phone_check_outcome: str = "",
    repeat_viewing: bool | None = None,
    authorisation_reference: str | None = None,
    significant: bool = False,
) -> InformationRequest:
    """The police officer's answer: what was searched and what was supplied. Information marked
    ``significant`` opens a significant-event review (new intelligence) of the request's case, or
    of each of the child's open cases when the request names none that is open (DESIGN.md §9)."""
    require(permissions.can_supply(by), "Only a police officer can supply information.")
    request = locked(request)
    errors: dict[str, str] = {}
    if request.status != RequestStatus.OPEN:
        raise ValidationError({"status": "This request has already been answered or withdrawn: add an addendum"})

    codes = list(dict.fromkeys(code.strip() for code in systems or [] if code and code.strip()))
    known = {system.code: system for system in PoliceSystem.objects.filter(code__in=codes, active=True)}
    if not codes:
        errors["systems_searched"] = "Select the systems you searched"
    elif unknown := [code for code in codes if code not in known]:
        errors["systems_searched"] = f"Select systems in the catalogue ({', '.join(unknown)} is not one of them)"

    supplied = (supplied or "").strip()
    if no_trace and not supplied:
        supplied = NO_TRACE
    if not supplied:
        errors["information_supplied"] = "Enter the information supplied, or record no trace"

    oic_consulted_name = (oic_consulted_name or "").strip()
    if request.sensitive_context != SensitiveContext.NONE:
        if not oic_consulted_name:
            errors["oic_consulted_name"] = "Enter the name of the officer in the case you consulted"
        if oic_consulted_at is None:
            errors["oic_consulted_at"] = "Enter when you consulted the officer in the case"
    not_in_future(
        oic_consulted_at, "oic_consulted_at", errors, "time you consulted the officer in the case", present="now"
    )

    if request.request_type == RequestType.PHONE_CONTACT_CHECK:
        if request.contact_consent_recorded_at is None:
            errors["contact_consent_given"] = "The contact's consent must be recorded before the check"
        if contact_not_a_victim is None:
            errors["contact_not_a_victim"] = "Record whether the contact is a victim or potential victim"
        if contact_not_a_co_offender is None:
            errors["contact_not_a_co_offender"] = "Record whether the contact offended with the child"
        if phone_check_outcome not in PhoneCheckOutcome.values:
            errors["phone_check_outcome"] = "Select whether the contact is approved"
        elif (
            phone_check_outcome == PhoneCheckOutcome.APPROVED
            and None not in (contact_not_a_victim, contact_not_a_co_offender)
            and not (contact_not_a_victim and contact_not_a_co_offender)
        ):
            errors["phone_check_outcome"] = "A contact who is a victim or a co-offender cannot be approved"

    if request.request_type == RequestType.SOCIAL_MEDIA_REVIEW:
        repeat = request.repeat_viewing if repeat_viewing is None else repeat_viewing
        reference = authorisation_reference if authorisation_reference is not None else request.authorisation_reference
        if repeat and not (reference or "").strip():
            errors["authorisation_reference"] = "Enter the authorisation reference for a repeat viewing"
        request.repeat_viewing, request.authorisation_reference = repeat, (reference or "").strip()

    if safeguarding_concern and (
        safeguarding_referral_to or safeguarding_referral_reference or safeguarding_referral_at
    ):
        _check_referral(safeguarding_referral_to, safeguarding_referral_reference, safeguarding_referral_at, errors)
    if errors:
        raise ValidationError(errors)

    request.information_supplied = supplied
    request.supplied_at = timezone.now()
    request.supplied_by = by
    request.oic_consulted_name = oic_consulted_name
    request.oic_consulted_at = oic_consulted_at
    request.safeguarding_concern = safeguarding_concern
    if safeguarding_concern and safeguarding_referral_to:
        request.safeguarding_referral_to = safeguarding_referral_to.strip()
        request.safeguarding_referral_reference = safeguarding_referral_reference.strip()
        request.safeguarding_referral_at = safeguarding_referral_at
    if request.request_type == RequestType.PHONE_CONTACT_CHECK:
        request.contact_not_a_victim = contact_not_a_victim
        request.contact_not_a_co_offender = contact_not_a_co_offender
        request.phone_check_outcome = phone_check_outcome
    request.significant = bool(significant)
    request.status = RequestStatus.SUPPLIED
    request.save()
    request.systems_searched.set(known.values())
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=request,
        detail={
            "supplied": True,
            "systems_searched": codes,
            "safeguarding_concern": safeguarding_concern,
            "significant": request.significant,
        },
    )
    if request.significant:
        for case in _cases_to_review(request):
            case_services.significant_event_record(
                case=case,
                trigger=ReviewTrigger.NEW_INTELLIGENCE,
                detail=f"Significant police information supplied ({request.get_request_type_display().lower()} "
                f"request {request.pk})",
            )
    _supplied_notify(request, by, "Police information supplied about a child you work with")
    return request


def _supplied_notify(request: InformationRequest, by: User, subject: str) -> None:
    """The requester and the workers allocated to the child's open cases are told that information
    was supplied, those of them who may read the request (nobody else learns it exists): that it was,
    and where to read it, never what it says."""
    candidates = [request.requested_by, *case_notices.child_workers(child=request.child, but=by)]
    recipients = [
        person
        for person in dict.fromkeys(candidates)
        if person is not None and person != by and permissions.visible_requests(person).filter(pk=request.pk).exists()
    ]
    notify(
        recipients=recipients,
        kind=NotificationKind.POLICE_INFORMATION,
        subject=subject,
        body="Read what the police officer supplied on the information request's page.",
        link=reverse("intelligence:request_detail", args=[request.pk]),
    )


def _cases_to_review(request: InformationRequest) -> list[Case]:
    """The request's case if it is open; else the child's open cases."""
    if request.case_id is not None:
        case = Case.objects.get(pk=request.case_id)
        if case.status == CaseStatus.OPEN:
            return [case]
    return list(Case.objects.filter(child_id=request.child_id, status=CaseStatus.OPEN).order_by("pk"))


def _check_referral(to: str, reference: str, at: datetime | None, errors: dict) -> None:
    if not (to or "").strip():
        errors["safeguarding_referral_to"] = "Enter who the safeguarding referral was made to"
    if not (reference or "").strip():
        errors["safeguarding_referral_reference"] = "Enter the referral reference"
    if at is None:
        errors["safeguarding_referral_at"] = "Enter when the referral was made"
    not_in_future(at, "safeguarding_referral_at", errors, "referral time", present="now")


@transaction.atomic
def safeguarding_referral_record(
    *, request: InformationRequest, by: User, to: str, reference: str, made_at: datetime
) -> InformationRequest:
    require(permissions.can_supply(by), "Only a police officer records the referral.")
    request = locked(request)
    errors: dict[str, str] = {}
    if not request.safeguarding_concern:
        errors["safeguarding_concern"] = "No safeguarding concern was recorded on this request"
    elif request.safeguarding_referral_at:
        errors["safeguarding_referral"] = "The referral has already been recorded"
    _check_referral(to, reference, made_at, errors)
    if errors:
        raise ValidationError(errors)
    return audited_update(
        request,
        by=by,
        detail={"safeguarding_referral": reference.strip()},
        safeguarding_referral_to=to.strip(),
        safeguarding_referral_reference=reference.strip(),
        safeguarding_referral_at=made_at,
    )


@transaction.atomic
def information_request_close(*, request: InformationRequest, by: User) -> InformationRequest:
    """Close a supplied request; a safeguarding concern needs its referral first."""
    request = locked(request)
    require(permissions.can_close(by, request))
    if request.status != RequestStatus.SUPPLIED:
        raise ValidationError({"status": "Only a supplied request can be closed"})
    if request.safeguarding_concern and not request.safeguarding_referral_at:
        raise ValidationError({"safeguarding_referral": "Record the safeguarding referral before closing the request"})
    return _status_change(request, by=by, to=RequestStatus.CLOSED)


@transaction.atomic
def information_request_withdraw(*, request: InformationRequest, by: User) -> InformationRequest:
    request = locked(request)
    require(permissions.can_withdraw(by, request), "Only the requester or their manager can withdraw a request.")
    if request.status != RequestStatus.OPEN:
        raise ValidationError({"status": "Only an open request can be withdrawn"})
    return _status_change(request, by=by, to=RequestStatus.WITHDRAWN)


def _status_change(request: InformationRequest, *, by: User, to: RequestStatus) -> InformationRequest:
    """Close or withdraw a request: its status, and when it stopped being open or supplied."""
    detail = {"status": [request.status, to.value]}
    return audited_update(request, by=by, detail=detail, status=to, closed_at=timezone.now())


@transaction.atomic
def addendum_add(*, request: InformationRequest, by: User, text: str) -> Addendum:
    """Correct or add to supplied information: the original is never edited."""
    require(permissions.can_supply(by), "Only a police officer can add to supplied information.")
    if not request.is_supplied:
        raise ValidationError({"request": "Answer the request first: an addendum follows supplied information"})
    if not (text or "").strip():
        raise ValidationError({"text": "Enter the correction or addition"})
    addendum = Addendum.objects.create(request=request, text=text.strip(), added_by=by)
    audit_record(actor=by, action=AuditAction.CREATE, obj=addendum, detail={"request": request.pk})
    _supplied_notify(request, by, "Police information corrected or added to about a child you work with")
    return addendum


def supplied_information_viewed(*, request: InformationRequest, by: User, http_request=None) -> None:
    """Every view of supplied information is an audit event (DESIGN.md §3)."""
    supplied_information_viewed_many(requests=[request], by=by, http_request=http_request)


@transaction.atomic
def police_system_add(*, by: User, code: str, name: str) -> PoliceSystem:
    require(permissions.can_manage_catalogue(by), "Only managers can change the catalogue of systems.")
    return audited_create(PoliceSystem(code=code.strip().lower(), name=name.strip()), by=by)


@transaction.atomic(savepoint=False)  # both kinds of event in one commit
def supplied_information_viewed_many(*, requests: Iterable[InformationRequest], by: User, http_request=None) -> int:
    """One audit event per supplied request shown (a list page), written in a single query; and,
    as every read of a restricted case's data is, one per restricted case the requests are about."""
    requests = list(requests)
    supplied = [request for request in requests if request.is_supplied]
    audit_record_many(
        actor=by,
        action=AuditAction.VIEW_SENSITIVE,
        objs=supplied,
        request=http_request,
        detail={"read": "information_supplied"},
    )
    case_ids = {request.case_id for request in requests if request.case_id}
    if case_ids:
        # The cases' restricted flags in one query (a page's requests come without their cases).
        restricted = Case.objects.filter(pk__in=case_ids, restricted=True).select_related("child")
        case_services.restricted_case_records_viewed(
            records=restricted, user=by, via="information_request", request=http_request
        )
    return len(supplied)
