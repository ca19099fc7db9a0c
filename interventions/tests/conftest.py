"""Fixtures of the interventions tests: a North case allocated to the case worker with a victim, a
restricted North case, a South case; the catalogue's interventions."""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory, ChildFactory, VictimFactory
from interventions.services import catalogue
from yjs.roles import Role
from yjs.tests.factories import UserFactory

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def north_case(team_north, case_worker):
    return CaseFactory(
        team=team_north,
        allocated_to=case_worker,
        created_by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        start_date=days_ago(60),
    )


@pytest.fixture
def victim(north_case):
    return VictimFactory(case=north_case, display_name="Victim A")


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def victim_worker(team_north, team_south):
    return UserFactory(username="victims", roles=[Role.VICTIM_WORKER], teams=[team_north, team_south])


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def south_case(team_south, south_worker):
    return CaseFactory(team=team_south, allocated_to=south_worker, created_by=south_worker, start_date=days_ago(60))


@pytest.fixture
def restricted_case(team_north, team_manager):
    """North's restricted case, allocated to no case worker: its manager sees it, the case worker does not."""
    return CaseFactory(
        team=team_north,
        restricted=True,
        created_by=team_manager,
        child=ChildFactory(surname="Hidden"),
        start_date=days_ago(60),
    )


@pytest.fixture
def programme(team_manager):
    return catalogue.intervention_add(
        by=team_manager, name="Knife Crime Awareness", intervention_type="weapons", provider="YJS", sessions=6
    )
