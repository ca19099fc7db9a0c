"""Rows of referrals to the risk and vulnerability meeting, for list, permission and query-count
tests (tests of behaviour make them through ``risk.services.referrals``)."""

import factory
from django.utils import timezone

from cases.tests.factories import CaseFactory
from risk.models import Referral, ReferralReason


class RiskReferralFactory(factory.django.DjangoModelFactory):
    """An automatic referral awaiting a meeting (each with a trigger of its own)."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    reason = ReferralReason.ROSH
    automatic = True
    trigger = factory.Sequence(lambda n: f"assessment:{n + 1}")
    detail = "Risk of serious harm to others rated high"
    referred_at = factory.LazyFunction(timezone.now)
