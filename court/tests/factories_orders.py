"""Cases, orders, requirements and breaches for the tests of orders (h-orders' area): the records
are made through ``court.services.orders``, as users make them. The fixtures (``__all__``) are
taken with ``from .factories_orders import *``; the helpers are imported by name."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases.models import CaseType, Contact
from cases.tests.factories import CaseFactory, ChildFactory
from court.models import Hearing
from court.services import orders as services
from yjs.roles import Role
from yjs.tests.factories import UserFactory

__all__ = ["head_of_service", "referral_case", "restricted_case", "south_worker", "victim_worker", "yro", "yro_case"]

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def order_case(
    *,
    team,
    worker,
    case_type=CaseType.YOUTH_REHABILITATION_ORDER,
    age: int = 16,
    made_days_ago: int = 10,
    restricted: bool = False,
    order_end_date=None,
    child=None,
    created_by=None,
):
    """An open court order case of a child ``age`` years old on the day the order was made."""
    made_on = days_ago(made_days_ago)
    if child is None:
        child = ChildFactory(date_of_birth=made_on - relativedelta(years=age, days=30))
    return CaseFactory(
        child=child,
        team=team,
        case_type=case_type,
        allocated_to=worker,
        restricted=restricted,
        start_date=made_on,
        order_end_date=order_end_date,
        created_by=created_by or worker,
    )


def order_of(case, *, by, made_days_ago: int = 10, length_months: int = 12, **overrides):
    values = {
        "order_type": case.case_type,
        "court": "Leeds Youth Court",
        "made_on": days_ago(made_days_ago),
        "length_months": length_months,
    }
    return services.order_record(case=case, by=by, **(values | overrides))


def unpaid_work(order, *, by, hours: int = 40, **overrides):
    values = {"requirement_type": "unpaid_work", "starts_on": order.made_on, "hours_ordered": hours}
    return services.requirement_add(order=order, by=by, **(values | overrides))


def supervision(order, *, by, **overrides):
    values = {"requirement_type": "supervision", "starts_on": order.made_on, "details": "Weekly with the YOT worker"}
    return services.requirement_add(order=order, by=by, **(values | overrides))


def missed_contact(case, *, by, step: str = "warning", days: int = 3) -> Contact:
    """A missed appointment on the case with an enforcement step."""
    return Contact.objects.create(
        case=case,
        contact_type="office",
        scheduled_at=timezone.now() - datetime.timedelta(days=days),
        attendance="did_not_attend",
        enforcement_step=step,
        recorded_by=by,
    )


def hearing_of(case, *, by, days: int = 10) -> Hearing:
    return Hearing.objects.create(
        child=case.child, case=case, heard_on=days_ago(days), court="Leeds Youth Court", hearing_type="sentence",
        outcome="sentenced", recorded_by=by,
    )  # fmt: skip


# --- Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def victim_worker(team_north, team_south):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north, team_south])


@pytest.fixture
def yro_case(team_north, case_worker):
    """A 16-year-old's youth rehabilitation order case, its order not yet recorded."""
    return order_case(team=team_north, worker=case_worker)


@pytest.fixture
def yro(yro_case, case_worker):
    return order_of(yro_case, by=case_worker)


@pytest.fixture
def referral_case(team_north, case_worker):
    return order_case(team=team_north, worker=case_worker, case_type=CaseType.REFERRAL_ORDER, age=14)


@pytest.fixture
def restricted_case(team_north, team_manager):
    """North's restricted case, allocated to no case worker: its manager sees it, the case worker does not."""
    return order_case(team=team_north, worker=None, restricted=True, created_by=team_manager)
