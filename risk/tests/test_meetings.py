"""The rules of the risk and vulnerability meeting (DESIGN.md §9), enforced by its services, and what
its selectors show whom. Data is built through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from cases import selectors as case_selectors
from cases import services as case_services
from cases.models import CaseStatus
from risk.models import Action, Attendee, Hearing, Meeting, Referral, ReferralStatus
from risk.selectors import meetings as selectors
from risk.services import meetings as services
from yjs.models import AuditAction, AuditEvent
from yjs.working_days import working_days_between

from .factories_meetings import DECISION, meetings_decide, meetings_meeting, meetings_referral
from .fixtures_meetings import *  # noqa: F403 (the fixtures)

pytestmark = pytest.mark.django_db


def audited(obj, action: str) -> int:
    return AuditEvent.objects.filter(
        action=action, content_type__model=obj._meta.model_name, object_id=str(obj.pk)
    ).count()


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Meetings and attendees --------------------------------------------------------------------------------


def test_a_manager_of_the_team_arranges_its_meeting(team_north, team_manager, case_worker, today):
    meeting = services.meeting_create(team=team_north, by=team_manager, held_on=today, chair=case_worker, notes=" ")
    assert (meeting.team, meeting.chair, meeting.recorded_by, meeting.notes) == (
        team_north,
        case_worker,
        team_manager,
        "",
    )
    assert audited(meeting, AuditAction.CREATE) == 1


@pytest.mark.parametrize("who", ["case_worker", "manager_south", "head", "police_officer"])
def test_only_a_manager_of_the_team_arranges_its_meeting(request, who, team_north, team_manager, today):
    with pytest.raises(PermissionDenied):
        services.meeting_create(team=team_north, by=request.getfixturevalue(who), held_on=today, chair=team_manager)
    assert not Meeting.objects.exists()


def test_the_chair_is_a_member_of_the_team(team_north, team_manager, manager_south, today):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(team=team_north, by=team_manager, held_on=today, chair=manager_south)
    assert errors_of(excinfo) == {"chair": ["Select a member of the North team to chair the meeting"]}


def test_attendees_have_a_name_and_an_agency(meeting, team_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.attendee_add(meeting=meeting, by=team_manager, name=" ", agency="")
    assert errors_of(excinfo) == {"name": ["Enter the attendee's name"], "agency": ["Enter the attendee's agency"]}
    attendee = services.attendee_add(meeting=meeting, by=team_manager, name=" Dr Lee ", agency="Health", role="Nurse")
    assert (attendee.name, attendee.agency, attendee.role) == ("Dr Lee", "Health", "Nurse")
    services.attendee_remove(attendee=attendee, by=team_manager)
    assert not Attendee.objects.exists()
    assert audited(meeting, AuditAction.UPDATE) == 2


def test_only_the_team_managers_record_attendees(meeting, case_worker):
    with pytest.raises(PermissionDenied):
        services.attendee_add(meeting=meeting, by=case_worker, name="Dr Lee", agency="Health")


# --- Hearing cases --------------------------------------------------------------------------------------


def test_a_hearing_takes_the_cases_awaiting_referrals(meeting, team_manager, case, referral):
    heard_before = meetings_referral(case, status=ReferralStatus.HEARD)
    declined = meetings_referral(case, status=ReferralStatus.DECLINED, declined_by=team_manager)
    manual = meetings_referral(case, automatic=False)
    hearing = services.hearing_add(meeting=meeting, by=team_manager, case=case)
    assert set(hearing.referrals.all()) == {referral, manual}
    assert heard_before not in hearing.referrals.all() and declined not in hearing.referrals.all()
    assert audited(hearing, AuditAction.CREATE) == 1


def test_a_case_is_heard_once_per_meeting(hearing, meeting, team_manager, case):
    with pytest.raises(ValidationError) as excinfo:
        services.hearing_add(meeting=meeting, by=team_manager, case=case)
    assert errors_of(excinfo) == {"case": ["This case is already on the meeting's agenda"]}
    assert Hearing.objects.count() == 1


def test_a_hearing_is_of_an_open_case_of_the_meetings_team(meeting, team_manager, south_case, case):
    with pytest.raises(ValidationError) as excinfo:
        services.hearing_add(meeting=meeting, by=team_manager, case=south_case)
    assert errors_of(excinfo) == {"case": ["Select a case of the North team"]}
    case_services.case_close(case=case, by=team_manager, end_date=timezone.localdate(), reason="Order completed")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    with pytest.raises(ValidationError) as excinfo:
        services.hearing_add(meeting=meeting, by=team_manager, case=case)
    assert errors_of(excinfo) == {"case": ["Select an open case: this case is closed"]}


def test_only_the_team_managers_put_cases_on_the_agenda(meeting, case_worker, case):
    with pytest.raises(PermissionDenied):
        services.hearing_add(meeting=meeting, by=case_worker, case=case)


# --- Decisions -------------------------------------------------------------------------------------------


def test_a_decision_needs_no_quorum_and_records_who_decided(hearing, team_manager):
    assert not hearing.meeting.attendees.exists()
    before = timezone.now()
    decided = meetings_decide(hearing, by=team_manager)
    decided.refresh_from_db()
    assert decided.is_decided and decided.decided_by == team_manager and decided.decided_at >= before
    assert (decided.risk_of_serious_harm, decided.safety_and_wellbeing) == ("high", "medium")
    assert decided.decision == DECISION["decision"]
    assert audited(decided, AuditAction.UPDATE) == 1


@pytest.mark.parametrize(
    ("harm", "safety"), [("high", "low"), ("very_high", "low"), ("low", "high"), ("medium", "very_high")]
)
def test_a_high_level_needs_external_controls_and_contingency(hearing, team_manager, harm, safety):
    with pytest.raises(ValidationError) as excinfo:
        meetings_decide(
            hearing,
            by=team_manager,
            risk_of_serious_harm=harm,
            safety_and_wellbeing=safety,
            external_controls=" ",
            contingency="",
        )
    reason = "as risk of serious harm or safety and wellbeing is high or very high"
    assert errors_of(excinfo) == {
        "external_controls": [f"Enter the external controls, {reason}"],
        "contingency": [f"Enter the contingency plan, {reason}"],
    }
    hearing.refresh_from_db()
    assert not hearing.is_decided


def test_lower_levels_need_no_external_controls(hearing, team_manager):
    decided = meetings_decide(
        hearing,
        by=team_manager,
        risk_of_serious_harm="medium",
        safety_and_wellbeing="low",
        external_controls="",
        contingency="",
    )
    assert decided.is_decided


def test_a_decision_names_the_levels_what_was_decided_and_the_next_review(hearing, team_manager):
    with pytest.raises(ValidationError) as excinfo:
        meetings_decide(
            hearing, by=team_manager, risk_of_serious_harm="", safety_and_wellbeing="extreme", decision=" ",
            next_review_on=None,
        )  # fmt: skip
    assert errors_of(excinfo) == {
        "risk_of_serious_harm": ["Select the agreed risk of serious harm"],
        "safety_and_wellbeing": ["Select the agreed safety and wellbeing level"],
        "decision": ["Enter what the meeting decided"],
        "next_review_on": ["Enter the date of the next review"],
    }


def test_the_next_review_is_not_before_the_meeting(hearing, team_manager):
    held_on = hearing.meeting.held_on
    with pytest.raises(ValidationError) as excinfo:
        meetings_decide(hearing, by=team_manager, next_review_on=held_on - datetime.timedelta(days=1))
    assert errors_of(excinfo) == {
        "next_review_on": ["The date of the next review must be on or after the date of the meeting"]
    }
    assert meetings_decide(hearing, by=team_manager, next_review_on=held_on).next_review_on == held_on


def test_a_decision_is_recorded_once(hearing, team_manager):
    meetings_decide(hearing, by=team_manager)
    with pytest.raises(ValidationError, match="already recorded"):
        meetings_decide(hearing, by=team_manager, decision="Something else")
    hearing.refresh_from_db()
    assert hearing.decision == DECISION["decision"]


def test_no_decision_before_the_meeting_is_held(team_north, team_manager, case, today):
    meeting = meetings_meeting(team=team_north, by=team_manager, held_on=today + datetime.timedelta(days=2))
    hearing = services.hearing_add(meeting=meeting, by=team_manager, case=case)
    with pytest.raises(ValidationError, match="record its decisions on or after that day"):
        meetings_decide(hearing, by=team_manager)


@pytest.mark.parametrize("who", ["case_worker", "manager_south", "head"])
def test_only_the_team_managers_record_decisions(request, hearing, who):
    with pytest.raises(PermissionDenied):
        meetings_decide(hearing, by=request.getfixturevalue(who))


def test_a_decision_hears_the_cases_referrals(hearing, team_manager, case, referral, restricted_case):
    made_since = meetings_referral(case, reason="weapons")  # after the case went on the agenda
    declined = meetings_referral(case, status=ReferralStatus.DECLINED, declined_by=team_manager)
    other_case = meetings_referral(restricted_case)
    meetings_decide(hearing, by=team_manager)
    statuses = dict(Referral.objects.values_list("pk", "status"))
    assert statuses[referral.pk] == statuses[made_since.pk] == ReferralStatus.HEARD
    assert statuses[declined.pk] == ReferralStatus.DECLINED
    assert statuses[other_case.pk] == ReferralStatus.AWAITING
    assert set(hearing.referrals.all()) == {referral, made_since}
    assert audited(referral, AuditAction.UPDATE) == 1


def _plan(case, by):
    return case_services.plan_write(
        case=case,
        by=by,
        targets=[{"what": "Go to college", "who": "Jordan", "by_when": timezone.localdate(), "how_i_will_know": "In"}],
        risk_meeting_decisions="Earlier: keep at medium",
    )


def test_the_decision_goes_into_a_plan_not_yet_countersigned(hearing, team_manager, case, case_worker):
    plan = _plan(case, case_worker)
    meetings_decide(hearing, by=team_manager)
    plan.refresh_from_db()
    assert plan.risk_meeting_decisions.startswith("Earlier: keep at medium\n\nRisk and vulnerability meeting, ")
    assert DECISION["decision"] in plan.risk_meeting_decisions
    assert DECISION["external_controls"] in plan.risk_meeting_decisions
    assert audited(plan, AuditAction.UPDATE) == 1


def test_a_countersigned_plan_is_not_changed_the_decision_is_read_beside_it(hearing, team_manager, case, case_worker):
    plan = case_services.plan_countersign(plan=_plan(case, case_worker), by=team_manager)
    meetings_decide(hearing, by=team_manager)
    plan.refresh_from_db()
    assert plan.risk_meeting_decisions == "Earlier: keep at medium"
    assert list(selectors.case_risk_decisions(user=case_worker, case=case)) == [hearing]


def test_case_risk_decisions_are_the_decided_hearings_newest_first(team_north, team_manager, case, case_worker, today):
    older = meetings_meeting(team=team_north, by=team_manager, held_on=today - datetime.timedelta(days=30))
    undecided = meetings_meeting(team=team_north, by=team_manager)
    first = meetings_decide(services.hearing_add(meeting=older, by=team_manager, case=case), by=team_manager)
    services.hearing_add(meeting=undecided, by=team_manager, case=case)
    newest = meetings_meeting(team=team_north, by=team_manager, held_on=today - datetime.timedelta(days=1))
    second = meetings_decide(services.hearing_add(meeting=newest, by=team_manager, case=case), by=team_manager)
    assert list(selectors.case_risk_decisions(user=case_worker, case=case)) == [second, first]


def test_case_risk_decisions_follow_the_case_permissions(restricted_hearing, team_manager, case_worker, police_officer):
    meetings_decide(restricted_hearing, by=team_manager)
    case = restricted_hearing.case
    assert list(selectors.case_risk_decisions(user=team_manager, case=case)) == [restricted_hearing]
    assert not selectors.case_risk_decisions(user=case_worker, case=case).exists()
    assert not selectors.case_risk_decisions(user=police_officer, case=case).exists()


# --- Actions ------------------------------------------------------------------------------------------


def test_an_action_is_owned_by_a_member_of_the_team_or_a_partner_agency(hearing, team_manager, case_worker, today):
    mine = services.action_add(
        hearing=hearing, by=team_manager, description="Home visit", due_on=today, owner=case_worker
    )
    theirs = services.action_add(
        hearing=hearing, by=team_manager, description="Check the address", due_on=today, owner_agency=" Police "
    )
    assert (mine.owner, mine.owner_agency, mine.case, mine.recorded_by) == (case_worker, "", hearing.case, team_manager)
    assert (theirs.owner, theirs.owner_agency) == (None, "Police")
    assert audited(mine, AuditAction.CREATE) == 1


def test_an_action_has_one_owner(hearing, team_manager, case_worker, today):
    add = {"hearing": hearing, "by": team_manager, "description": "Home visit", "due_on": today}
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(**add, owner=case_worker, owner_agency="Police")
    assert errors_of(excinfo) == {"owner": ["Select a person or name a partner agency, not both"]}
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(**add)
    assert errors_of(excinfo) == {"owner": ["Select who will do it, or name the partner agency"]}


def test_an_owner_is_of_the_team_and_sees_the_case(
    hearing, restricted_hearing, team_manager, case_worker, case_worker_south, today
):
    add = {"by": team_manager, "description": "Home visit", "due_on": today}
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(hearing=hearing, owner=case_worker_south, **add)
    assert errors_of(excinfo) == {"owner": ["Select a member of the North team who can see this case"]}
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(hearing=restricted_hearing, owner=case_worker, **add)  # not allocated to them
    assert errors_of(excinfo) == {"owner": ["Select a member of the North team who can see this case"]}
    assert not Action.objects.exists()


def test_an_action_says_what_and_is_due_from_the_meeting_on(hearing, team_manager, today):
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(
            hearing=hearing, by=team_manager, description=" ", due_on=today - datetime.timedelta(days=1),
            owner_agency="Health",
        )  # fmt: skip
    assert errors_of(excinfo) == {
        "description": ["Enter what needs to be done"],
        "due_on": ["The due date must be on or after the date of the meeting"],
    }
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(hearing=hearing, by=team_manager, description="Visit", due_on=None, owner_agency="Health")
    assert errors_of(excinfo) == {"due_on": ["Enter the due date"]}


def test_only_the_team_managers_set_actions(hearing, case_worker, today):
    with pytest.raises(PermissionDenied):
        services.action_add(hearing=hearing, by=case_worker, description="Visit", due_on=today, owner=case_worker)


def test_the_owner_marks_their_action_done(hearing, team_manager, case_worker, other_case_worker, today):
    action = services.action_add(hearing=hearing, by=team_manager, description="Visit", due_on=today, owner=case_worker)
    with pytest.raises(PermissionDenied):
        services.action_complete(action=action, by=other_case_worker)
    done = services.action_complete(action=action, by=case_worker)
    assert (done.done_on, done.done_by) == (today, case_worker)
    assert audited(done, AuditAction.UPDATE) == 1
    with pytest.raises(ValidationError, match="already marked as done"):
        services.action_complete(action=action, by=case_worker)


def test_a_manager_of_the_team_marks_a_partner_agencys_action_done(hearing, team_manager, case_worker, today):
    action = services.action_add(
        hearing=hearing, by=team_manager, description="Check", due_on=today, owner_agency="Police"
    )
    with pytest.raises(PermissionDenied):
        services.action_complete(action=action, by=case_worker)
    assert services.action_complete(action=action, by=team_manager).done_by == team_manager


def test_an_action_is_not_done_in_the_future_nor_before_the_meeting(hearing, team_manager, today):
    action = services.action_add(
        hearing=hearing, by=team_manager, description="Check", due_on=today, owner_agency="Police"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.action_complete(action=action, by=team_manager, done_on=today + datetime.timedelta(days=1))
    assert errors_of(excinfo) == {"done_on": ["The date it was done must be today or in the past"]}
    with pytest.raises(ValidationError) as excinfo:
        services.action_complete(action=action, by=team_manager, done_on=today - datetime.timedelta(days=1))
    assert errors_of(excinfo) == {"done_on": ["The date it was done must be on or after the date of the meeting"]}
    action.refresh_from_db()
    assert action.done_on is None


def test_an_action_is_overdue_the_day_after_it_is_due(hearing, team_manager, case_worker, today):
    due = today + datetime.timedelta(days=3)
    action = services.action_add(hearing=hearing, by=team_manager, description="Visit", due_on=due, owner=case_worker)
    services.action_add(hearing=hearing, by=team_manager, description="Later", due_on=due + datetime.timedelta(10),
                        owner=case_worker)  # fmt: skip
    assert not selectors.overdue_actions(user=team_manager, today=due).exists()
    assert list(selectors.overdue_actions(user=team_manager, today=due + datetime.timedelta(days=1))) == [action]
    assert selectors.is_overdue(action, due + datetime.timedelta(days=1)) and not selectors.is_overdue(action, due)
    services.action_complete(action=action, by=case_worker)
    assert not selectors.overdue_actions(user=team_manager, today=due + datetime.timedelta(days=1)).exists()


def test_overdue_actions_follow_the_case_permissions(restricted_hearing, hearing, team_manager, case_worker, today):
    services.action_add(
        hearing=restricted_hearing, by=team_manager, description="Secret", due_on=today, owner_agency="Police"
    )
    later = today + datetime.timedelta(days=1)
    assert selectors.overdue_actions(user=team_manager, today=later).count() == 1
    assert not selectors.overdue_actions(user=case_worker, today=later).exists()


# --- Referrals waiting too long ------------------------------------------------------------------------


def _referred_on(case, day: datetime.date, **fields) -> Referral:
    late_evening = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30)))
    return meetings_referral(case, referred_at=late_evening, **fields)


@override_settings(RISK_MEETING_WITHIN_WORKING_DAYS=2)
def test_a_referral_waits_too_long_after_the_set_number_of_working_days(case, team_manager):
    monday = datetime.date(2026, 11, 2)
    referral = _referred_on(case, monday)
    waiting = lambda today: list(selectors.referrals_waiting_too_long(user=team_manager, today=today))  # noqa: E731
    assert waiting(monday + datetime.timedelta(days=2)) == []  # Wednesday: 2 working days
    assert waiting(monday + datetime.timedelta(days=3)) == [referral]  # Thursday: 3
    friday = _referred_on(case, datetime.date(2026, 11, 6))
    assert friday not in waiting(datetime.date(2026, 11, 10))  # Monday and Tuesday: 2
    assert friday in waiting(datetime.date(2026, 11, 11))


@override_settings(RISK_MEETING_WITHIN_WORKING_DAYS=3)
def test_waiting_too_long_counts_working_days_as_yjs_working_days_does(case, team_manager):
    """Across Christmas and New Year's bank holidays, every referral day against every day it is read."""
    first = datetime.date(2026, 12, 18)
    days = [first + datetime.timedelta(days=k) for k in range(21)]
    referrals = {_referred_on(case, day).pk: day for day in days}
    for today in days:
        shown = set(selectors.referrals_waiting_too_long(user=team_manager, today=today).values_list("pk", flat=True))
        expected = {pk for pk, day in referrals.items() if working_days_between(day, today) > 3}
        assert shown == expected, today


