"""What case work tells people in the application (DESIGN.md §11, ``cases.services.notices``): a
returned assessment or plan its author, a flag raised the workers allocated to the child's open
cases and nobody else. What is kept names no child."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import CaseType, FlagType
from yjs.models import Notification, NotificationKind
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .test_oversight import TODAY, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(case_worker, team_north):
    """The case worker's case, its assessment completed and a plan written, awaiting countersignature."""
    child = services.child_create(
        by=case_worker, surname="Returned", forenames="Rory", date_of_birth=TODAY - timedelta(days=365 * 15)
    )
    case = services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_north,
        start_date=TODAY - timedelta(days=20),
        allocated_to=case_worker,
    )
    assessment = complete(case.assessments.get(), case_worker)
    plan = services.plan_write(
        case=case,
        by=case_worker,
        assessment=assessment,
        targets=[{"what": "Go to college", "who": "Rory", "by_when": TODAY, "how_i_will_know": "Enrolled"}],
        contingency="Call someone",
    )
    return assessment, plan


def told(kind: str) -> dict[str, Notification]:
    return {n.recipient.username: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def names_no_child(notification: Notification, child) -> bool:
    text = notification.subject + notification.body
    return child.surname not in text and child.forenames not in text


# --- Returned work -------------------------------------------------------------------------------------


def test_a_returned_assessment_tells_its_author_with_a_link_to_change_it(client, work, case_worker, team_manager):
    completed, _ = work
    services.assessment_return(assessment=completed, by=team_manager, feedback="Explain the risk of serious harm")
    [(username, notification)] = told(NotificationKind.RETURNED_WORK).items()
    assert username == case_worker.username
    assert notification.subject == f"Your assessment was returned by {team_manager}"
    assert notification.link == reverse("cases:assessment_record", args=[completed.case_id, completed.pk])
    assert names_no_child(notification, completed.case.child) and "risk of serious harm" not in notification.body
    client.force_login(case_worker)
    assert client.get(notification.link).status_code == 200


def test_a_returned_plan_tells_its_author_with_a_link_to_resubmit_it(client, work, case_worker, team_manager):
    _, plan = work
    services.plan_return(plan=plan, by=team_manager, feedback="Make the contingency concrete")
    [notification] = told(NotificationKind.RETURNED_WORK).values()
    assert notification.recipient == case_worker
    assert notification.link == reverse("cases:plan_resubmit", args=[plan.case_id, plan.pk])
    client.force_login(case_worker)
    assert client.get(notification.link).status_code == 200


def test_a_refused_return_tells_no_one(work, team_manager):
    with pytest.raises(ValidationError):
        services.assessment_return(assessment=work[0], by=team_manager, feedback="  ")
    assert not Notification.objects.exists()


# --- Flags ----------------------------------------------------------------------------------------------


@pytest.fixture
def child_with_cases(case_worker, team_north, team_south, team_manager):
    """A child with an open case allocated to the case worker, an open restricted case in South
    allocated to South's worker, and a closed one allocated to a third worker; a colleague of the
    case worker's team who works on none of them."""
    south_worker = UserFactory(username="south", roles=[Role.CASE_WORKER], teams=[team_south])
    former = UserFactory(username="former", roles=[Role.CASE_WORKER], teams=[team_north])
    colleague = UserFactory(username="colleague", roles=[Role.CASE_WORKER], teams=[team_north])
    child = services.child_create(
        by=case_worker, surname="Flagged", forenames="Fern", date_of_birth=TODAY - timedelta(days=365 * 15)
    )

    def open_case(worker, team, **extra):
        return services.case_open(
            child=child,
            by=team_manager if team == team_north else UserFactory(roles=[Role.TEAM_MANAGER], teams=[team]),
            case_type=CaseType.REFERRAL_ORDER,
            team=team,
            start_date=TODAY - timedelta(days=30),
            allocated_to=worker,
            **extra,
        )

    north_case = open_case(case_worker, team_north)
    open_case(south_worker, team_south, restricted=True)
    closed = open_case(former, team_north)
    closed.status, closed.end_date = "closed", TODAY
    closed.save(update_fields=["status", "end_date"])
    return child, north_case, colleague


def test_a_flag_tells_the_workers_of_the_childs_open_cases_and_no_one_else(client, child_with_cases, police_officer):
    child, _, colleague = child_with_cases
    services.flag_raise(child=child, by=police_officer, flag_type=FlagType.WEAPONS, note="Seen with a knife")
    notifications = told(NotificationKind.FLAG_RAISED)
    assert sorted(notifications) == ["caseworker", "south"]  # not the closed case's, the colleague or the raiser
    for username, notification in notifications.items():
        assert notification.subject == "Flag raised on a child on your caseload: Weapons"
        assert notification.link == reverse("cases:child_detail", args=[child.pk]) + "#flags"
        assert names_no_child(notification, child) and "knife" not in notification.body
        client.force_login(notification.recipient)
        assert client.get(notification.link).status_code == 200, username
    assert colleague.notifications.count() == 0


def test_the_worker_who_raises_a_flag_is_not_told_of_it(child_with_cases, case_worker):
    child, north_case, _ = child_with_cases
    services.flag_raise(child=child, by=case_worker, flag_type=FlagType.MISSING_EPISODES, case=north_case)
    assert sorted(told(NotificationKind.FLAG_RAISED)) == ["south"]
