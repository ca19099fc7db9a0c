"""Factories of the referral order panels' tests: volunteers who may sit, referral orders (with their
initial panel scheduled as the orders' service does, ``panel_schedule_initial``) and panels.

``ReferralOrderFactory`` is named apart from the orders' own ``OrderFactory`` (court/tests/factories_orders.py)."""

import datetime

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory
from court.models import Order, OrderType, PanelType, ReferralPanel, Volunteer
from court.services.panels import panel_schedule_initial
from yjs.tests.factories import UserFactory

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


class VolunteerFactory(factory.django.DjangoModelFactory):
    """A volunteer who may sit today: active, trained, vetted and not lapsed."""

    class Meta:
        model = Volunteer

    name = factory.Sequence(lambda n: f"Volunteer {n}")
    email = factory.LazyAttribute(lambda v: f"{v.name.lower().replace(' ', '.')}@volunteers.example")
    phone = "07700 900456"
    vetted_on = factory.LazyFunction(lambda: TODAY - relativedelta(years=1))
    vetting_expires_on = factory.LazyFunction(lambda: TODAY + relativedelta(years=2))
    trained_on = factory.LazyFunction(lambda: TODAY - relativedelta(months=11))
    active = True


class ReferralOrderFactory(factory.django.DjangoModelFactory):
    """A referral order made ``made_on`` (40 days ago by default) on a referral order case."""

    class Meta:
        model = Order

    case = factory.SubFactory(CaseFactory, case_type=CaseType.REFERRAL_ORDER)
    order_type = OrderType.REFERRAL_ORDER
    court = "Leeds Youth Court"
    made_on = factory.LazyFunction(lambda: days_ago(40))
    length_months = 9
    ends_on = factory.LazyAttribute(lambda order: order.made_on + relativedelta(months=order.length_months))
    recorded_by = factory.SubFactory(UserFactory)


class ReferralPanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralPanel

    order = factory.SubFactory(ReferralOrderFactory)
    panel_type = PanelType.PROGRESS
    due_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=10))


def referral_order(*, case, made_on: datetime.date | None = None, **fields) -> tuple[Order, ReferralPanel]:
    """A referral order on ``case``, and its initial panel as the orders' service schedules it."""
    order = ReferralOrderFactory(case=case, made_on=made_on or days_ago(40), recorded_by=case.created_by, **fields)
    return order, panel_schedule_initial(order=order)
