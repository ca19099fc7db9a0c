"""Follow-ups of police outcomes given to children not known to the YJS (DESIGN.md §11, issue 20):
opened with a police-only decision for a child with no case, told to the team, recorded once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseType
from cases.selectors import child_timeline
from cases.tests.factories import CaseFactory, ChildFactory
from oocd import personal_data, selectors, services
from oocd.models import FollowUp, FollowUpOutcome
from oocd.services_follow_ups import follow_up_outcome_record
from oocd.tests.factories import FollowUpFactory, client_for, outcome
from yjs.database import connected_as_owner
from yjs.models import Notification, NotificationKind
from yjs.personal_data import REMOVED
from yjs.roles import Role
from yjs.tests.factories import UserFactory
from yjs.working_days import add_working_days

pytestmark = pytest.mark.django_db


def police_caution(*, child, by, team, code: str = "youth_caution"):
    given = outcome(code)
    return services.police_only_decision_record(
        child=child,
        by=by,
        team=team,
        referring_officer="Custody record WYP/1",
        gravity_score=given.gravity_score,
        admitted=True,
        offences=[{"offence_date": timezone.localdate(), "description": "Theft from a shop"}],
        outcome=given,
        rationale="Given by the police in custody.",
        decided_on=timezone.localdate(),
    )


@pytest.fixture
def follow_up(police_officer, team_north) -> FollowUp:
    child = ChildFactory(surname="Stranger", forenames="Sam", known_to_yjs=False)
    return police_caution(child=child, by=police_officer, team=team_north).follow_up


@pytest.fixture
def south_manager(team_south):
    return UserFactory(username="south-manager", roles=[Role.TEAM_MANAGER], teams=[team_south])


@pytest.fixture
def head():
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE])


# --- Opening ------------------------------------------------------------------------------------


def test_a_child_with_no_case_gets_a_follow_up_due_in_working_days_and_the_team_is_told(
    settings, police_officer, team_north, team_manager, case_worker, south_manager
):
    settings.OOCD_FOLLOW_UP_WORKING_DAYS = 3
    child = ChildFactory(surname="Stranger", forenames="Sam", known_to_yjs=False)
    decision = police_caution(child=child, by=police_officer, team=team_north, code="community_resolution")
    follow_up = decision.follow_up
    assert follow_up.team == team_north
    assert follow_up.due_on == add_working_days(timezone.localdate(), 3)
    assert follow_up.is_open and follow_up.outcome_recorded_at is None
    told = Notification.objects.filter(kind=NotificationKind.POLICE_OUTCOME_FOLLOW_UP)
    assert set(told.values_list("recipient", flat=True)) == {team_manager.pk, police_officer.pk}
    notice = told.first()
    assert "Sam Stranger" in notice.subject and "not known" in notice.subject
    assert notice.link == reverse("oocd:follow_up_outcome", args=[follow_up.pk])


def test_a_child_known_to_the_yjs_gets_no_follow_up(police_officer, team_north):
    child = ChildFactory()
    CaseFactory(child=child, team=team_north, case_type=CaseType.PREVENTION)
    decision = police_caution(child=child, by=police_officer, team=team_north)
    assert not FollowUp.objects.filter(decision=decision).exists()
    assert not Notification.objects.exists()


# --- Recording its outcome ----------------------------------------------------------------------


def test_the_outcome_is_required_and_no_offer_needs_a_reason(follow_up, team_manager):
    with pytest.raises(ValidationError) as missing:
        follow_up_outcome_record(follow_up=follow_up, by=team_manager, outcome="")
    assert missing.value.message_dict == {"outcome": ["Select the outcome of the follow-up"]}
    with pytest.raises(ValidationError) as unexplained:
        follow_up_outcome_record(follow_up=follow_up, by=team_manager, outcome=FollowUpOutcome.NOT_NEEDED, note=" ")
    assert unexplained.value.message_dict == {"note": ["Enter why no offer of support is needed"]}
    follow_up.refresh_from_db()
    assert follow_up.is_open

    follow_up_outcome_record(
        follow_up=follow_up, by=team_manager, outcome=FollowUpOutcome.NOT_NEEDED, note=" Moved out of the area "
    )
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.outcome_note) == ("not_needed", "Moved out of the area")
    assert follow_up.outcome_recorded_by == team_manager and follow_up.outcome_recorded_at is not None


def test_the_outcome_is_recorded_once(follow_up, police_officer):
    follow_up_outcome_record(follow_up=follow_up, by=police_officer, outcome=FollowUpOutcome.SUPPORT_ACCEPTED)
    with pytest.raises(ValidationError) as again:
        follow_up_outcome_record(follow_up=follow_up, by=police_officer, outcome=FollowUpOutcome.SUPPORT_DECLINED)
    assert "already been recorded" in again.value.message_dict["outcome"][0]
    follow_up.refresh_from_db()
    assert follow_up.outcome == FollowUpOutcome.SUPPORT_ACCEPTED


def test_who_may_see_and_record_a_follow_up(follow_up, police_officer, team_manager, case_worker, south_manager, head):
    board = UserFactory(username="board", roles=[Role.BOARD_MEMBER])
    for reader in (police_officer, team_manager, case_worker, head):
        assert list(selectors.follow_ups_open_for(reader)) == [follow_up], reader
    for outsider in (south_manager, board):
        assert list(selectors.follow_ups_open_for(outsider)) == [], outsider
    for refused in (head, south_manager, board):
        with pytest.raises(PermissionDenied):
            follow_up_outcome_record(follow_up=follow_up, by=refused, outcome=FollowUpOutcome.SUPPORT_OFFERED)
    # The team's case worker makes the offer, and may record it.
    follow_up_outcome_record(follow_up=follow_up, by=case_worker, outcome=FollowUpOutcome.SUPPORT_OFFERED)


def test_open_follow_ups_are_the_users_earliest_due_first(police_officer, team_north, team_south, team_manager):
    today = timezone.localdate()
    later = FollowUpFactory(due_on=today + datetime.timedelta(days=9), team=team_north)
    sooner = FollowUpFactory(due_on=today - datetime.timedelta(days=1), team=team_north)
    FollowUpFactory(due_on=today, team=team_north, outcome="support_offered", outcome_recorded_at=timezone.now())
    south = FollowUpFactory(due_on=today + datetime.timedelta(days=1), team=team_south)
    assert list(selectors.follow_ups_open_for(police_officer)) == [sooner, south, later]
    assert list(selectors.follow_ups_open_for(team_manager)) == [sooner, later]


# --- The API ------------------------------------------------------------------------------------


def test_the_api_lists_open_follow_ups_and_records_an_outcome(follow_up, police_officer, team_manager):
    api = client_for(team_manager)
    listed = api.get("/api/v1/oocd/follow-ups/", {"open": "true"}).json()["results"]
    shown = [(row["id"], row["open"], row["police_outcome"]) for row in listed]
    assert shown == [(follow_up.pk, True, "youth_caution")]
    assert listed[0]["child_name"] == "Sam Stranger"

    path = f"/api/v1/oocd/follow-ups/{follow_up.pk}/outcome/"
    refused = api.post(path, {"outcome": "not_needed"}, format="json")
    assert refused.status_code == 400
    assert "note" in refused.json(), refused.json()
    assert api.post(path, {"outcome": "maybe"}, format="json").status_code == 400
    done = api.post(path, {"outcome": "support_declined", "note": "Parent declined"}, format="json")
    assert done.status_code == 200
    assert (done.json()["outcome"], done.json()["open"], done.json()["outcome_recorded_by"]) == (
        "support_declined",
        False,
        team_manager.pk,
    )
    assert api.get("/api/v1/oocd/follow-ups/", {"open": "true"}).json()["results"] == []
    assert [row["id"] for row in api.get("/api/v1/oocd/follow-ups/", {"open": "false"}).json()["results"]] == [
        follow_up.pk
    ]
    assert api.get(f"/api/v1/oocd/follow-ups/{follow_up.pk}/").json()["outcome_note"] == "Parent declined"


def test_another_teams_follow_up_is_not_found(follow_up, south_manager):
    api = client_for(south_manager)
    assert api.get(f"/api/v1/oocd/follow-ups/{follow_up.pk}/").status_code == 404
    outcome_path = f"/api/v1/oocd/follow-ups/{follow_up.pk}/outcome/"
    assert api.post(outcome_path, {"outcome": "support_offered"}, format="json").status_code == 404


# --- The pages ----------------------------------------------------------------------------------


def test_the_page_lists_open_follow_ups_and_the_form_records_one(client, follow_up, police_officer):
    client.force_login(police_officer)
    listed = client.get(reverse("oocd:follow_up_list"))
    assert listed.status_code == 200
    outcome_url = reverse("oocd:follow_up_outcome", args=[follow_up.pk])
    assert "Sam Stranger" in listed.text and outcome_url in listed.text

    empty = client.post(outcome_url, {})
    assert empty.status_code == 200 and "Select the outcome of the follow-up" in empty.text
    unexplained = client.post(outcome_url, {"outcome": "not_needed"})
    assert "Enter why no offer of support is needed" in unexplained.text
    done = client.post(outcome_url, {"outcome": "already_supported", "note": "Open to early help"})
    assert done.status_code == 302 and done.url == reverse("oocd:follow_up_list")
    follow_up.refresh_from_db()
    assert follow_up.outcome == "already_supported"
    assert outcome_url not in client.get(reverse("oocd:follow_up_list")).text


def test_the_pages_refuse_who_may_not_use_them(client, follow_up, head):
    client.force_login(head)
    assert client.get(reverse("oocd:follow_up_list")).status_code == 200
    assert client.get(reverse("oocd:follow_up_outcome", args=[follow_up.pk])).status_code == 403
    client.force_login(UserFactory(username="board", roles=[Role.BOARD_MEMBER]))
    assert client.get(reverse("oocd:follow_up_list")).status_code == 403


# --- The child's timeline and personal data -------------------------------------------------------


def test_the_childs_timeline_shows_the_follow_up_and_its_outcome(follow_up, police_officer):
    follow_up_outcome_record(follow_up=follow_up, by=police_officer, outcome="support_accepted")
    child = follow_up.decision.referral.child
    titles = [event.title for event in child_timeline(user=police_officer, child=child)]
    assert "Follow-up opened: consider an offer of voluntary support" in titles
    assert "Follow-up: Voluntary support offered and accepted" in titles


@pytest.mark.django_db(transaction=True)
def test_anonymising_the_child_removes_the_note_and_keeps_the_outcome(follow_up, police_officer):
    follow_up_outcome_record(follow_up=follow_up, by=police_officer, outcome="not_needed", note="Lives with an aunt")
    # Retention rewrites evidence the application's role may not change: it runs as the database's owner.
    with connected_as_owner(), transaction.atomic():
        personal_data.anonymise(follow_up.decision.referral.child, timezone.localdate())
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.outcome_note) == ("not_needed", REMOVED)


def test_the_decision_shows_its_follow_up(client, follow_up, team_manager, head):
    decision_url = reverse("oocd:decision_detail", args=[follow_up.decision_id])
    outcome_url = reverse("oocd:follow_up_outcome", args=[follow_up.pk])
    client.force_login(team_manager)
    assert outcome_url in client.get(decision_url).text
    client.force_login(head)  # reads it, may not record it
    shown = client.get(decision_url).text
    assert "consider an offer of voluntary support" in shown and outcome_url not in shown
    follow_up_outcome_record(follow_up=follow_up, by=team_manager, outcome="support_declined", note="Not now")
    assert "Voluntary support offered and declined" in client.get(decision_url).text
