"""Fixtures of the family tests: a North case allocated to the case worker, a restricted one, a South one."""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from yjs.roles import Role
from yjs.tests.factories import UserFactory

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def north_case(team_north, case_worker):
    return CaseFactory(
        team=team_north, allocated_to=case_worker, created_by=case_worker, case_type=CaseType.REFERRAL_ORDER
    )


@pytest.fixture
def child(north_case):
    return north_case.child


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
def restricted_case(team_north, team_manager):
    """North's restricted case, allocated to no case worker: its manager sees it, the case worker does not."""
    return CaseFactory(team=team_north, restricted=True, created_by=team_manager, child=ChildFactory(surname="Hidden"))
