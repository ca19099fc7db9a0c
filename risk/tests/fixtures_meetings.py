"""The people and records of the risk and vulnerability meeting's tests (h-meetings): North's meeting
hearing an open case (allocated to the case worker, with a victim) and a restricted one (allocated to
no case worker); South's manager and case worker; the head of service and the police officer come from
the project's conftest or here."""

import datetime

import pytest
from django.utils import timezone

from cases import services as case_services
from risk.services import meetings as services
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .factories_meetings import meetings_case, meetings_meeting, meetings_referral


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def head(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def manager_south(team_south):
    return UserFactory(username="manager-south", roles=[Role.TEAM_MANAGER], teams=[team_south])


@pytest.fixture
def case_worker_south(team_south):
    return UserFactory(username="caseworker-south", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def other_case_worker(team_north):
    """A North case worker to whom the cases here are not allocated."""
    return UserFactory(username="caseworker-other", roles=[Role.CASE_WORKER], teams=[team_north])


@pytest.fixture
def victim_worker(team_north, team_south):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north, team_south])


@pytest.fixture
def case(case_worker, team_north):
    case = meetings_case(by=case_worker, team=team_north, allocated_to=case_worker, surname="Open")
    case_services.victim_add(case=case, by=case_worker, display_name="Shop")
    return case


@pytest.fixture
def restricted_case(team_manager, team_north):
    return meetings_case(by=team_manager, team=team_north, restricted=True, surname="Hidden")


@pytest.fixture
def south_case(case_worker_south, team_south):
    return meetings_case(by=case_worker_south, team=team_south, allocated_to=case_worker_south, surname="Southern")


@pytest.fixture
def referral(case):
    return meetings_referral(case)


@pytest.fixture
def meeting(team_north, team_manager):
    return meetings_meeting(team=team_north, by=team_manager)


@pytest.fixture
def hearing(meeting, team_manager, case, referral):
    return services.hearing_add(meeting=meeting, by=team_manager, case=case)


@pytest.fixture
def restricted_hearing(meeting, team_manager, restricted_case):
    meetings_referral(restricted_case, reason="threat_to_life")
    return services.hearing_add(meeting=meeting, by=team_manager, case=restricted_case)
