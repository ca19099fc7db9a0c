"""Issue #19, acceptance 3: the manager runs a risk and vulnerability meeting, by labels and roles
only. A case referred by rule (an assessment rated high) is heard, the decision and an action are
recorded; once the action's due date has passed it shows overdue on the dashboard, and the
decision shows on the case's page."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cases import services as case_services
from cases.models import CaseType, Level
from risk.models import Action, ReferralReason
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.browser

EXTERNAL_CONTROLS = "Curfew from 7pm to 7am, and an exclusion zone around the park on Mill Lane"
CONTINGENCY = "If he breaks the curfew, the police are told at once and the case worker visits the next day"
ACTION = "Joint home visit with the social worker to review the safety plan"


@pytest.fixture
def north(transactional_db):
    # A transactional test empties every table when it ends, the role groups made by a data
    # migration included, so they may need making again.
    for role in Role:
        Group.objects.get_or_create(name=role)
    team = TeamFactory(name="North", slug="north")
    manager = UserFactory(
        username="manager", first_name="Priya", last_name="Shah", roles=[Role.TEAM_MANAGER], teams=[team]
    )
    worker = UserFactory(
        username="caseworker", first_name="Sam", last_name="Jones", roles=[Role.CASE_WORKER], teams=[team]
    )
    child = case_services.child_create(
        by=worker, surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 17)
    )
    case = case_services.case_open(
        child=child,
        by=worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team,
        start_date=timezone.localdate() - timedelta(days=15),
        allocated_to=worker,
    )
    # The case worker completes the assessment rated high: the rule refers the case (risk.listeners).
    case_services.assessment_record(
        assessment=case.assessments.get(),
        by=worker,
        completed_date=timezone.localdate(),
        likelihood_of_reoffending=Level.MEDIUM,
        risk_of_serious_harm=Level.HIGH,
        safety_and_wellbeing=Level.MEDIUM,
    )
    referral = case.risk_referrals.get()
    assert (referral.reason, referral.automatic) == (ReferralReason.ROSH, True)
    return {"manager": manager, "worker": worker, "child": child, "case": case}


def sign_in(page, base_url: str, username: str, path: str = "/risk/") -> None:
    page.goto(f"{base_url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fill_date(group, day: date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def arrange_meeting_with_attendees(page) -> None:
    """As the manager, from the meetings page: today's meeting, with two attendees."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk and vulnerability meetings")
    page.get_by_role("button", name="Arrange a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arrange a risk and vulnerability meeting")
    fill_date(page.get_by_role("group", name="Date of the meeting"), timezone.localdate())
    page.get_by_role("button", name="Arrange meeting").click()
    expect(page.get_by_role("alert")).to_contain_text("Add who is attending")

    for name, agency, role in (
        ("PC Ada Hughes", "Police", "Youth justice police officer"),
        ("Grace Okafor", "Children's social care", "Social worker"),
    ):
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Agency", exact=True).fill(agency)
        page.get_by_label("Role (optional)").fill(role)
        page.get_by_role("button", name="Add attendee").click()
        expect(page.get_by_role("alert")).to_contain_text(f"{name} added to the attendees")
    attendees = page.get_by_role("table", name="Attendees")
    expect(attendees.get_by_role("row")).to_have_count(3)
    expect(attendees).to_contain_text("Children's social care")


