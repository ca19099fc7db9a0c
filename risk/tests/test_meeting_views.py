"""The pages of the risk and vulnerability meeting: who sees what, each form's happy path and its
GOV.UK errors, another team's restricted case (404), CSRF, the case page's and the dashboard's risk
sections, and query counts that do not grow with rows. Data is made through the real services."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseType, Level
from risk.models import Action, Attendee, Hearing, Meeting, Referral, ReferralReason, ReferralStatus
from risk.services import meetings as meeting_services
from risk.services import referrals as referral_services
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


# --- Data, made as the service's users make it ----------------------------------------------------------


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def case_worker_south(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def victim_worker(team_north):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north])


def open_case(by, team, surname: str, *, restricted: bool = False, allocated_to=None):
    child = case_services.child_create(by=by, surname=surname, forenames="Jayden", date_of_birth=date(2010, 5, 17))
    return case_services.case_open(
        child=child,
        by=by,
        case_type=CaseType.REFERRAL_ORDER,
        team=team,
        start_date=TODAY - timedelta(days=20),
        allocated_to=allocated_to or by,
        restricted=restricted,
    )


def complete_assessment(case, by, *, harm: str = Level.HIGH):
    """Completing an assessment rated high refers the case by rule (risk.listeners)."""
    return case_services.assessment_record(
        assessment=case.assessments.get(),
        by=by,
        completed_date=TODAY,
        likelihood_of_reoffending=Level.MEDIUM,
        risk_of_serious_harm=harm,
        safety_and_wellbeing=Level.MEDIUM,
    )


@pytest.fixture
def case(case_worker, team_north):
    return open_case(case_worker, team_north, "Whitfield")


@pytest.fixture
def referred_case(case, case_worker):
    complete_assessment(case, case_worker)
    assert case.risk_referrals.get().reason == ReferralReason.ROSH
    return case


@pytest.fixture
def meeting(team_north, team_manager):
    return meeting_services.meeting_create(team=team_north, by=team_manager, held_on=TODAY, chair=team_manager)


@pytest.fixture
def hearing(meeting, referred_case, team_manager):
    return meeting_services.hearing_add(meeting=meeting, by=team_manager, case=referred_case)


DECISION = {
    "risk_of_serious_harm": Level.HIGH,
    "safety_and_wellbeing": Level.MEDIUM,
    "external_controls": "Curfew 7pm to 7am; exclusion zone around the school",
    "contingency": "Police to be told at once if he breaches the curfew",
    "decision": "Stays under the meeting's oversight; review in four weeks",
}


@pytest.fixture
def decided(hearing, team_manager):
    return meeting_services.hearing_decide(
        hearing=hearing, by=team_manager, next_review_on=TODAY + timedelta(days=28), **DECISION
    )


@pytest.fixture
def action(decided, team_manager, case_worker):
    return meeting_services.action_add(
        hearing=decided,
        by=team_manager,
        description="Visit the family with the social worker",
        due_on=TODAY + timedelta(days=7),
        owner=case_worker,
    )


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def html_of(response) -> str:
    return response.content.decode()


def error_summary(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    html = html_of(response)
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    assert "<title>Error: " in html
    return [unescape(text) for text in re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group(0))]


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


# --- The list of meetings and arranging one -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("case_worker", 200), ("team_manager", 200), ("head_of_service", 200), ("police_officer", 403),
     ("victim_worker", 200), ("board_member", 403)],
)  # fmt: skip
def test_the_meetings_page_is_for_case_workers_managers_and_the_head(client, request, meeting, who, status):
    response = signed_in(client, request.getfixturevalue(who)).get(reverse("risk:meeting_list"))
    assert response.status_code == status
    if status == 200:
        assert reverse("risk:meeting_detail", args=[meeting.pk]) in html_of(response)
        assert ("Arrange a meeting" in html_of(response)) is (who == "team_manager")


def test_signed_out_users_are_sent_to_sign_in(client, meeting):
    response = client.get(reverse("risk:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_teams_case_worker_does_not_see_the_meeting(client, meeting, case_worker_south):
    client = signed_in(client, case_worker_south)
    assert reverse("risk:meeting_detail", args=[meeting.pk]) not in html_of(client.get(reverse("risk:meeting_list")))
    assert client.get(reverse("risk:meeting_detail", args=[meeting.pk])).status_code == 404


def test_a_manager_arranges_a_meeting(client, team_manager, team_north):
    client = signed_in(client, team_manager)
    assert client.get(reverse("risk:meeting_new")).status_code == 200
    day = TODAY + timedelta(days=3)
    response = client.post(reverse("risk:meeting_new"), {"chair": team_manager.pk, **date_fields("held_on", day)})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("risk:meeting_detail", args=[meeting.pk])
    assert (meeting.team, meeting.held_on, meeting.chair) == (team_north, day, team_manager)


def test_arranging_a_meeting_needs_its_date(client, team_manager):
    response = signed_in(client, team_manager).post(reverse("risk:meeting_new"), {"chair": team_manager.pk})
    assert error_summary(response) == ["Enter the date of the meeting"]
    assert not Meeting.objects.exists()


def test_only_a_manager_arranges_a_meeting(client, case_worker):
    assert signed_in(client, case_worker).get(reverse("risk:meeting_new")).status_code == 403


# --- The meeting's page: attendees, agenda, decisions, actions --------------------------------------------------


def test_the_meeting_page_shows_the_agenda_as_a_task_list(client, team_manager, hearing, decided, meeting, team_north):
    other = open_case(team_manager, team_north, "Okafor")
    meeting_services.hearing_add(meeting=meeting, by=team_manager, case=other)
    html = html_of(signed_in(client, team_manager).get(reverse("risk:meeting_detail", args=[meeting.pk])))
    assert 'class="govuk-task-list"' in html
    assert "Decision recorded" in html and "Not started" in html
    assert "Risk of serious harm rated high or very high" in html
    assert DECISION["contingency"] in html
    assert reverse("risk:hearing_decide", args=[meeting.pk, other.risk_hearings.get().pk]) in html
    assert f"/risk/meetings/{meeting.pk}/minutes.pdf" in html
    assert "Add attendee" in html and "Add a case to the agenda" in html


def test_a_case_worker_reads_the_meeting_without_its_forms(client, case_worker, hearing, meeting):
    response = signed_in(client, case_worker).get(reverse("risk:meeting_detail", args=[meeting.pk]))
    html = html_of(response)
    assert response.status_code == 200 and "Whitfield" in html
    assert "Add attendee" not in html and "Add a case to the agenda" not in html
    assert reverse("risk:hearing_decide", args=[meeting.pk, hearing.pk]) not in html


def test_a_restricted_case_on_the_agenda_is_hidden_from_those_who_may_not_see_it(
    client, team_manager, case_worker, meeting, team_north
):
    someone = UserFactory(roles=[Role.CASE_WORKER], teams=[team_north])
    hidden = open_case(team_manager, team_north, "Hidden", restricted=True, allocated_to=someone)
    meeting_services.hearing_add(meeting=meeting, by=team_manager, case=hidden)
    html = html_of(signed_in(client, case_worker).get(reverse("risk:meeting_detail", args=[meeting.pk])))
    assert "Hidden" not in html
    assert "There are no cases on the agenda that you can see" in html


def test_showing_a_restricted_case_on_the_agenda_is_audited(client, team_manager, meeting, team_north):
    hidden = open_case(team_manager, team_north, "Hidden", restricted=True)
    meeting_services.hearing_add(meeting=meeting, by=team_manager, case=hidden)
    signed_in(client, team_manager).get(reverse("risk:meeting_detail", args=[meeting.pk]))
    assert AuditEvent.objects.filter(
        actor=team_manager, action=AuditAction.VIEW_SENSITIVE, object_id=str(hidden.pk)
    ).exists()


def test_a_manager_adds_attendees(client, team_manager, meeting):
    url = reverse("risk:attendee_add", args=[meeting.pk])
    data = {"name": "Dr Ama Lee", "agency": "Health", "role": "Named nurse"}
    response = signed_in(client, team_manager).post(url, data)
    assert response.status_code == 302
    assert list(Attendee.objects.values_list("name", "agency", "role")) == [("Dr Ama Lee", "Health", "Named nurse")]


def test_an_attendee_needs_a_name_and_an_agency(client, team_manager, meeting):
    response = signed_in(client, team_manager).post(reverse("risk:attendee_add", args=[meeting.pk]), {})
    assert error_summary(response) == ["Enter the attendee's name", "Enter the attendee's agency"]
    assert 'class="govuk-task-list"' not in html_of(response)  # the meeting's page, with no agenda yet
    assert not Attendee.objects.exists()


def test_a_case_worker_may_not_add_attendees(client, case_worker, meeting):
    url = reverse("risk:attendee_add", args=[meeting.pk])
    assert signed_in(client, case_worker).post(url, {"name": "A", "agency": "B"}).status_code == 403


def test_the_agenda_offers_the_referred_cases_first(client, team_manager, referred_case, meeting, team_north):
    other = open_case(team_manager, team_north, "Okafor")
    html = html_of(signed_in(client, team_manager).get(reverse("risk:hearing_add", args=[meeting.pk])))
    referred = html.index('name="referred_case"')
    assert "Whitfield" in html[referred:] and "Risk of serious harm" in html
    assert f'<option value="{other.pk}">' in html


def test_a_manager_puts_a_referred_case_on_the_agenda(client, team_manager, referred_case, meeting):
    url = reverse("risk:hearing_add", args=[meeting.pk])
    response = signed_in(client, team_manager).post(url, {"referred_case": referred_case.pk})
    assert response.status_code == 302
    hearing = Hearing.objects.get(meeting=meeting)
    assert hearing.case == referred_case
    assert list(hearing.referrals.all()) == list(referred_case.risk_referrals.all())


def test_a_manager_puts_another_open_case_on_the_agenda(client, team_manager, meeting, team_north):
    other = open_case(team_manager, team_north, "Okafor")
    response = signed_in(client, team_manager).post(
        reverse("risk:hearing_add", args=[meeting.pk]), {"other_case": other.pk}
    )
    assert response.status_code == 302
    assert Hearing.objects.get(meeting=meeting).case == other


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Select a case to hear"), ({"referred_case": "999999"}, "Select a case from the list")],
)
def test_the_agenda_form_says_what_is_missing(client, team_manager, referred_case, meeting, data, message):
    response = signed_in(client, team_manager).post(reverse("risk:hearing_add", args=[meeting.pk]), data)
    assert error_summary(response) == [message]


def test_the_agenda_form_refuses_two_cases_at_once(client, team_manager, referred_case, meeting, team_north):
    other = open_case(team_manager, team_north, "Okafor")
    data = {"referred_case": referred_case.pk, "other_case": other.pk}
    response = signed_in(client, team_manager).post(reverse("risk:hearing_add", args=[meeting.pk]), data)
    assert error_summary(response) == ["Select a referred case or another open case, not both"]


def test_another_teams_case_is_not_offered_for_the_agenda(client, team_manager, meeting, case_worker_south, team_south):
    south = open_case(case_worker_south, team_south, "Southern")
    url = reverse("risk:hearing_add", args=[meeting.pk])
    client = signed_in(client, team_manager)
    assert "Southern" not in html_of(client.get(url))
    assert error_summary(client.post(url, {"other_case": south.pk})) == ["Select a case from the list"]


def test_a_manager_records_the_decision(client, team_manager, hearing, meeting, referred_case):
    url = reverse("risk:hearing_decide", args=[meeting.pk, hearing.pk])
    client = signed_in(client, team_manager)
    page = html_of(client.get(url))
    assert "Record the decision for Jayden Whitfield" in page and 'type="radio"' in page
    data = {**DECISION, **date_fields("next_review_on", TODAY + timedelta(days=28))}
    response = client.post(url, data)
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.is_decided and hearing.risk_of_serious_harm == Level.HIGH
    assert hearing.next_review_on == TODAY + timedelta(days=28)
    assert referred_case.risk_referrals.get().status == ReferralStatus.HEARD
    assert "Decision recorded" in html_of(client.get(response["Location"]))


def test_the_decision_form_shows_the_services_errors(client, team_manager, hearing, meeting):
    url = reverse("risk:hearing_decide", args=[meeting.pk, hearing.pk])
    response = signed_in(client, team_manager).post(url, {"risk_of_serious_harm": Level.VERY_HIGH})
    assert error_summary(response) == [
        "Select the safety and wellbeing level the meeting agreed",
        "Enter what the meeting decided",
        "Enter the date of the next review",
    ]
    response = signed_in(client, team_manager).post(
        url,
        {"risk_of_serious_harm": Level.VERY_HIGH, "safety_and_wellbeing": Level.LOW, "decision": "Keep under review",
         **date_fields("next_review_on", TODAY + timedelta(days=14))},
    )  # fmt: skip
    assert error_summary(response) == [
        "Enter the external controls, as risk of serious harm or safety and wellbeing is high or very high",
        "Enter the contingency plan, as risk of serious harm or safety and wellbeing is high or very high",
    ]
    hearing.refresh_from_db()
    assert not hearing.is_decided


def test_a_decided_case_is_not_decided_again(client, team_manager, decided, meeting):
    response = signed_in(client, team_manager).get(reverse("risk:hearing_decide", args=[meeting.pk, decided.pk]))
    assert response.status_code == 302


def test_a_hearing_of_another_meeting_is_not_found(client, team_manager, hearing, team_north):
    other = meeting_services.meeting_create(team=team_north, by=team_manager, held_on=TODAY, chair=team_manager)
    response = signed_in(client, team_manager).get(reverse("risk:hearing_decide", args=[other.pk, hearing.pk]))
    assert response.status_code == 404


def test_a_manager_adds_an_action_for_a_member_of_the_team(client, team_manager, decided, meeting, case_worker):
    url = reverse("risk:action_add", args=[meeting.pk, decided.pk])
    data = {"description": "Visit the family", "owned_by": "staff", "owner": case_worker.pk,
            **date_fields("due_on", TODAY + timedelta(days=7))}  # fmt: skip
    response = signed_in(client, team_manager).post(url, data)
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.owner_agency, action.case_id) == (case_worker, "", decided.case_id)


def test_a_manager_adds_an_action_for_a_partner_agency(client, team_manager, decided, meeting):
    url = reverse("risk:action_add", args=[meeting.pk, decided.pk])
    data = {"description": "Strategy discussion", "owned_by": "agency", "owner_agency": "Children's social care",
            **date_fields("due_on", TODAY + timedelta(days=7))}  # fmt: skip
    assert signed_in(client, team_manager).post(url, data).status_code == 302
    assert Action.objects.get().owner_agency == "Children's social care"


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Enter what needs to be done", "Select who owns the action", "Enter the date the action is due"]),
        ({"description": "Visit", "owned_by": "staff", **date_fields("due_on", TODAY)},
         ["Select the member of the team who owns the action"]),
        ({"description": "Visit", "owned_by": "agency", **date_fields("due_on", TODAY)},
         ["Enter the partner agency that owns the action"]),
        ({"description": "Visit", "owned_by": "agency", "owner_agency": "Health",
          **date_fields("due_on", TODAY - timedelta(days=1))},
         ["The due date must be on or after the date of the meeting"]),
    ],
)  # fmt: skip
def test_the_action_form_says_what_is_missing(client, team_manager, decided, meeting, data, messages):
    response = signed_in(client, team_manager).post(reverse("risk:action_add", args=[meeting.pk, decided.pk]), data)
    assert error_summary(response) == messages
    assert not Action.objects.exists()


def test_the_owner_marks_an_action_done(client, case_worker, action, meeting):
    response = signed_in(client, case_worker).post(reverse("risk:action_complete", args=[action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY and action.done_by == case_worker


def test_another_teams_worker_cannot_mark_an_action_done(client, case_worker_south, action):
    response = signed_in(client, case_worker_south).post(reverse("risk:action_complete", args=[action.pk]))
    assert response.status_code == 404


def test_marking_done_answers_post_only_and_needs_the_csrf_token(case_worker, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(case_worker)
    assert client.get(reverse("risk:action_complete", args=[action.pk])).status_code == 405
    assert client.post(reverse("risk:action_complete", args=[action.pk])).status_code == 403
    action.refresh_from_db()
    assert action.done_on is None


def test_the_forms_carry_the_csrf_token(client, team_manager, meeting):
    html = html_of(signed_in(client, team_manager).get(reverse("risk:meeting_detail", args=[meeting.pk])))
    assert 'name="csrfmiddlewaretoken"' in html


# --- Referrals ---------------------------------------------------------------------------------------------------


def test_the_referrals_page_shows_how_long_each_has_waited(client, team_manager, referred_case, settings):
    # Made three weeks ago: the referral is dated now by the service, so it is moved back in the database.
    Referral.objects.filter(case=referred_case).update(referred_at=timezone.now() - timedelta(days=21))
    settings.RISK_MEETING_WITHIN_WORKING_DAYS = 10
    html = html_of(signed_in(client, team_manager).get(reverse("risk:referral_list")))
    assert "Whitfield" in html and ">Late</strong>" in html
    assert reverse("risk:referral_decline", args=[referred_case.risk_referrals.get().pk]) in html


def test_a_case_worker_sees_the_referrals_but_may_not_decline_them(client, case_worker, referred_case):
    html = html_of(signed_in(client, case_worker).get(reverse("risk:referral_list")))
    assert "Whitfield" in html and ">Late</strong>" not in html
    assert reverse("risk:referral_decline", args=[referred_case.risk_referrals.get().pk]) not in html


def test_a_case_worker_refers_a_case_from_its_page(client, case_worker, case):
    client = signed_in(client, case_worker)
    assert reverse("risk:referral_make", args=[case.pk]) in html_of(
        client.get(reverse("cases:case_detail", args=[case.pk]))
    )
    response = client.post(reverse("risk:referral_make", args=[case.pk]), {"detail": "Seen with older men at night"})
    assert response.status_code == 302
    referral = case.risk_referrals.get()
    assert (referral.reason, referral.automatic, referral.referred_by) == (ReferralReason.MANUAL, False, case_worker)


def test_a_referral_needs_a_reason(client, case_worker, case):
    response = signed_in(client, case_worker).post(reverse("risk:referral_make", args=[case.pk]), {"detail": " "})
    assert error_summary(response) == ["Enter the reason for the referral"]


def test_another_teams_restricted_case_is_not_found(client, case_worker, case_worker_south, team_south):
    hidden = open_case(case_worker_south, team_south, "Southern", restricted=True)
    assert signed_in(client, case_worker).get(reverse("risk:referral_make", args=[hidden.pk])).status_code == 404


def test_a_manager_declines_a_referral_with_a_reason(client, team_manager, referred_case):
    referral = referred_case.risk_referrals.get()
    url = reverse("risk:referral_decline", args=[referral.pk])
    client = signed_in(client, team_manager)
    assert error_summary(client.post(url, {})) == ["Enter the reason for declining the referral"]
    response = client.post(url, {"reason": "Heard at last week's MAPPA meeting"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.declined_by == team_manager
    assert "Heard at last week&#x27;s MAPPA meeting" in html_of(client.get(reverse("risk:referral_list")))


def test_a_case_worker_may_not_decline(client, case_worker, referred_case):
    url = reverse("risk:referral_decline", args=[referred_case.risk_referrals.get().pk])
    assert signed_in(client, case_worker).get(url).status_code == 403


# --- The case page, the plan page and the dashboard --------------------------------------------------------------


def test_the_case_page_shows_the_decision_referrals_and_open_actions(client, case_worker, action, referred_case):
    html = html_of(signed_in(client, case_worker).get(reverse("cases:case_detail", args=[referred_case.pk])))
    assert 'id="risk"' in html and 'href="#risk"' in html
    assert DECISION["external_controls"] in html and DECISION["contingency"] in html
    assert "Visit the family with the social worker" in html
    assert ">Heard</strong>" in html


def test_the_plan_page_shows_the_latest_decision(client, case_worker, decided, referred_case):
    html = html_of(signed_in(client, case_worker).get(reverse("cases:plan_write", args=[referred_case.pk])))
    assert "The risk and vulnerability meeting of" in html
    assert DECISION["contingency"] in html


def test_the_dashboard_shows_overdue_actions_and_referrals_waiting_too_long(
    client, team_manager, action, team_north, case_worker
):
    waiting = open_case(case_worker, team_north, "Okafor")
    complete_assessment(waiting, case_worker)
    # Referred a month ago (the service dates a referral now): moved back in the database.
    Referral.objects.filter(case=waiting).update(referred_at=timezone.now() - timedelta(days=30))
    # The action falls due in a week: the dashboard reads its day through the database, so the
    # action's due date is moved back instead of the clock moved on.
    Action.objects.filter(pk=action.pk).update(due_on=TODAY - timedelta(days=1))
    signed_in(client, team_manager)
    summary = html_of(client.get(reverse("cases:dashboard")))
    for slug in ("risk-referrals-waiting", "risk-actions-overdue"):
        assert f'id="{slug}"' in summary and reverse("cases:dashboard_list", args=[slug]) in summary
    overdue = html_of(client.get(reverse("cases:dashboard_list", args=["risk-actions-overdue"])))
    assert "Visit the family with the social worker" in overdue and ">Overdue</strong>" in overdue
    late = html_of(client.get(reverse("cases:dashboard_list", args=["risk-referrals-waiting"])))
    assert "Okafor" in late and "Whitfield" not in late


def test_the_dashboards_risk_sections_are_of_the_managers_teams(client, team_manager, case_worker_south, team_south):
    south = open_case(case_worker_south, team_south, "Southern")
    complete_assessment(south, case_worker_south)
    Referral.objects.filter(case=south).update(referred_at=timezone.now() - timedelta(days=30))
    waiting = reverse("cases:dashboard_list", args=["risk-referrals-waiting"])
    html = html_of(signed_in(client, team_manager).get(waiting))
    assert "Southern" not in html and "No referral has waited too long" in html


# --- Queries that do not grow with rows ----------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    client.get(url)  # per-process caches filled
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_hearings(meeting, manager, team, n: int, start: int) -> None:
    for k in range(n):
        case = open_case(manager, team, f"Child{start + k}")
        complete_assessment(case, manager)
        hearing = meeting_services.hearing_add(meeting=meeting, by=manager, case=case)
        meeting_services.hearing_decide(hearing=hearing, by=manager, next_review_on=TODAY, **DECISION)
        meeting_services.action_add(hearing=hearing, by=manager, description="Call", due_on=TODAY, owner=manager)
        meeting_services.attendee_add(meeting=meeting, by=manager, name=f"Person {k}", agency="Police")


def test_the_meeting_pages_queries_do_not_grow_with_its_cases(client, team_manager, meeting, team_north):
    client = signed_in(client, team_manager)
    urls = [reverse("risk:meeting_detail", args=[meeting.pk]), reverse("risk:meeting_list"),
            reverse("risk:referral_list")]  # fmt: skip
    add_hearings(meeting, team_manager, team_north, 2, 0)
    few = [count_queries(client, url) for url in urls]
    add_hearings(meeting, team_manager, team_north, 5, 2)
    assert [count_queries(client, url) for url in urls] == few


def test_the_case_pages_risk_section_costs_a_fixed_number_of_queries(client, team_manager, team_north):
    case = open_case(team_manager, team_north, "Many")
    complete_assessment(case, team_manager)
    client = signed_in(client, team_manager)
    url = reverse("cases:case_detail", args=[case.pk])

    def hold_meeting() -> None:
        meeting = meeting_services.meeting_create(team=team_north, by=team_manager, held_on=TODAY, chair=team_manager)
        hearing = meeting_services.hearing_add(meeting=meeting, by=team_manager, case=case)
        meeting_services.hearing_decide(hearing=hearing, by=team_manager, next_review_on=TODAY, **DECISION)
        meeting_services.action_add(
            hearing=hearing, by=team_manager, description="Call", due_on=TODAY, owner=team_manager
        )
        referral_services.referral_make(case=case, by=team_manager, detail="Again")

    hold_meeting()
    once = count_queries(client, url)
    for _ in range(3):
        hold_meeting()
    assert count_queries(client, url) == once
