"""Builders for the risk and vulnerability meeting's tests (h-meetings): cases and meetings through
the real services; referrals as rows (their services belong to ``services.referrals``)."""

import datetime
import itertools

from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseType
from risk.models import Referral, ReferralReason, ReferralStatus
from risk.services import meetings as services
from yjs.models import Team, User

_serial = itertools.count(1)


def meetings_case(
    *, by: User, team: Team, allocated_to: User | None = None, restricted: bool = False, surname: str = ""
) -> Case:
    """An open case of ``team`` on a new child, opened by ``by`` (a case worker or manager of the team)."""
    n = next(_serial)
    child = case_services.child_create(
        by=by,
        surname=surname or f"Risky{chr(ord('a') + n % 26)}{chr(ord('a') + n // 26 % 26)}",
        forenames="Jordan",
        date_of_birth=timezone.localdate() - datetime.timedelta(days=365 * 15),
    )
    return case_services.case_open(
        child=child,
        by=by,
        case_type=CaseType.REFERRAL_ORDER,
        team=team,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        allocated_to=allocated_to,
        restricted=restricted,
    )


def meetings_referral(
    case: Case,
    *,
    reason: str = ReferralReason.ROSH,
    automatic: bool = True,
    referred_at: datetime.datetime | None = None,
    status: str = ReferralStatus.AWAITING,
    **fields,
) -> Referral:
    """A referral of ``case`` to its team's meeting, as ``services.referrals`` would make it."""
    fields.setdefault("trigger", f"assessment:{next(_serial)}" if automatic else "")
    fields.setdefault("detail", "Risk of serious harm rated high" if automatic else "Worried about his new friends")
    if status == ReferralStatus.DECLINED:
        fields.setdefault("decline_reason", "Managed within the plan")
        fields.setdefault("declined_at", timezone.now())
    return Referral.objects.create(
        case=case,
        reason=reason,
        automatic=automatic,
        referred_at=referred_at or timezone.now() - datetime.timedelta(days=1),
        status=status,
        **fields,
    )


def meetings_meeting(*, team: Team, by: User, held_on: datetime.date | None = None, chair: User | None = None):
    return services.meeting_create(team=team, by=by, held_on=held_on or timezone.localdate(), chair=chair or by)


DECISION = {
    "risk_of_serious_harm": "high",
    "safety_and_wellbeing": "medium",
    "external_controls": "Curfew 7pm to 7am, electronically monitored",
    "contingency": "If he breaches the curfew, the police are told at once and a review meeting is called",
    "decision": "Keep at high; refer to the exploitation panel",
}


def meetings_decide(hearing, *, by: User, **changes):
    values = {**DECISION, "next_review_on": hearing.meeting.held_on + datetime.timedelta(days=28), **changes}
    return services.hearing_decide(hearing=hearing, by=by, **values)
