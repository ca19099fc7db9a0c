"""The services and selectors of hearings (DESIGN.md §10): recording and changing a child's hearing,
its rules and who may, the next hearing and the court list for a day."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseStatus
from cases.tests.factories import ChildFactory
from court.models import Hearing
from court.selectors import hearings as selectors
from court.services import hearings as services
from yjs.models import AuditAction, AuditEvent

from .factories_hearings import *  # noqa: F403
from .factories_hearings import TODAY, court_case, court_hearing, days_ago

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_hearing_is_recorded_and_audited(north_case, case_worker):
    hearing = court_hearing(
        child=north_case.child,
        by=case_worker,
        case=north_case,
        outcome="report_requested",
        next_hearing_on=TODAY + datetime.timedelta(days=21),
        duty_officer_note="  Bail continued; report ordered  ",
    )
    assert (hearing.case, hearing.recorded_by, hearing.duty_officer_note) == (
        north_case,
        case_worker,
        "Bail continued; report ordered",
    )
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(hearing.pk)).exists()


def test_a_hearing_needs_its_date_court_and_type(north_case, case_worker):
    with pytest.raises(ValidationError) as excinfo:
        services.hearing_record(
            child=north_case.child, by=case_worker, heard_on=None, court="  ", hearing_type="appeal"
        )
    assert errors_of(excinfo) == {
        "heard_on": ["Enter the date of the hearing"],
        "court": ["Enter the court"],
        "hearing_type": ["Select the type of hearing"],
    }
    assert not Hearing.objects.exists()


def test_the_outcome_waits_for_the_hearing_and_the_next_hearing_is_after_it(north_case, case_worker):
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        court_hearing(
            child=north_case.child, by=case_worker, heard_on=tomorrow, outcome="sentenced", next_hearing_on=tomorrow
        )
    assert errors_of(excinfo) == {
        "outcome": ["Record the outcome once the hearing has happened: the hearing date is in the future"],
        "next_hearing_on": ["The date of the next hearing must be after the date of this hearing"],
    }
    # Listed ahead with no outcome yet: accepted.
    assert court_hearing(child=north_case.child, by=case_worker, heard_on=tomorrow, outcome="").outcome == ""


def test_a_hearing_is_linked_only_to_one_of_the_childs_cases(north_case, case_worker, team_north):
    other = court_case(team=team_north, worker=case_worker)
    with pytest.raises(ValidationError) as excinfo:
        court_hearing(child=north_case.child, by=case_worker, case=other)
    assert errors_of(excinfo) == {"case": ["Select one of the child's cases"]}


@pytest.mark.parametrize("who", ["police_officer", "victim_worker", "south_worker", "head_of_service"])
def test_only_those_who_work_on_the_childs_case_record_hearings(request, who, north_case):
    with pytest.raises(PermissionDenied):
        court_hearing(child=north_case.child, by=request.getfixturevalue(who))


def test_a_closed_case_takes_no_new_hearing(north_case, case_worker):
    north_case.status = CaseStatus.CLOSED
    north_case.end_date = TODAY
    north_case.save()
    with pytest.raises(PermissionDenied):
        court_hearing(child=north_case.child, by=case_worker)
    with pytest.raises(PermissionDenied):
        court_hearing(child=north_case.child, by=case_worker, case=north_case)


def test_a_hearing_of_a_restricted_case_is_the_allocated_workers_and_managers(
    north_restricted_case, case_worker, team_manager
):
    child = north_restricted_case.child
    with pytest.raises(PermissionDenied):
        court_hearing(child=child, by=case_worker, case=north_restricted_case)
    hearing = court_hearing(child=child, by=team_manager, case=north_restricted_case)
    assert selectors.hearing_list(user=team_manager).filter(pk=hearing.pk).exists()
    assert not selectors.hearing_list(user=case_worker).filter(pk=hearing.pk).exists()


def test_an_update_changes_only_the_fields_given(north_case, case_worker):
    hearing = court_hearing(child=north_case.child, by=case_worker, next_hearing_on=TODAY + datetime.timedelta(days=14))
    services.hearing_update(hearing=hearing, by=case_worker, outcome="bail", duty_officer_note="Bail with curfew")
    hearing.refresh_from_db()
    assert (hearing.outcome, hearing.court, hearing.next_hearing_on) == (
        "bail",
        "Leeds Youth Court",
        TODAY + datetime.timedelta(days=14),
    )
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(hearing.pk)).get()
    assert event.detail["outcome"] == ["adjourned", "bail"]
    # Clearing the next hearing is said out loud.
    services.hearing_update(hearing=hearing, by=case_worker, next_hearing_on=None)
    hearing.refresh_from_db()
    assert hearing.next_hearing_on is None


def test_an_update_is_checked_as_a_new_hearing_is(north_case, case_worker, victim_worker):
    hearing = court_hearing(child=north_case.child, by=case_worker)
    with pytest.raises(ValidationError) as excinfo:
        services.hearing_update(hearing=hearing, by=case_worker, court="", next_hearing_on=days_ago(8))
    assert set(errors_of(excinfo)) == {"court", "next_hearing_on"}
    with pytest.raises(ValidationError) as excinfo:
        services.hearing_update(hearing=hearing, by=case_worker, child=ChildFactory())
    assert errors_of(excinfo) == {"child": ["Unknown field"]}
    with pytest.raises(PermissionDenied):
        services.hearing_update(hearing=hearing, by=victim_worker, outcome="bail")
    hearing.refresh_from_db()
    assert (hearing.court, hearing.outcome) == ("Leeds Youth Court", "adjourned")


def test_the_next_hearing_is_the_latest_that_set_one_not_yet_past(north_case, case_worker):
    child = north_case.child
    court_hearing(child=child, by=case_worker, heard_on=days_ago(30), next_hearing_on=days_ago(7))
    listed = court_hearing(
        child=child, by=case_worker, heard_on=days_ago(7), next_hearing_on=TODAY + datetime.timedelta(days=5)
    )
    court_hearing(child=child, by=case_worker, heard_on=days_ago(1), outcome="bail")
    hearings = selectors.child_hearings(user=case_worker, child=child)
    assert [h.heard_on for h in hearings.hearings] == [days_ago(1), days_ago(7), days_ago(30)]
    assert hearings.next_hearing == listed


def test_the_court_list_is_by_court_with_the_hearings_listed_for_the_day(
    north_case, case_worker, team_north, south_restricted_case, south_worker
):
    other = court_case(team=team_north, worker=case_worker, child=ChildFactory(surname="Abbott"))
    court_hearing(child=north_case.child, by=case_worker, heard_on=TODAY, court="York Youth Court")
    court_hearing(child=other.child, by=case_worker, heard_on=TODAY, court="Leeds Youth Court")
    # Listed today by an earlier hearing, not recorded yet.
    third = court_case(team=team_north, worker=case_worker, child=ChildFactory(surname="Zed"))
    court_hearing(
        child=third.child, by=case_worker, heard_on=days_ago(14), next_hearing_on=TODAY, court="Leeds Youth Court"
    )
    # Listed today too, but heard today already: only the hearing shows.
    court_hearing(child=other.child, by=case_worker, heard_on=days_ago(10), next_hearing_on=TODAY)
    # Another team's restricted case: not on North's list.
    court_hearing(child=south_restricted_case.child, by=south_worker, heard_on=TODAY, case=south_restricted_case)

    courts = selectors.court_list(user=case_worker, day=TODAY)
    assert [(c.name, [h.child.surname for h in c.hearings], [h.child.surname for h in c.listed]) for c in courts] == [
        ("Leeds Youth Court", ["Abbott"], ["Zed"]),
        ("York Youth Court", ["Court"], []),
    ]
    assert selectors.court_list(user=case_worker, day=TODAY + datetime.timedelta(days=1)) == []
    assert [c.name for c in selectors.court_list(user=south_worker, day=TODAY)] == ["Leeds Youth Court"]
