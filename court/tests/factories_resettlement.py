"""Factories and fixtures of the custody and resettlement tests. Prefer the services in tests of
behaviour; the factories build rows directly for list, permission and query-count tests.
The fixtures below are imported by name by the test modules that use them."""

import datetime

import factory
import pytest
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from court import rules
from court.models import CustodySpell, EstablishmentType, ResettlementPlan, SupervisionOnRelease
from court.services import resettlement as services
from yjs.roles import Role
from yjs.tests.factories import UserFactory
from yjs.working_days import add_working_days

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


class CustodySpellFactory(factory.django.DjangoModelFactory):
    """A spell on a detention and training order case (give ``case``, ``recorded_by``)."""

    class Meta:
        model = CustodySpell

    establishment_type = EstablishmentType.YOI
    establishment = "HMYOI Wetherby"
    custody_from = factory.LazyFunction(lambda: days_ago(60))
    release_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=60))
    supervision_on_release = SupervisionOnRelease.NOTICE_OF_SUPERVISION
    licence_conditions = "Live at the approved address; curfew 7pm to 7am"


class ResettlementPlanFactory(factory.django.DjangoModelFactory):
    """A spell's plan, due as the rule says (give ``spell``)."""

    class Meta:
        model = ResettlementPlan

    due_on = factory.LazyAttribute(lambda plan: rules.resettlement_plan_due(plan.spell.release_on))


def spell_values(**changes) -> dict:
    """What a worker records for a detention and training order's spell, released in 30 working days."""
    return {
        "establishment_type": EstablishmentType.YOI,
        "establishment": "HMYOI Wetherby",
        "custody_from": days_ago(90),
        "release_on": add_working_days(TODAY, 30),
        "supervision_on_release": SupervisionOnRelease.NOTICE_OF_SUPERVISION,
        "licence_conditions": "Live at the approved address; curfew 7pm to 7am",
        **changes,
    }


PLAN_ANSWERS = {
    "accommodation_in_place": True,
    "accommodation": "Back home with mum",
    "education_in_place": True,
    "education": "City College, 16 hours a week",
    "health_in_place": False,
    "health": "GP registration to follow",
    "release_address": "12 Oak Street, Leeds LS1 4AP",
}


# --- Fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture
def dto_case(team_north, case_worker):
    """North's detention and training order case, allocated to the case worker."""
    return CaseFactory(
        team=team_north,
        allocated_to=case_worker,
        created_by=case_worker,
        case_type=CaseType.DETENTION_AND_TRAINING_ORDER,
        child=ChildFactory(surname="Custody", forenames="Casey"),
    )


@pytest.fixture
def remand_case(team_north, case_worker):
    return CaseFactory(team=team_north, allocated_to=case_worker, created_by=case_worker, case_type=CaseType.REMAND)


@pytest.fixture
def south_dto_case(team_south, south_worker):
    return CaseFactory(
        team=team_south,
        allocated_to=south_worker,
        created_by=south_worker,
        case_type=CaseType.DETENTION_AND_TRAINING_ORDER,
        child=ChildFactory(surname="Southern"),
    )


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def spell(dto_case, case_worker):
    """A spell of ``dto_case`` recorded through the service: its plan due 20 working days before release."""
    return services.custody_spell_record(case=dto_case, by=case_worker, **spell_values())


@pytest.fixture
def plan(spell):
    return spell.resettlement_plan
