import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def case_worker(transactional_db):
    # A transactional test empties every table when it ends, the role groups
    # made by a data migration included, so they may need making again.
    for role in Role:
        Group.objects.get_or_create(name=role)
    team = TeamFactory(name="North", slug="north")
    return UserFactory(username="caseworker", first_name="Sam", roles=[Role.CASE_WORKER], teams=[team])


def test_a_case_worker_signs_in_and_out(live_server, case_worker, page):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    failed_responses = []
    page.on("response", lambda response: response.status >= 400 and failed_responses.append(response.url))
    stylesheets = {}
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "stylesheet"
            and stylesheets.__setitem__(response.url.removeprefix(live_server.url), response.status)
        ),
    )

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sam")
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link")).to_have_text(
        ["Home", "Cases", "Risk meetings", "Court", "Interventions", "Information requests"]
    )
    expect(navigation.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")

    assert stylesheets == {
        "/assets/govuk/govuk-frontend.min.css": 200,
        "/assets/moj/moj-frontend.min.css": 200,
        "/assets/css/app.css": 200,
    }
    assert "GDS Transport" in page.locator("h1").evaluate("h1 => getComputedStyle(h1).fontFamily")
    assert page.evaluate(
        "document.fonts.ready.then(fonts => [...fonts].some("
        "font => font.family.includes('GDS Transport') && font.status === 'loaded'))"
    )
    # The inline script (allowed by its CSP nonce) and GOV.UK Frontend's module both ran.
    expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    expect(page.locator("[data-module=govuk-service-navigation]")).to_have_attribute(
        "data-govuk-service-navigation-init", ""
    )

    page.get_by_role("navigation", name="Your account").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")

    assert not [error for error in console_errors if "Content Security Policy" in error]
    assert console_errors == []
    assert failed_responses == []


def test_sign_in_and_home_pages_meet_wcag_22_aa(live_server, case_worker, axe_page, wcag_violations):
    page = axe_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert wcag_violations(page) == []

    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == []

    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sam")
    assert wcag_violations(page) == []

    page.set_viewport_size({"width": 375, "height": 800})
    assert wcag_violations(page) == []
