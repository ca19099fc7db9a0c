"""Issue #20, acceptance 1: each role signs in, sees their work with the right counts on hand-made data
(``yjs/tests/work_data.py``) and follows a card to its list."""

import re

import pytest
from playwright.sync_api import expect

from yjs.tests.factories import DEFAULT_TEST_PASSWORD
from yjs.tests.work_data import EXPECTED, make_work_world
from yjs.work import NEWS, WORK_KINDS

pytestmark = pytest.mark.browser

# Who signs in, their first name, and the card they follow to its list.
ROLES = [
    ("caseworker", "Sam", "plan_target"),
    ("manager", "Priya", "countersignature"),
    ("police", "Pat", "request_to_answer"),
    ("head", "Hana", "assessment"),
    ("board", "Bo", "board_action"),
]


@pytest.fixture
def work_world(transactional_db):
    return make_work_world()


@pytest.mark.parametrize(("username", "first_name", "followed"), ROLES, ids=[role[0] for role in ROLES])
def test_each_role_sees_its_work_and_follows_a_card_to_its_list(
    live_server, work_world, page, username, first_name, followed
):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {first_name}")

    expected = EXPECTED[username]
    expect(page.locator(".app-work-card")).to_have_count(len(expected))
    for kind, (count, overdue) in expected.items():
        card = page.locator(".app-work-card").filter(has=page.get_by_role("heading", name=WORK_KINDS[kind], exact=True))
        expect(card.locator(f'[data-count="{kind}"]')).to_have_text(str(count))
        if kind not in NEWS:
            expect(card.locator(f'[data-overdue="{kind}"]')).to_have_text(f"{overdue} overdue" if overdue else "None")

    title = WORK_KINDS[followed]
    page.get_by_role("link", name=f"See the list of {title.lower()}").click()
    anchor = "work-" + followed.replace("_", "-")
    expect(page).to_have_url(re.compile(f"#{anchor}$"))
    heading = page.get_by_role("heading", level=2, name=title, exact=True)
    expect(heading).to_be_in_viewport()
    listed = page.get_by_role("region", name=title)
    expect(listed.locator("tbody tr")).to_have_count(expected[followed][0])
    expect(listed.get_by_text("Overdue", exact=True)).to_have_count(expected[followed][1])
