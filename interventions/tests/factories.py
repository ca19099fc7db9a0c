"""Factories of interventions records, for tests that need rows in bulk (the query-count tests) or in a
given state; tests of the rules make their rows through the services."""

import datetime

import factory
from django.utils import timezone

from cases.tests.factories import CaseFactory
from interventions.models import (
    Intervention,
    InterventionReferral,
    InterventionType,
    ReparationPlacement,
    ReparationSession,
    RestorativeJustice,
    VictimSafetyPlan,
)
from yjs.tests.factories import UserFactory


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    name = factory.Sequence(lambda n: f"Programme {n}")
    intervention_type = InterventionType.OFFENDING_BEHAVIOUR
    provider = "YJS"
    sessions = 6


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterventionReferral

    case = factory.SubFactory(CaseFactory)
    intervention = factory.SubFactory(InterventionFactory)
    referred_on = factory.LazyFunction(lambda: _days_ago(20))
    recorded_by = factory.SubFactory(UserFactory)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReparationPlacement

    case = factory.SubFactory(CaseFactory)
    placement = "Community garden"
    hours_ordered = 10
    started_on = factory.LazyFunction(lambda: _days_ago(20))
    recorded_by = factory.SubFactory(UserFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReparationSession

    placement = factory.SubFactory(PlacementFactory)
    done_on = factory.LazyFunction(lambda: _days_ago(5))
    hours = 2
    recorded_by = factory.SubFactory(UserFactory)


class RestorativeJusticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RestorativeJustice

    case = factory.SubFactory(CaseFactory)
    restorative_type = "letter"
    victim_part = "informed"
    recorded_by = factory.SubFactory(UserFactory)


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VictimSafetyPlan

    case = factory.SubFactory(CaseFactory)
    measures = "No contact"
    agreed_on = factory.LazyFunction(lambda: _days_ago(5))
    recorded_by = factory.SubFactory(UserFactory)
