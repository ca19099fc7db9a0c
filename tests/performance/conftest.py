"""Fixtures of the performance tests: the reference rows and the ``world`` to build rows in."""

import pytest

from intelligence.catalogue import ensure_shipped_systems
from intelligence.models import PoliceSystem
from oocd.catalogue import ensure_shipped_outcomes
from oocd.models import Outcome
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .world import World


@pytest.fixture(autouse=True)
def reference_data(db):
    """The rows data migrations make: a transactional test elsewhere may have flushed them."""
    ensure_shipped_outcomes(Outcome)
    ensure_shipped_systems(PoliceSystem)


@pytest.fixture
def world(team_north, team_south, case_worker, team_manager, police_officer, board_member) -> World:
    return World(
        north=team_north,
        south=team_south,
        case_worker=case_worker,
        team_manager=team_manager,
        police_officer=police_officer,
        board_member=board_member,
        head_of_service=UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south]),
        victim_worker=UserFactory(username="victims", roles=[Role.VICTIM_WORKER], teams=[team_north]),
        panel_member=UserFactory(username="panel", roles=[Role.PANEL_MEMBER]),
    )
