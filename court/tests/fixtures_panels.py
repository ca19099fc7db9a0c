"""Fixtures of the panels' and volunteers' tests, taken with ``from .fixtures_panels import *``."""

import pytest

from cases.models import CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .factories_panels import VolunteerFactory, referral_order

__all__ = [
    "head_of_service",
    "north_case",
    "north_order",
    "restricted_case",
    "restricted_order",
    "south_order",
    "south_worker",
    "two_volunteers",
    "victim_worker",
]


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
def north_case(team_north, case_worker):
    return CaseFactory(
        team=team_north, allocated_to=case_worker, created_by=case_worker, case_type=CaseType.REFERRAL_ORDER
    )


@pytest.fixture
def north_order(north_case):
    """(the order, its initial panel)"""
    return referral_order(case=north_case)


@pytest.fixture
def south_order(team_south, south_worker):
    case = CaseFactory(team=team_south, allocated_to=south_worker, created_by=south_worker)
    return referral_order(case=case)


@pytest.fixture
def restricted_case(team_north, team_manager):
    """North's restricted case, allocated to no case worker: its manager sees it, the case worker does not."""
    return CaseFactory(team=team_north, restricted=True, created_by=team_manager, child=ChildFactory(surname="Hidden"))


@pytest.fixture
def restricted_order(restricted_case):
    return referral_order(case=restricted_case)


@pytest.fixture
def two_volunteers(db):
    return [VolunteerFactory(name="Ann Able"), VolunteerFactory(name="Ben Baker")]