def test_only_referrals_still_awaiting_wait_too_long(case, team_manager, restricted_case, case_worker):
    long_ago = timezone.localdate() - datetime.timedelta(days=60)
    awaiting = _referred_on(case, long_ago)
    _referred_on(case, long_ago, status=ReferralStatus.HEARD)
    _referred_on(case, long_ago, status=ReferralStatus.DECLINED, declined_by=team_manager)
    hidden = _referred_on(restricted_case, long_ago)
    today = timezone.localdate()
    assert set(selectors.referrals_waiting_too_long(user=team_manager, today=today)) == {awaiting, hidden}
    assert list(selectors.referrals_waiting_too_long(user=case_worker, today=today)) == [awaiting]


# --- Who sees which meeting, and which of its hearings -------------------------------------------------


def test_a_meeting_shows_each_user_only_the_hearings_of_cases_they_may_see(
    hearing, restricted_hearing, meeting, team_manager, case_worker, victim_worker, head
):
    def shown(user):
        return set(selectors.meeting_get(user=user, meeting_id=meeting.pk).visible_hearings)

    assert shown(team_manager) == shown(head) == {hearing, restricted_hearing}
    assert shown(case_worker) == shown(victim_worker) == {hearing}  # the victim worker: the case with a victim


def test_another_teams_meeting_is_not_found(meeting, case_worker_south, manager_south, police_officer, board_member):
    for user in (case_worker_south, manager_south, police_officer, board_member):
        with pytest.raises(Http404):
            selectors.meeting_get(user=user, meeting_id=meeting.pk)
        assert not selectors.meeting_list(user=user).exists()


