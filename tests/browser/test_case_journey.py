"""A case worker completes an assessment and their manager countersigns it, by keyboard
and labels only (so the journey doubles as an accessibility check)."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import CaseType, FlagType
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def north(transactional_db):
    # A transactional test empties every table when it ends, the role groups
    # made by a data migration included, so they may need making again.
    for role in Role:
        Group.objects.get_or_create(name=role)
    team = TeamFactory(name="North", slug="north")
    case_worker = UserFactory(
        username="caseworker", first_name="Sam", last_name="Okoro", roles=[Role.CASE_WORKER], teams=[team]
    )
    manager = UserFactory(
        username="manager", first_name="Priya", last_name="Shah", roles=[Role.TEAM_MANAGER], teams=[team]
    )
    child = services.child_create(
        by=case_worker, surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 17)
    )
    services.child_create(by=case_worker, surname="Whitehouse", forenames="Mia", date_of_birth=date(2012, 1, 9))
    services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team,
        start_date=timezone.localdate() - timedelta(days=7),
        allocated_to=case_worker,
        offences=[{"offence_date": date(2026, 1, 4), "description": "Theft from a shop", "gravity_score": 3}],
    )
    services.flag_raise(child=child, by=case_worker, flag_type=FlagType.CHILD_CRIMINAL_EXPLOITATION)
    return {"case_worker": case_worker, "manager": manager, "child": child}


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page) -> None:
    page.get_by_role("navigation", name="Your account").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_an_assessment_is_completed_and_countersigned(live_server, north, page):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    failed_responses = []
    page.on("response", lambda response: response.status >= 400 and failed_responses.append(response.url))

    # The case worker finds the child by a misspelt surname.
    sign_in(page, live_server.url, "caseworker")
    expect(page).to_have_url(f"{live_server.url}/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    search = page.get_by_label("Name, date of birth or PNC ID")
    search.fill("Whitfeild")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a child")
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Jayden Whitfield")).to_be_visible()
    expect(results.get_by_role("link", name="Mia Whitehouse")).to_have_count(0)

    # The child's record, then the case.
    results.get_by_role("link", name="Jayden Whitfield").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jayden Whitfield")
    expect(page.locator(".govuk-tag", has_text="Child criminal exploitation risk").first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Referral order case started")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral order")
    expect(page.get_by_text("Theft from a shop")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Countersign"))).to_have_count(0)

    # Completing the assessment: first without the ratings, to see the errors.
    page.get_by_role("link", name=re.compile(r"^Record AssetPlus")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AssetPlus")
    page.get_by_role("button", name="Complete assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Select the likelihood of reoffending",
            "Select the risk of serious harm to others",
            "Select the safety and wellbeing",
        ]
    )
    expect(page).to_have_title(re.compile(r"^Error: AssetPlus"))
    summary.get_by_role("link", name="Select the likelihood of reoffending").click()
    expect(page.locator("#id_likelihood_of_reoffending_1")).to_be_focused()

    page.get_by_role("group", name="Likelihood of reoffending").get_by_label("Medium").check()
    page.get_by_role("group", name="Risk of serious harm to others").get_by_label("High", exact=True).check()
    page.get_by_role("group", name="Safety and wellbeing").get_by_label("Very high").check()
    page.get_by_label("The child's own view").fill("I want to get back into college.")
    page.get_by_label("Trauma and adverse experiences noted").check()
    page.get_by_label("Summary").fill("Exploitation risk: county lines contacts.")
    date_completed = page.get_by_role("group", name="Date completed")
    today = timezone.localdate()
    expect(date_completed.get_by_label("Day")).to_have_value(str(today.day))
    expect(date_completed.get_by_label("Year")).to_have_value(str(today.year))
    page.get_by_role("button", name="Complete assessment").click()

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("AssetPlus completed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral order")
    assessments = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Countersigned"))
    expect(assessments.locator(".govuk-tag")).to_have_text(["Completed"])
    sign_out(page)

    # The manager countersigns it from the dashboard.
    sign_in(page, live_server.url, "manager")
    expect(page).to_have_url(f"{live_server.url}/cases/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    page.get_by_role("link", name="View assessments awaiting countersignature").click()
    page.get_by_role("link", name="Countersign AssetPlus for Jayden Whitfield").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Countersign the AssetPlus")
    expect(page.get_by_text("Exploitation risk: county lines contacts.")).to_be_visible()
    page.get_by_role("button", name="Countersign assessment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("AssetPlus countersigned")

    # The child's timeline shows both.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Jayden Whitfield").click()
    timeline = page.locator(".moj-timeline")
    expect(timeline.get_by_role("heading", name="AssetPlus countersigned")).to_be_visible()
    expect(timeline.get_by_role("heading", name="AssetPlus completed")).to_be_visible()
    countersigned = timeline.locator(
        ".moj-timeline__item", has=page.get_by_role("heading", name="AssetPlus countersigned")
    )
    expect(countersigned).to_contain_text("by Priya Shah")
    completed = timeline.locator(".moj-timeline__item", has=page.get_by_role("heading", name="AssetPlus completed"))
    expect(completed).to_contain_text("by Sam Okoro")

    assert console_errors == []
    assert failed_responses == []


def test_case_pages_meet_wcag_22_aa(live_server, north, axe_page, wcag_violations):
    page = axe_page
    sign_in(page, live_server.url, "caseworker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    assert wcag_violations(page) == [], "caseload"

    page.get_by_label("Name, date of birth or PNC ID").fill("Whitfeild")
    page.get_by_role("button", name="Search").click()
    assert wcag_violations(page) == [], "search"

    page.get_by_role("table").get_by_role("link", name="Jayden Whitfield").click()
    assert wcag_violations(page) == [], "child record"

    page.get_by_role("link", name=re.compile(r"^Referral order case started")).click()
    assert wcag_violations(page) == [], "case page"

    page.get_by_role("link", name=re.compile(r"^Record AssetPlus")).click()
    page.get_by_role("button", name="Complete assessment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == [], "assessment with errors"

    page.goto(f"{live_server.url}/cases/{north['child'].cases.get().pk}/plans/add/")
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == [], "plan with errors"

    page.goto(f"{live_server.url}/cases/children/{north['child'].pk}/cases/open/")
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == [], "open a case with errors"

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/cases/children/{north['child'].pk}/")
    assert wcag_violations(page) == [], "child record, narrow"
