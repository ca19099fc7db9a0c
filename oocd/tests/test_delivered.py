""" "A decision is delivered" has one definition (``Decision.DELIVERY_RECORDED``): the property on one
decision, the filter on decisions and the referral list's "Delivered" status agree on every case."""

import datetime

import pytest
from django.utils import timezone

from oocd import selectors
from oocd.models import Decision
from oocd.selectors import ReferralStatus
from oocd.tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

EVERY_PART = {
    "implications_explained_at": "at",
    "delivered_at": "at",
    "delivered_by_id": "by",
    "signed_document": "oocd/signed/2025/01/signed.pdf",
    "victim_informed_at": "at",
}


def _decision(*, has_victim: bool = True, **recorded) -> Decision:
    decision = DecisionFactory(referral__has_victim=has_victim)
    at = timezone.now() - datetime.timedelta(hours=1)
    values = {field: {"at": at, "by": decision.recorded_by_id}.get(value, value) for field, value in recorded.items()}
    Decision.objects.filter(pk=decision.pk).update(**values)
    return Decision.objects.select_related("referral").get(pk=decision.pk)


def test_delivered_means_every_part_recorded_and_the_victim_told_if_there_is_one(police_officer):
    expected = {
        _decision(**EVERY_PART).pk: True,
        _decision(has_victim=False, **{k: v for k, v in EVERY_PART.items() if k != "victim_informed_at"}).pk: True,
        _decision(**{k: v for k, v in EVERY_PART.items() if k != "victim_informed_at"}).pk: False,
        _decision().pk: False,
    }
    for missing in Decision.DELIVERY_RECORDED:
        for has_victim in (True, False):
            parts = {k: v for k, v in EVERY_PART.items() if k != missing}
            expected[_decision(has_victim=has_victim, **parts).pk] = False

    decisions = Decision.objects.select_related("referral")
    assert {decision.pk: decision.is_delivered for decision in decisions} == expected
    assert set(decisions.filter(Decision.delivered()).values_list("pk", flat=True)) == {
        pk for pk, delivered in expected.items() if delivered
    }
    referrals = selectors.referral_list(user=police_officer)
    delivered = selectors.referrals_with_status(referrals, status=ReferralStatus.DELIVERED)
    assert set(delivered.values_list("decision__pk", flat=True)) == {pk for pk, ok in expected.items() if ok}
    decided = selectors.referrals_with_status(referrals, status=ReferralStatus.DECIDED)
    assert set(decided.values_list("decision__pk", flat=True)) == {pk for pk, ok in expected.items() if not ok}
