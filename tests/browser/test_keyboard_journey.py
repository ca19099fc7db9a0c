"""A case worker's main journey with the keyboard alone (issue #9, acceptance 5): signs in,
finds a child by a misspelt name, opens the child's record and the case, and records a contact,
recovering from a form error on the way. Only Tab, Shift+Tab, Enter, Space, the arrow keys and
typing: no clicks, no filling fields by selector. Every element that takes the focus must show
it (GOV.UK's yellow focus state, on the element or, for a radio, on its drawn circle)."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Attendance, Contact, ContactType
from yjs.tests.factories import DEFAULT_TEST_PASSWORD

from . import test_case_journey

pytestmark = pytest.mark.browser

# The case worker, Sam Okoro, with Jayden Whitfield's referral order (and Mia Whitehouse, whom a
# search for "Whitfeild" must not find).
north = test_case_journey.north

MOST_TAB_STOPS = 80

# The focused element, or the label that draws a GOV.UK radio or checkbox (the input itself is
# invisible), shows the focus colour as an outline, a box shadow or a background.
FOCUS_SHOWN = """element => {
    const focus = getComputedStyle(document.documentElement).getPropertyValue('--govuk-focus-colour').trim();
    const probe = document.createElement('span');
    probe.style.color = focus || '#ffdd00';
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    const drawn = element.matches('.govuk-radios__input, .govuk-checkboxes__input') ? element.labels[0] : null;
    const styles = drawn
        ? [getComputedStyle(drawn, '::before'), getComputedStyle(drawn, '::after')]
        : [getComputedStyle(element)];
    return styles.some(style =>
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor === colour)
        || style.boxShadow.includes(colour)
        || style.backgroundColor === colour);
}"""

DESCRIBE = """element => [
    element.tagName.toLowerCase(),
    element.id ? '#' + element.id : '',
    (element.labels && element.labels[0] ? element.labels[0].innerText : element.innerText || '').trim().slice(0, 60),
].join(' ')"""


class Keyboard:
    """Moves through a page with Tab alone, checking that each stop shows its focus."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    @property
    def focused(self):
        return self.page.locator("*:focus")

    def focus_shown(self) -> None:
        described = self.page.evaluate(f"({DESCRIBE})(document.activeElement)")
        assert self.page.evaluate(f"({FOCUS_SHOWN})(document.activeElement)"), f"no visible focus on {described}"

    def tab(self, key: str = "Tab") -> None:
        self.page.keyboard.press(key)
        self.stops += 1
        self.focus_shown()

    def tab_to(self, role: str, name: str | re.Pattern, *, within=None) -> None:
        """Presses Tab until the element with this role and accessible name has the focus."""
        target = (within or self.page).get_by_role(role, name=name).first
        expect(target).to_be_visible()
        for _ in range(MOST_TAB_STOPS):
            self.tab()
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{MOST_TAB_STOPS} presses of Tab never reached the {role} {name!r}")

    def choose(self, group: str, option: str) -> None:
        """Tabs into a radio group and moves to the option with the arrow keys (which choose it)."""
        fieldset = self.page.get_by_role("group", name=group)
        for _ in range(MOST_TAB_STOPS):
            self.tab()
            if fieldset.evaluate("fieldset => fieldset.contains(document.activeElement)"):
                break
        else:
            raise AssertionError(f"Tab never reached the {group!r} radios")
        wanted = fieldset.get_by_role("radio", name=option, exact=True)
        radios = fieldset.get_by_role("radio").count()
        for _ in range(radios):
            if wanted.evaluate("radio => radio === document.activeElement"):
                break
            self.tab("ArrowDown")
        self.page.keyboard.press("Space")  # chooses the first option too, where no arrow was needed
        expect(wanted).to_be_checked()

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def test_a_case_worker_records_a_contact_with_the_keyboard_alone(live_server, north, page):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("response", lambda response: response.status >= 400 and problems.append(response.url))
    keys = Keyboard(page)

    # Sign in: the skip link is the first stop, then the form.
    page.goto(f"{live_server.url}/accounts/login/")
    keys.tab()
    expect(keys.focused).to_have_text("Skip to main content")
    keys.tab_to("textbox", "Username")
    keys.type("caseworker")
    keys.tab_to("textbox", "Password")
    keys.type(DEFAULT_TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sam")

    # The skip link takes the focus past the header and navigation, to the page's content.
    keys.tab()
    expect(keys.focused).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()

    # Back up to the service navigation, then Cases; search for the child by a misspelt name.
    keys.tab("Shift+Tab")
    for _ in range(MOST_TAB_STOPS):
        if keys.focused.evaluate("element => element.closest('nav') !== null && element.innerText === 'Cases'"):
            break
        keys.tab("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    keys.tab_to("textbox", "Name, date of birth or PNC ID")
    keys.type("Whitfeild")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a child")
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Mia Whitehouse")).to_have_count(0)

    # The child's record, then the case.
    keys.tab_to("link", "Jayden Whitfield", within=results)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jayden Whitfield")
    keys.tab_to("link", re.compile(r"^Referral order case started"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral order")

    # Record a contact: saved at once, to meet the errors; the summary takes the focus and its
    # first link takes it to the question.
    keys.tab_to("link", "Record a contact")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact")
    keys.tab_to("button", "Save contact")
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    keys.tab_to("link", "Select the type of contact", within=summary)
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Type of contact").get_by_role("radio").first).to_be_focused()
    keys.focus_shown()

    # Back to the top of the form, then through it in order: the date and time are today's already.
    page.keyboard.press("Shift+Tab")
    keys.choose("Type of contact", "Home visit")
    keys.choose("Attendance", "Attended")
    keys.choose("Enforcement step", "None")
    keys.tab_to("textbox", "Notes (optional)")
    keys.type("Talked about college applications with Jayden and his mum.")
    keys.tab_to("button", "Save contact")
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Contact recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral order")
    contacts = page.get_by_role("table").filter(has_text="Home visit")
    expect(contacts).to_contain_text("Attended")
    case = north["child"].cases.get()
    contact = Contact.objects.get(case=case)
    assert (contact.contact_type, contact.attendance) == (ContactType.HOME_VISIT, Attendance.ATTENDED)
    assert contact.recorded_by == north["case_worker"]
    assert problems == []
    print(f"\n{keys.stops} key presses moved the focus, each to a visible focus state")
