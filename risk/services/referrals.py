"""Referrals to the team's risk and vulnerability meeting (DESIGN.md §9): by rule, once per trigger
(``referral_by_rule``, called by ``risk.listeners`` as case work happens), by a worker or manager
with a reason (``referral_make``), and declined by a manager with a reason (``referral_decline``)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Case
from yjs.audit import audit_record
from yjs.models import AuditAction, User
from yjs.services import audited_create, audited_update, locked, require

from .. import permissions
from ..models import Referral, ReferralReason, ReferralStatus

ONCE_PER_TRIGGER = "risk_referral_once_per_trigger"
ENTER_WHY = "Enter the reason for the referral"
ENTER_WHY_DECLINED = "Enter the reason for declining the referral"
ONLY_A_MANAGER_DECLINES = "Only a manager of the case's team can decline a referral."
ONLY_AWAITING = "Only a referral awaiting a meeting can be declined"


@transaction.atomic
def referral_by_rule(*, case: Case, reason: str, trigger: str, detail: str) -> Referral | None:
    """Refer the case automatically for ``reason``, caused by ``trigger`` (the record that met the
    rule, e.g. ``"assessment:12"``). Once per case, reason and trigger: None when it was referred
    for it already (even by a transaction running at the same moment) or the case is closed."""
    if reason == ReferralReason.MANUAL or reason not in ReferralReason.values:
        raise ValueError(f"Not a reason a rule refers for: {reason!r}")
    if not trigger:
        raise ValueError("A referral by rule names its trigger")
    if not case.is_open:
        return None
    if Referral.objects.filter(case=case, reason=reason, trigger=trigger, automatic=True).exists():
        return None
    referral = Referral(
        case=case, reason=reason, automatic=True, trigger=trigger, detail=detail, referred_at=timezone.now()
    )
    try:
        # A savepoint: another transaction may have referred for the same trigger since the check
        # (the database's unique constraint then refuses this one and the work around it goes on).
        with transaction.atomic():
            referral.save()
    except IntegrityError as error:
        if ONCE_PER_TRIGGER in str(error):
            return None
        raise
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=referral,
        detail={"reason": reason, "automatic": True, "trigger": trigger},
    )
    return referral


@transaction.atomic
def referral_make(*, case: Case, by: User, detail: str) -> Referral:
    """A worker or manager who may work on the case refers it, saying why."""
    require(permissions.can_record_risk(by, case))
    detail = (detail or "").strip()
    if not detail:
        raise ValidationError({"detail": ENTER_WHY})
    referral = Referral(
        case=case,
        reason=ReferralReason.MANUAL,
        automatic=False,
        detail=detail,
        referred_at=timezone.now(),
        referred_by=by,
    )
    return audited_create(referral, by=by, detail={"reason": ReferralReason.MANUAL, "automatic": False})


@transaction.atomic
def referral_decline(*, referral: Referral, by: User, reason: str) -> Referral:
    """A manager of the case's team decides that a referral awaiting a meeting need not go to it."""
    referral = locked(referral, "case", only_its_row=True)
    require(permissions.can_decline_referral(by, referral.case), ONLY_A_MANAGER_DECLINES)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ENTER_WHY_DECLINED})
    if referral.status != ReferralStatus.AWAITING:
        raise ValidationError(ONLY_AWAITING)
    return audited_update(
        referral,
        by=by,
        detail={"status": [referral.status, ReferralStatus.DECLINED], "decline_reason": reason},
        status=ReferralStatus.DECLINED,
        declined_by=by,
        declined_at=timezone.now(),
        decline_reason=reason,
    )
