"""A case worker asks the police officer a question; the officer answers; the case worker reads it."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cases.tests.factories import CaseFactory, ChildFactory
from intelligence.catalogue import ensure_shipped_systems
from intelligence.models import InformationRequest, PoliceSystem
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.browser

ANSWER = "Seen twice this month with older youths linked to county lines activity"


@pytest.fixture
def people(transactional_db):
    # A transactional test empties every table when it ends, the role groups and the
    # catalogue of police systems (both made by data migrations) included.
    for role in Role:
        Group.objects.get_or_create(name=role)
    ensure_shipped_systems(PoliceSystem)
    north, south = TeamFactory(name="North", slug="north"), TeamFactory(name="South", slug="south")
    caseworker = UserFactory(
        username="caseworker", first_name="Sam", last_name="Okoro", roles=[Role.CASE_WORKER], teams=[north]
    )
    police = UserFactory(
        username="police", first_name="Priya", last_name="Shah", roles=[Role.POLICE_OFFICER], teams=[north, south]
    )
    child = ChildFactory(forenames="Jayden", surname="Whitfield")
    CaseFactory(child=child, team=north, allocated_to=caseworker)
    return {"caseworker": caseworker, "police": police, "child": child}


def watch(page) -> list[str]:
    """Collects console errors (a CSP refusal or a GOV.UK Frontend error) and failed responses."""
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("response", lambda response: response.status >= 500 and problems.append(response.url))
    return problems


def conditional_radios_pass(page, wcag_violations) -> list[str]:
    """axe's WCAG 2.2 AA violations, with no exception: the radios that reveal fields keep aria-controls
    and carry no aria-expanded, which ARIA does not allow on a radio (GOV.UK Frontend sets it,
    alphagov/govuk-frontend#979; static/js/conditional-radios.js takes it off)."""
    assert page.locator("input[type=radio][aria-controls]").count() > 0
    expect(page.locator("input[type=radio][aria-expanded]")).to_have_count(0)
    return wcag_violations(page)


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def sign_out(page) -> None:
    page.get_by_role("navigation", name="Your account").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_case_worker_asks_the_police_officer_answers_and_the_case_worker_reads_it(live_server, people, page):
    problems = watch(page)
    child = people["child"]

    # The case worker asks an additional question: refused without a reason, accepted with one.
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/cases/children/{child.pk}/")
    page.get_by_role("button", name="Ask the police officer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask the police officer")
    page.get_by_label("Additional information").check()
    page.get_by_label("What information are you asking for?").fill("Who the child has been seen with recently")
    page.get_by_label("No, none of these").check()
    page.get_by_role("button", name="Send the request").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter why the information is necessary and proportionate for managing the case")
    expect(page).to_have_title(re.compile(r"^Error: Ask the police officer"))
    assert InformationRequest.objects.count() == 0

    page.get_by_label("Why do you need it?").fill("Planning a safe home visit after reports of exploitation")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Information request about Jayden Whitfield")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent to the police officer")
    sign_out(page)

    # The police officer finds it in their queue and answers it after ticking the systems searched.
    sign_in(page, live_server.url, "police")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Information requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Information requests to answer")
    page.get_by_role("link", name="Request about Jayden Whitfield").click()
    page.get_by_role("button", name="Answer this request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer the request about Jayden Whitfield")

    page.get_by_label("What information are you supplying?").fill(ANSWER)
    page.get_by_role("group", name="Did you find a safeguarding concern").get_by_label("No").check()
    page.get_by_role("button", name="Supply the information").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the systems you searched")

    page.get_by_label("Police National Computer (PNC)").check()
    page.get_by_label("Local records management system").check()
    page.get_by_role("button", name="Supply the information").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Information supplied")
    expect(page.locator("#information-supplied")).to_have_text(ANSWER)
    sign_out(page)

    # The case worker reads the answer on the child's timeline and among their requests.
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/cases/children/{child.pk}/")
    expect(page.get_by_text(ANSWER).first).to_be_visible()
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=people["caseworker"])
    assert reads.count() == 1  # the child's page recorded the reading of the answer on its timeline

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Information requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your information requests")
    expect(page.locator(".govuk-summary-card")).to_contain_text(ANSWER)

    assert reads.count() == 2  # and so did the list of their requests
    assert problems == []


def test_the_request_pages_meet_wcag_22_aa_and_reveal_fields_as_chosen(live_server, people, axe_page, wcag_violations):
    page = axe_page
    problems = watch(page)
    child = people["child"]

    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/intelligence/ask/?child={child.pk}")
    contact = page.get_by_label("Contact's full name")
    expect(contact).to_be_hidden()
    page.get_by_label("Phone contact check").check()
    expect(contact).to_be_visible()
    assert conditional_radios_pass(page, wcag_violations) == []

    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(contact).to_be_visible()
    assert conditional_radios_pass(page, wcag_violations) == []

    page.get_by_label("Information about an identified risk").check()
    expect(contact).to_be_hidden()
    page.get_by_label("What information are you asking for?").fill("Any weapons markers")
    page.get_by_label("A live investigation").check()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Information request about Jayden Whitfield")
    assert wcag_violations(page) == []
    sign_out(page)

    sign_in(page, live_server.url, "police")
    page.goto(f"{live_server.url}/intelligence/")
    expect(page.locator(".govuk-tag--orange")).to_have_text("Sensitive")
    assert wcag_violations(page) == []

    page.get_by_role("link", name="Request about Jayden Whitfield").click()
    page.get_by_role("button", name="Answer this request").click()
    expect(page.get_by_role("heading", level=2, name="Officer in the case consulted")).to_be_visible()
    referral = page.get_by_label("Who was the referral made to?")
    expect(referral).to_be_hidden()
    page.get_by_role("group", name="Did you find a safeguarding concern").get_by_label("Yes").check()
    expect(referral).to_be_visible()
    page.get_by_role("button", name="Supply the information").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of the officer in the case you consulted"
    )
    assert conditional_radios_pass(page, wcag_violations) == []

    page.goto(f"{live_server.url}/intelligence/audit/")
    assert wcag_violations(page) == []
    assert problems == []
