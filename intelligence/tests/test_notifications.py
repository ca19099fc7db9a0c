"""Police information supplied is told in the application (DESIGN.md §11): to the requester and the
workers allocated to the child's open cases who may read the request, and to nobody else (a request
is not known to exist beyond them); that it was supplied and where, never what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseType
from yjs.models import Notification, NotificationKind
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .test_services import ask, supply

pytestmark = pytest.mark.django_db
SUPPLIED = "Arrested 3 May for theft; released under investigation."


@pytest.fixture
def people(team_north, team_south, team_manager):
    return {
        "requester": UserFactory(username="requester", roles=[Role.CASE_WORKER], teams=[team_north]),
        "allocated": UserFactory(username="allocated", roles=[Role.CASE_WORKER], teams=[team_north]),
        "south": UserFactory(username="south", roles=[Role.CASE_WORKER], teams=[team_south]),
        "south_manager": UserFactory(username="south-manager", roles=[Role.TEAM_MANAGER], teams=[team_south]),
    }


@pytest.fixture
def asked(people, team_north, team_south, team_manager):
    """A child with an open North case (allocated to ``allocated``) asked about by ``requester``, and
    an open South case allocated to South's worker, who may not read the request."""
    child = case_services.child_create(
        by=people["requester"],
        surname="Supplied",
        forenames="Sol",
        date_of_birth=timezone.localdate() - timedelta(5000),
    )

    def open_case(team, by, worker):
        return case_services.case_open(
            child=child,
            by=by,
            case_type=CaseType.REFERRAL_ORDER,
            team=team,
            start_date=timezone.localdate() - timedelta(days=20),
            allocated_to=worker,
        )

    north_case = open_case(team_north, team_manager, people["allocated"])
    open_case(team_south, people["south_manager"], people["south"])
    return ask(child, north_case, people["requester"])


def test_supplied_information_tells_those_who_may_read_the_request(client, asked, people, police_officer):
    supply(asked, police_officer, supplied=SUPPLIED)
    notifications = {
        n.recipient.username: n for n in Notification.objects.filter(kind=NotificationKind.POLICE_INFORMATION)
    }
    assert sorted(notifications) == ["allocated", "requester"]  # not South's worker, nor the police officer
    for notification in notifications.values():
        assert notification.subject == "Police information supplied about a child you work with"
        assert notification.link == reverse("intelligence:request_detail", args=[asked.pk])
        text = notification.subject + notification.body
        assert "theft" not in text and "Sol" not in text and "Supplied " not in text
        client.force_login(notification.recipient)
        assert client.get(notification.link).status_code == 200


def test_an_addendum_is_told_too_and_a_refused_supply_tells_no_one(asked, people, police_officer):
    from django.core.exceptions import ValidationError

    from intelligence import services

    with pytest.raises(ValidationError):
        supply(asked, police_officer, systems=[])
    assert not Notification.objects.exists()
    supplied = supply(asked, police_officer, supplied=SUPPLIED)
    services.addendum_add(request=supplied, by=police_officer, text="Also seen in Leeds on 4 May")
    subjects = Notification.objects.filter(recipient=people["requester"]).values_list("subject", flat=True)
    assert sorted(subjects) == [
        "Police information corrected or added to about a child you work with",
        "Police information supplied about a child you work with",
    ]