def test_the_manager_hears_a_case_referred_by_rule(live_server, north, page):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    failed_responses = []
    page.on("response", lambda response: response.status >= 400 and failed_responses.append(response.url))
    today = timezone.localdate()

    sign_in(page, live_server.url, "manager", "/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Risk meetings").click()
    arrange_meeting_with_attendees(page)

    # The referred case goes on the agenda.
    page.get_by_role("link", name="Add a case to the agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a case to the agenda")
    referred = page.get_by_role("group", name="Cases referred to the meeting")
    expect(referred).to_contain_text("Risk of serious harm rated high or very high")
    referred.get_by_label("Jayden Whitfield: Referral order").check()
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_role("alert")).to_contain_text("Jayden Whitfield added to the agenda")
    agenda = page.locator(".govuk-task-list")
    expect(agenda.get_by_role("listitem")).to_have_count(1)
    expect(agenda).to_contain_text("Not started")

    # The decision: the levels agreed, how the risk is managed, the next review.
    agenda.get_by_role("link", name="Jayden Whitfield").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the decision for Jayden Whitfield")
    page.get_by_role("button", name="Record decision").click()  # untouched: the errors first
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the risk of serious harm the meeting agreed")
    page.get_by_role("group", name="Risk of serious harm to others").get_by_label("High", exact=True).check()
    page.get_by_role("group", name="Safety and wellbeing").get_by_label("Medium", exact=True).check()
    page.get_by_label("External controls").fill(EXTERNAL_CONTROLS)
    page.get_by_label("Contingency").fill(CONTINGENCY)
    page.get_by_label("What the meeting decided").fill("Stays under the meeting's oversight until the review.")
    fill_date(page.get_by_role("group", name="Date of the next review"), today + timedelta(days=28))
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Decision recorded for Jayden Whitfield")
    expect(page.locator(".govuk-task-list")).to_contain_text("Decision recorded")

    # An action for the case worker, due in two days.
    page.get_by_role("button", name="Add an action for Jayden Whitfield").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action for Jayden Whitfield")
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("A member of the team").check()
    page.get_by_label("Member of the team", exact=True).select_option(label="Sam Jones")
    fill_date(page.get_by_role("group", name="Due date"), today + timedelta(days=2))
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("alert")).to_contain_text("Action added")
    actions = page.get_by_role("table", name="Actions for Jayden Whitfield")
    expect(actions).to_contain_text(ACTION)
    expect(actions).to_contain_text("Not done")

    # Not overdue yet: the dashboard's list of overdue actions (its own page) is empty.
    overdue_list = f"{live_server.url}/cases/dashboard/risk-actions-overdue/"
    page.goto(overdue_list)
    overdue = page.get_by_role(
        "table", name=re.compile("of risk and vulnerability meetings past .* due date and not done")
    )
    expect(overdue).to_have_count(0)
    expect(page.get_by_text("No risk meeting action is overdue.")).to_be_visible()

    # Two days on: the live server's clock cannot be moved, so the action's due date is moved back
    # through the database instead, to the day before today, as if its day had passed undone.
    Action.objects.filter(description=ACTION).update(due_on=today - timedelta(days=1))
    page.reload()
    expect(overdue).to_contain_text("Jayden Whitfield")
    expect(overdue).to_contain_text(ACTION)
    expect(overdue).to_contain_text("Overdue")
    # The dashboard's summary card counts it, and leads to the list.
    page.goto(f"{live_server.url}/cases/dashboard/")
    expect(page.locator("#risk-actions-overdue .app-dashboard-count")).to_have_text("1")
    page.get_by_role("link", name="View overdue risk meeting actions").click()
    expect(page).to_have_url(overdue_list)

    # The decision on the case's page.
    overdue.get_by_role("link", name="Jayden Whitfield").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral order")
    expect(page.get_by_role("heading", name="Risk and vulnerability meetings")).to_be_visible()
    expect(page.get_by_role("heading", name="Latest decision")).to_contain_text(today.strftime("%B %Y"))
    expect(page.get_by_text(EXTERNAL_CONTROLS)).to_be_visible()
    expect(page.get_by_text(CONTINGENCY)).to_be_visible()
    referrals = page.get_by_role("table", name="Referrals to the risk and vulnerability meeting")
    expect(referrals).to_contain_text("Risk of serious harm rated high or very high")
    expect(referrals).to_contain_text("Heard")
    expect(page.get_by_role("table", name="Open actions from risk meetings")).to_contain_text("Overdue")

    assert console_errors == []
    assert failed_responses == []


def test_the_risk_meeting_pages_meet_wcag_22_aa(live_server, north, axe_page, wcag_violations):
    page = axe_page
    sign_in(page, live_server.url, "manager")
    assert wcag_violations(page) == []
    arrange_meeting_with_attendees(page)
    page.get_by_role("button", name="Add attendee").click()  # untouched: its errors on the meeting's page
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == []

    page.get_by_role("link", name="Add a case to the agenda").click()
    assert wcag_violations(page) == []
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == []
    page.get_by_label("Jayden Whitfield: Referral order").check()
    page.get_by_role("button", name="Add to the agenda").click()

    page.locator(".govuk-task-list").get_by_role("link", name="Jayden Whitfield").click()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == []

    page.goto(f"{live_server.url}/risk/referrals/")
    assert wcag_violations(page) == []
