"""Project-wide test set-up: factories for users and teams, and an API client."""

import contextlib

import pgtrigger
import pytest
from django.core.cache import cache
from redis.exceptions import RedisError
from rest_framework.test import APIClient

from yjs.roles import Role
from yjs.sign_in import sign_in_failures_key
from yjs.tests.factories import TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def sign_in_failures_forgotten():
    """Failed sign-ins are counted per address in Redis (``yjs.sign_in``), where they outlive a test
    and a run: each test starts with none from the test client's address."""
    with contextlib.suppress(RedisError, OSError):  # a test with Redis stopped: no count to forget
        cache.delete(sign_in_failures_key("127.0.0.1"))


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def team_north(db):
    return TeamFactory(name="North", slug="north")


@pytest.fixture
def team_south(db):
    return TeamFactory(name="South", slug="south")


@pytest.fixture
def case_worker(team_north):
    return UserFactory(username="caseworker", roles=[Role.CASE_WORKER], teams=[team_north])


@pytest.fixture
def team_manager(team_north):
    return UserFactory(username="manager", roles=[Role.TEAM_MANAGER], teams=[team_north])


@pytest.fixture
def police_officer(team_north, team_south):
    return UserFactory(username="police", roles=[Role.POLICE_OFFICER], teams=[team_north, team_south])


@pytest.fixture
def board_member(db):
    return UserFactory(username="board", roles=[Role.BOARD_MEMBER])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """Let the test database be flushed after transactional tests.

    The audit trail refuses TRUNCATE (DESIGN.md §3); Django empties the database
    after a ``transaction=True`` test with TRUNCATE, so only that flush is let through.
    """
    with pgtrigger.ignore("yjs.AuditEvent:audit_no_truncate", "yjs.AuditEvent:audit_append_only"):
        return (yield)