def test_a_meeting_that_heard_a_case_shared_with_a_user_is_theirs_to_see(hearing, meeting, case_worker_south):
    from guardian.shortcuts import assign_perm

    assign_perm("cases.view_case", case_worker_south, hearing.case)
    meeting = selectors.meeting_get(user=case_worker_south, meeting_id=meeting.pk)
    assert meeting.visible_hearings == [hearing]


def test_action_and_referral_lists_follow_the_case_permissions(
    hearing, restricted_hearing, team_manager, case_worker, police_officer, today
):
    visible = services.action_add(
        hearing=hearing, by=team_manager, description="A", due_on=today, owner_agency="Police"
    )
    services.action_add(
        hearing=restricted_hearing, by=team_manager, description="B", due_on=today, owner_agency="Police"
    )
    assert list(selectors.action_list(user=case_worker)) == [visible]
    assert selectors.action_list(user=team_manager).count() == 2
    assert not selectors.action_list(user=police_officer).exists()
    assert set(selectors.referral_list(user=case_worker)) == set(hearing.referrals.all())
    assert selectors.referral_list(user=team_manager).count() == 2
    assert not selectors.referral_list(user=police_officer).exists()


# --- The child's timeline -----------------------------------------------------------------------------


def test_the_timeline_shows_referrals_decisions_and_actions(hearing, team_manager, case_worker, case, today):
    meetings_referral(case, reason="manual", automatic=False, status=ReferralStatus.DECLINED, declined_by=team_manager,
                      referred_by=case_worker)  # fmt: skip
    meetings_decide(hearing, by=team_manager)
    action = services.action_add(hearing=hearing, by=team_manager, description="Visit", due_on=today, owner=case_worker)
    services.action_complete(action=action, by=case_worker)
    events = [
        event for event in case_selectors.child_timeline(user=case_worker, child=case.child) if event.kind == "risk"
    ]
    titles = {event.title for event in events}
    assert (
        "Referred by rule to the risk and vulnerability meeting: Risk of serious harm rated high or very high" in titles
    )
    assert "Referred to the risk and vulnerability meeting: Referred by a worker or manager" in titles
    assert "Referral to the risk and vulnerability meeting declined" in titles
    assert any(title.startswith("Risk and vulnerability meeting decision") for title in titles)
    assert {"Risk meeting action set", "Risk meeting action done"} <= titles
    decision = next(event for event in events if event.title.startswith("Risk and vulnerability meeting decision"))
    assert "Risk of serious harm high" in decision.detail and decision.by == str(team_manager)
    assert all(event.audit_object is None for event in events)  # not a restricted case


def test_the_timeline_of_a_restricted_case_is_audited_and_hidden_from_others(
    restricted_hearing, team_manager, case_worker, police_officer
):
    meetings_decide(restricted_hearing, by=team_manager)
    case = restricted_hearing.case
    events = selectors.timeline_events(user=team_manager, child=case.child)
    assert events and all(event.audit_object == case for event in events)
    assert case_services.timeline_view_record(events=events, user=team_manager) == 1
    assert selectors.timeline_events(user=case_worker, child=case.child) == []
    assert selectors.timeline_events(user=police_officer, child=case.child) == []


def test_a_second_case_of_the_same_child_is_on_its_timeline(team_north, team_manager, case, today):
    second = case_services.case_open(
        child=case.child, by=team_manager, case_type="prevention", team=team_north, start_date=today
    )
    meetings_referral(second)
    assert len(selectors.timeline_events(user=team_manager, child=case.child)) == 1
