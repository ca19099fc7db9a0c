"""A joint panel gives a youth conditional caution and the police officer records a breach,
by labels and roles only; the child's timeline then shows the whole story."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cases import services as case_services
from oocd import services
from oocd.catalogue import ensure_shipped_outcomes
from oocd.models import Outcome
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def north(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # A transactional test empties every table when it ends, the role groups and the
    # shipped outcomes made by data migrations included, so they may need making again.
    for role in Role:
        Group.objects.get_or_create(name=role)
    ensure_shipped_outcomes(Outcome)
    team = TeamFactory(name="North", slug="north")
    south = TeamFactory(name="South", slug="south")
    manager = UserFactory(
        username="manager", first_name="Priya", last_name="Shah", roles=[Role.TEAM_MANAGER], teams=[team]
    )
    police = UserFactory(
        username="police", first_name="Ada", last_name="Hughes", roles=[Role.POLICE_OFFICER], teams=[team, south]
    )
    child = case_services.child_create(
        by=manager, surname="Whitfield", forenames="Jayden", date_of_birth=date(2011, 5, 17)
    )
    referral = services.referral_create(
        child=child,
        by=police,
        team=team,
        referring_officer="PC Ada Hughes 4521",
        gravity_score=4,
        admitted=True,
        offences=[{"description": "Theft from a shop", "offence_date": timezone.localdate() - timedelta(days=12)}],
    )
    return {"manager": manager, "police": police, "child": child, "referral": referral}


def sign_in(page, base_url: str, username: str, path: str = "/oocd/") -> None:
    page.goto(f"{base_url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page) -> None:
    page.get_by_role("navigation", name="Your account").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def fill_date(group, day: date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def set_up_panel_with_attendees(page, base_url: str) -> None:
    """As the manager: a panel for the referral, with the police officer and the manager attending."""
    page.get_by_role("navigation", name="Out-of-court disposals").get_by_role("link", name="Panels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Panels")
    page.get_by_role("button", name="Set up a panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a panel")
    page.get_by_label("Location (optional)").fill("Civic Centre, room 2")
    page.get_by_label("Jayden Whitfield", exact=False).check()
    page.get_by_role("button", name="Set up panel").click()

    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("A decision needs both the police and the YJS present")
    expect(banner).to_contain_text("Nobody from the police or the YJS is recorded as attending")

    page.get_by_label("Attendee with an account (optional)").select_option(label="Ada Hughes (police)")
    page.get_by_role("group", name="Agency").get_by_label("Police", exact=True).check()
    page.get_by_label("Role at the panel").fill("YJS police officer")
    page.get_by_role("button", name="Add attendee").click()
    expect(page.get_by_role("alert")).to_contain_text("Ada Hughes added to the attendees")
    expect(page.get_by_role("region", name="Important")).to_contain_text("Nobody from the YJS is recorded")

    page.get_by_label("Attendee with an account (optional)").select_option(label="Priya Shah (manager)")
    page.get_by_role("group", name="Agency").get_by_label("Youth justice service").check()
    page.get_by_label("Role at the panel").fill("Chair")
    page.get_by_role("button", name="Add attendee").click()
    expect(page.get_by_role("alert")).to_contain_text("Priya Shah added to the attendees")
    expect(page.get_by_role("region", name="Important")).to_have_count(0)
    attendees = page.get_by_role("table", name="Attendees")
    expect(attendees.get_by_role("row")).to_have_count(3)


def test_a_panel_gives_a_conditional_caution_and_the_police_record_a_breach(live_server, north, page):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    failed_responses = []
    page.on("response", lambda response: response.status >= 400 and failed_responses.append(response.url))
    today = timezone.localdate()

    # The manager sets up the panel and records the panel's decision.
    sign_in(page, live_server.url, "manager")
    expect(page.get_by_role("heading", level=1)).to_have_text("Out-of-court disposals")
    expect(page.get_by_role("link", name="Jayden Whitfield")).to_be_visible()
    set_up_panel_with_attendees(page, live_server.url)

    page.get_by_role("button", name="Record decision for Jayden Whitfield").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the decision for Jayden Whitfield")
    page.get_by_label("Youth conditional caution", exact=True).check()
    page.get_by_label("Reasons for the decision").fill("Admitted the theft; a structured response is proportionate.")
    first = page.get_by_role("group", name="Condition 1")
    first.get_by_label("What the child must do").fill("Attend two sessions on the impact of shop theft")
    fill_date(first, today + timedelta(days=30))
    second = page.get_by_role("group", name="Condition 2")
    second.get_by_label("What the child must do").fill("Write a letter of apology to the shop")
    fill_date(second, today + timedelta(days=45))
    page.get_by_role("button", name="Record decision").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Youth conditional caution for Jayden Whitfield")
    expect(page.get_by_role("alert")).to_contain_text("Decision recorded: Youth conditional caution")
    conditions = page.get_by_role("table", name="Conditions of the caution")
    expect(conditions).to_contain_text("Attend two sessions on the impact of shop theft")
    expect(conditions).to_contain_text("Write a letter of apology to the shop")
    expect(page.get_by_text("Not yet delivered")).to_be_visible()
    sign_out(page)

    # The police officer records a breach of the letter condition, with its evidence.
    sign_in(page, live_server.url, "police", "/oocd/compliance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conditional cautions")
    page.get_by_role("link", name="Record a failure of condition: Write a letter of apology to the shop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a failure to comply")
    fill_date(page.get_by_role("group", name="Date of the failure"), today)
    page.get_by_label("What happened?").fill("Did not bring the letter to the appointment, the second time of asking.")
    page.get_by_label("Reasons the child gave").fill("Said they had not had time to write it.")
    page.get_by_role("button", name="Save failure").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Conditional cautions")
    expect(page.get_by_role("alert")).to_contain_text("Failure to comply recorded, with its evidence")
    expect(page.get_by_text("Did not bring the letter to the appointment")).to_be_visible()
    expect(page.get_by_text("Prosecution not yet considered")).to_be_visible()
    expect(page.get_by_text("Not complied with")).to_be_visible()
    sign_out(page)

    # The child's timeline tells the story.
    sign_in(page, live_server.url, "manager", f"/cases/children/{north['child'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jayden Whitfield")
    timeline = page.locator(".moj-timeline")
    titles = timeline.locator(".moj-timeline__title")
    expect(titles.filter(has_text="Referred for an out-of-court disposal")).to_have_count(1)
    expect(titles.filter(has_text="Decision: Youth conditional caution")).to_have_count(1)
    expect(titles.filter(has_text="Condition set")).to_have_count(2)
    expect(titles.filter(has_text="Condition not complied with")).to_have_count(1)
    expect(timeline).to_contain_text("Write a letter of apology to the shop")
    expect(timeline).to_contain_text("Reasons given: Said they had not had time to write it.")

    assert not [error for error in console_errors if "Content Security Policy" in error]
    assert console_errors == []
    assert failed_responses == []


def test_the_panel_pages_meet_wcag_22_aa(live_server, north, axe_page, wcag_violations):
    page = axe_page
    sign_in(page, live_server.url, "manager")
    assert wcag_violations(page) == []
    set_up_panel_with_attendees(page, live_server.url)
    assert wcag_violations(page) == []

    page.get_by_role("button", name="Record decision for Jayden Whitfield").click()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert wcag_violations(page) == []
