"""STAND-IN for h-referrals' ``referral_by_rule`` (DESIGN brief's shared interface), only so that
h-protection's tests run before merging h-referrals; dropped in favour of theirs at the merge."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Case

from ..models import Referral


def referral_by_rule(*, case: Case, reason: str, trigger: str, detail: str) -> Referral | None:
    if not case.is_open or Referral.objects.filter(case=case, reason=reason, trigger=trigger, automatic=True).exists():
        return None
    try:
        with transaction.atomic():
            return Referral.objects.create(
                case=case, reason=reason, automatic=True, trigger=trigger, detail=detail, referred_at=timezone.now()
            )
    except IntegrityError:
        return None
