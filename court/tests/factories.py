"""Factories for court records, built directly (no service): for list, work, timeline, figure and
query-count tests. Prefer the services (``court.services``) in tests of behaviour. Each factory's
defaults make a valid row of its model (the database's checks hold); pass the related rows you need."""

import datetime

import factory
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from court import rules
from court.models import (
    CustodySpell,
    EstablishmentType,
    Hearing,
    HearingType,
    Order,
    OrderType,
    PanelType,
    PreSentenceReport,
    ReferralPanel,
    Requirement,
    RequirementType,
    ResettlementPlan,
    SupervisionOnRelease,
    Volunteer,
)
from yjs.tests.factories import UserFactory


def _today() -> datetime.date:
    return timezone.localdate()


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    child = factory.SubFactory(ChildFactory)
    case = None
    heard_on = factory.LazyFunction(_today)
    court = "Leeds Youth Court"
    hearing_type = HearingType.FIRST_APPEARANCE
    recorded_by = factory.SubFactory(UserFactory)


class PreSentenceReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreSentenceReport

    case = factory.SubFactory(CaseFactory)
    requested_on = factory.LazyFunction(_today)
    stand_down = False
    due_on = factory.LazyAttribute(lambda report: rules.report_due(report.requested_on, stand_down=report.stand_down))
    author = factory.SubFactory(UserFactory)
    created_by = factory.LazyAttribute(lambda report: report.author)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    case = factory.SubFactory(CaseFactory)
    order_type = factory.LazyAttribute(
        lambda order: (
            order.case.case_type if order.case.case_type in OrderType.values else OrderType.YOUTH_REHABILITATION_ORDER
        )
    )
    court = "Leeds Youth Court"
    made_on = factory.LazyFunction(_today)
    length_months = 12
    ends_on = factory.LazyAttribute(lambda order: order.made_on + datetime.timedelta(days=365))
    recorded_by = factory.SubFactory(UserFactory)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    order = factory.SubFactory(
        OrderFactory, case=factory.SubFactory(CaseFactory, case_type=CaseType.YOUTH_REHABILITATION_ORDER)
    )
    requirement_type = RequirementType.SUPERVISION
    starts_on = factory.LazyAttribute(lambda requirement: requirement.order.made_on)
    recorded_by = factory.SubFactory(UserFactory)


class VolunteerFactory(factory.django.DjangoModelFactory):
    """A volunteer who may sit today: vetted a year ago (for three years) and trained."""

    class Meta:
        model = Volunteer

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"volunteer{n}@community.example")
    vetted_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=365))
    vetting_expires_on = factory.LazyAttribute(lambda v: v.vetted_on + datetime.timedelta(days=3 * 365))
    trained_on = factory.LazyAttribute(lambda v: v.vetted_on + datetime.timedelta(days=30))


class ReferralPanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralPanel

    order = factory.SubFactory(
        OrderFactory,
        case=factory.SubFactory(CaseFactory, case_type=CaseType.REFERRAL_ORDER),
        order_type=OrderType.REFERRAL_ORDER,
    )
    panel_type = PanelType.INITIAL
    due_on = factory.LazyAttribute(lambda panel: rules.initial_panel_due(panel.order.made_on))


class CustodySpellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustodySpell

    case = factory.SubFactory(CaseFactory, case_type=CaseType.DETENTION_AND_TRAINING_ORDER)
    establishment_type = EstablishmentType.YOI
    establishment = "HMYOI Wetherby"
    custody_from = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=60))
    release_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=60))
    supervision_on_release = SupervisionOnRelease.LICENCE
    recorded_by = factory.SubFactory(UserFactory)


class ResettlementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResettlementPlan

    spell = factory.SubFactory(CustodySpellFactory)
    due_on = factory.LazyAttribute(
        lambda plan: rules.resettlement_plan_due(plan.spell.release_on) if plan.spell.release_on else _today()
    )
