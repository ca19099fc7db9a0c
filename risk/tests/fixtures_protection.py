"""Fixtures of the protection tests, taken with ``from .fixtures_protection import *`` (a test
module's imported fixtures are its own; risk/tests has no conftest of its own)."""

import pytest

from cases.tests.factories import CaseFactory, ChildFactory
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .factories_protection import protection_case

__all__ = ["head_of_service", "north_case", "north_restricted_case", "south_restricted_case", "south_worker"]


@pytest.fixture
def north_case(team_north, case_worker, team_manager):
    return protection_case(team=team_north, worker=case_worker, manager=team_manager)


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def south_restricted_case(south_worker):
    south = south_worker.teams.get()
    return protection_case(team=south, worker=south_worker, restricted=True, child=ChildFactory(surname="Southern"))


@pytest.fixture
def north_restricted_case(team_north, team_manager):
    """North's restricted case, allocated to no case worker: its manager sees it, the case worker does not."""
    return CaseFactory(team=team_north, restricted=True, created_by=team_manager, child=ChildFactory(surname="Hidden"))
