"""A youth rehabilitation order's requirements and their progress (court.services.orders), and issue
#21's acceptance 2: unpaid work for a 15-year-old is refused with a reason; for a 16-year-old it is
accepted and its hours are tracked to completion."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from court.models import Requirement, RequirementProgress, RequirementStatus
from court.selectors.orders import hours_remaining, requirement_get
from court.services import orders as services

from .factories_orders import *  # noqa: F403 (the fixtures)
from .factories_orders import TODAY, days_ago, order_case, order_of, supervision, unpaid_work

pytestmark = pytest.mark.django_db


def progress(requirement, by, hours=None, days=None, done_on=None, note=""):
    return services.requirement_progress_record(
        requirement=requirement, by=by, done_on=done_on or TODAY, hours=hours, days=days, note=note
    )


# --- Acceptance 2 -------------------------------------------------------------------------------------------


def test_unpaid_work_for_a_15_year_old_is_refused_with_a_reason(team_north, case_worker):
    order = order_of(order_case(team=team_north, worker=case_worker, age=15), by=case_worker)
    with pytest.raises(ValidationError) as refused:
        unpaid_work(order, by=case_worker, hours=60)
    assert refused.value.message_dict["requirement_type"] == [
        "An unpaid work requirement is for children aged 16 or over: the child was 15 when the order was made"
    ]
    assert not Requirement.objects.exists()


def test_unpaid_work_for_a_16_year_old_is_tracked_to_completion(yro, case_worker):
    requirement = unpaid_work(yro, by=case_worker, hours=40)
    assert requirement.status == RequirementStatus.ACTIVE
    progress(requirement, case_worker, hours=Decimal("7.5"), done_on=days_ago(7))
    progress(requirement, case_worker, hours=Decimal(30), done_on=days_ago(3))
    shown = requirement_get(user=case_worker, requirement_id=requirement.pk)
    assert (shown.hours_done, hours_remaining(shown)) == (Decimal("37.5"), Decimal("2.5"))
    with pytest.raises(ValidationError) as refused:
        progress(requirement, case_worker, hours=Decimal(3))
    assert refused.value.message_dict["hours"] == ["Only 2.5 of the 40 hours ordered remain: enter 2.5 or fewer"]
    progress(requirement, case_worker, hours=Decimal("2.5"), done_on=days_ago(1))
    requirement.refresh_from_db()
    assert (requirement.status, requirement.completed_on) == (RequirementStatus.COMPLETED, days_ago(1))
    assert hours_remaining(requirement_get(user=case_worker, requirement_id=requirement.pk)) == 0
    with pytest.raises(ValidationError) as refused:
        progress(requirement, case_worker, hours=Decimal(1))
    assert "completed" in refused.value.messages[0]


def test_the_age_is_the_child_s_on_the_day_the_order_was_made(team_north, case_worker):
    # 16 when the order was made, whatever the child's age when the requirement is added.
    case = order_case(team=team_north, worker=case_worker, age=16, made_days_ago=20)
    order = order_of(case, by=case_worker, made_days_ago=20)
    assert unpaid_work(order, by=case_worker, hours=100).hours_ordered == 100


@pytest.mark.parametrize("hours", [None, 39, 241])
def test_unpaid_work_is_between_40_and_240_hours(yro, case_worker, hours):
    with pytest.raises(ValidationError) as refused:
        unpaid_work(yro, by=case_worker, hours=hours)
    assert refused.value.message_dict["hours_ordered"] == ["Enter the hours of unpaid work ordered, from 40 to 240"]


# --- The requirement's own rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requirement_type": "community_service"}, "requirement_type"),
        ({"starts_on": None}, "starts_on"),
        ({"starts_on": days_ago(11)}, "starts_on"),
        ({"ends_on": days_ago(10) - datetime.timedelta(days=1)}, "ends_on"),
        ({"ends_on": TODAY + datetime.timedelta(days=400)}, "ends_on"),
        ({"hours_ordered": 10, "days_ordered": 3}, "days_ordered"),
        ({"days_ordered": 0}, "days_ordered"),
    ],
)
def test_field_errors(yro, case_worker, changes, field):
    with pytest.raises(ValidationError) as refused:
        supervision(yro, by=case_worker, **changes)
    assert field in refused.value.message_dict


def test_requirements_only_on_a_youth_rehabilitation_order_not_ended(yro, referral_case, case_worker):
    referral = order_of(referral_case, by=case_worker)
    with pytest.raises(ValidationError) as refused:
        supervision(referral, by=case_worker)
    assert "youth rehabilitation order" in refused.value.message_dict["order"][0]
    services.order_end(order=yro, by=case_worker, outcome="completed", ended_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        supervision(yro, by=case_worker)
    assert "ended" in refused.value.message_dict["order"][0]


def test_who_may_add_a_requirement(yro, team_manager, south_worker, head_of_service, victim_worker):
    for user in (south_worker, head_of_service, victim_worker):
        with pytest.raises(PermissionDenied):
            supervision(yro, by=user)
    assert supervision(yro, by=team_manager).recorded_by == team_manager


# --- Progress -------------------------------------------------------------------------------------------------


def test_days_add_up_to_completion(yro, case_worker):
    requirement = services.requirement_add(
        order=yro, by=case_worker, requirement_type="attendance_centre", starts_on=yro.made_on, days_ordered=3
    )
    with pytest.raises(ValidationError) as refused:
        progress(requirement, case_worker, hours=Decimal(2))
    assert refused.value.message_dict == {"hours": ["This requirement counts days: enter the days done"]}
    progress(requirement, case_worker, days=2)
    with pytest.raises(ValidationError) as refused:
        progress(requirement, case_worker, days=2)
    assert refused.value.message_dict["days"] == ["Only 1 of the 3 days ordered remain: enter 1 or fewer"]
    progress(requirement, case_worker, days=1)
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.COMPLETED


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"hours": None}, "hours"),
        ({"hours": Decimal(0)}, "hours"),
        ({"hours": Decimal("1.125")}, "hours"),
        ({"hours": Decimal(1), "days": 1}, "days"),
        ({"hours": Decimal(1), "done_on": TODAY + datetime.timedelta(days=1)}, "done_on"),
        ({"hours": Decimal(1), "done_on": days_ago(11)}, "done_on"),
        ({"days": 1}, "days"),
    ],
)
def test_progress_field_errors(yro, case_worker, entry, field):
    requirement = unpaid_work(yro, by=case_worker)
    with pytest.raises(ValidationError) as refused:
        progress(requirement, case_worker, **entry)
    assert field in refused.value.message_dict
    assert not RequirementProgress.objects.exists()


def test_a_requirement_without_hours_is_completed_by_hand(yro, case_worker):
    requirement = supervision(yro, by=case_worker)
    progress(requirement, case_worker, hours=Decimal(1), note="First session")  # recorded, nothing to reach
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.ACTIVE
    services.requirement_complete(requirement=requirement, by=case_worker, completed_on=TODAY)
    requirement.refresh_from_db()
    assert (requirement.status, requirement.completed_on) == (RequirementStatus.COMPLETED, TODAY)


def test_one_with_hours_left_is_not_completed_by_hand(yro, case_worker):
    requirement = unpaid_work(yro, by=case_worker, hours=50)
    progress(requirement, case_worker, hours=Decimal(10))
    with pytest.raises(ValidationError) as refused:
        services.requirement_complete(requirement=requirement, by=case_worker, completed_on=TODAY)
    assert refused.value.message_dict["completed_on"][0].startswith("40 of the 50 hours ordered remain")


def test_only_those_who_work_on_the_case_record_progress(yro, case_worker, head_of_service, south_worker):
    requirement = unpaid_work(yro, by=case_worker)
    for user in (head_of_service, south_worker):
        with pytest.raises(PermissionDenied):
            progress(requirement, user, hours=Decimal(1))
        with pytest.raises(PermissionDenied):
            services.requirement_complete(requirement=requirement, by=user, completed_on=TODAY)
