"""``yjs.validators.not_in_future``: the one rule that a date or time has happened, used by every
service that refuses a date ahead (issue #18: intelligence checked only times, oocd dates too)."""

import datetime

import pytest
from django.utils import timezone

from cases.services import assessments, reviews
from intelligence import services as intelligence_services
from oocd import services as oocd_services
from yjs import validators
from yjs.validators import not_in_future


def errors_for(value, **kwargs) -> dict[str, str]:
    errors: dict[str, str] = {}
    not_in_future(value, "when", errors, "decision date", **kwargs)
    return errors


def test_a_date_today_or_before_is_accepted_and_one_after_today_is_refused():
    today = timezone.localdate()

    assert errors_for(today) == {}
    assert errors_for(today - datetime.timedelta(days=1)) == {}
    assert errors_for(today + datetime.timedelta(days=1)) == {"when": "The decision date must be today or in the past"}


def test_a_time_up_to_a_minute_ahead_is_accepted_and_one_further_ahead_is_refused():
    now = timezone.now()

    assert errors_for(now + datetime.timedelta(seconds=50)) == {}
    assert errors_for(now - datetime.timedelta(days=1)) == {}
    assert errors_for(now + datetime.timedelta(minutes=2)) == {"when": "The decision date must be today or in the past"}


def test_a_time_of_day_may_name_now_in_the_message():
    ahead = timezone.now() + datetime.timedelta(hours=1)

    assert errors_for(ahead, present="now") == {"when": "The decision date must be now or in the past"}


def test_nothing_given_is_not_refused():
    assert errors_for(None) == {}


@pytest.mark.parametrize("services", [intelligence_services, oocd_services, assessments, reviews])
def test_every_service_refuses_the_future_through_the_one_rule(services):
    assert services.not_in_future is validators.not_in_future
