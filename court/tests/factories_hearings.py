"""People, cases, hearings and pre-sentence reports for the tests of hearings and reports (h-hearings'
area): the records are made through ``court.services`` as users would make them; and the
fixtures, taken with ``from .factories_hearings import *``."""

import datetime

import pytest
from django.utils import timezone

from cases.tests.factories import CaseFactory, ChildFactory
from court.models import ReportStatus
from court.services import hearings as hearing_services
from court.services import reports as report_services
from yjs.roles import Role
from yjs.tests.factories import UserFactory

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def court_case(*, team, worker, manager=None, restricted: bool = False, child=None, case_type="referral_order"):
    return CaseFactory(
        team=team,
        allocated_to=worker,
        restricted=restricted,
        case_type=case_type,
        created_by=manager or worker,
        **({"child": child} if child is not None else {}),
    )


def court_hearing(*, child, by, **overrides):
    values = {"heard_on": days_ago(7), "court": "Leeds Youth Court", "hearing_type": "plea", "outcome": "adjourned"}
    return hearing_services.hearing_record(child=child, by=by, **(values | overrides))


def court_report(*, case, by, **overrides):
    values = {"requested_on": days_ago(10), "proposal": "referral_order"}
    return report_services.report_create(case=case, by=by, **(values | overrides))


def report_at(status: str, *, case, author, manager, **overrides):
    """A report written by ``author`` taken to ``status`` through the services (returned: once;
    submitted: on time)."""
    report = court_report(case=case, by=author, **overrides)
    if status == ReportStatus.DRAFT:
        return report
    report = report_services.report_send(report=report, by=author)
    if status == ReportStatus.AWAITING_APPROVAL:
        return report
    if status == ReportStatus.RETURNED:
        report_services.report_return(report=report, by=manager, feedback="Say more about the offence")
        report.refresh_from_db()
        return report
    report = report_services.report_approve(report=report, by=manager)
    if status == ReportStatus.APPROVED:
        return report
    return report_services.report_submit(report=report, by=author, submitted_on=report.requested_on)


# --- Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture
def north_case(team_north, case_worker, team_manager):
    return court_case(team=team_north, worker=case_worker, manager=team_manager, child=ChildFactory(surname="Court"))


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def second_manager(team_north):
    return UserFactory(username="manager2", roles=[Role.TEAM_MANAGER], teams=[team_north])


@pytest.fixture
def victim_worker(team_north):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north])


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def south_manager(team_south):
    return UserFactory(username="southmanager", roles=[Role.TEAM_MANAGER], teams=[team_south])


@pytest.fixture
def south_restricted_case(south_worker):
    south = south_worker.teams.get()
    return court_case(team=south, worker=south_worker, restricted=True, child=ChildFactory(surname="Southern"))


@pytest.fixture
def north_restricted_case(team_north, team_manager):
    """North's restricted case, allocated to no case worker: its manager sees it, the case worker does not."""
    return court_case(
        team=team_north, worker=None, manager=team_manager, restricted=True, child=ChildFactory(surname="Hidden")
    )
