"""axe-core's WCAG 2.2 AA rules on every page, as every role (issue #9, acceptance 5).

The demo data (DESIGN.md §8) is loaded once, so the pages have records in every state to show.
Each role signs in once, in a browser context of its own that bypasses the CSP so that axe can
be injected (the site's own CSP is untouched), and walks from its home page along the links it
is shown. It checks the first page it reaches of each main kind (the service navigation, the
key records, the forms of the main actions); every other page is checked once, by the first
role to reach it. So each role checks what it really sees, and a link shown to a reader who
may not follow it fails the test too. Forms are checked again once submitted untouched (their
error summary); each home page (its navigation collapsed) and, once, each main page at a phone's
width.
"""

import time
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Assessment, Case, CaseStatus, CaseTransfer, Flag, Plan
from cases.selectors import transition_due
from cases.services import case_transfer_request
from family.models import Professional
from governance.models import AuditDomain, Recommendation
from governance.recommendations import load_shipped
from governance.services import inspection_sample_draw
from intelligence.catalogue import ensure_shipped_systems
from intelligence.models import InformationRequest, PoliceSystem, RequestStatus, RequestType
from oocd.catalogue import ensure_shipped_outcomes
from oocd.models import Agency, Decision, Outcome, Panel, PanelItem, Referral
from oocd.services import panel_attendee_add
from risk.models import Meeting  # --- my work ---
from risk.services import meetings as risk_meetings
from risk.services import protection
from risk.services import referrals as risk_referrals
from yjs.demo import load_demo
from yjs.models import User
from yjs.roles import Role
from yjs.tests.emptying import database_emptied
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, UserFactory

from .conftest import AXE, WCAG_22_AA

pytestmark = pytest.mark.browser

# A demo user for each role of yjs/roles.py (caseworker2 is a second case worker, in the other
# team: the same pages). The demo has no panel member: the test adds one, sitting on a panel.
ROLES = {
    Role.CASE_WORKER: "caseworker",
    Role.TEAM_MANAGER: "manager",
    Role.POLICE_OFFICER: "police",
    Role.VICTIM_WORKER: "victimworker",
    Role.PANEL_MEMBER: "panelmember",
    Role.HEAD_OF_SERVICE: "head",
    Role.BOARD_MEMBER: "board",
    # Role.API_CLIENT ("custody-feed"): a service account cannot sign in to the pages (DESIGN §12).
}

APPS = ["cases", "intelligence", "oocd", "custody", "governance", "risk"]
APPS += ["family"]  # --- family ---
APPS += ["court"]  # --- court: hearings ---
APPS += ["interventions"]  # --- interventions ---
NOT_PAGES = {
    # Files.
    "cases:transfer_pack",
    "governance:report_download",
    "governance:subject_access_export",
    "oocd:document_download",
    "oocd:document_version_download",
    # Actions that only answer a POST; attendee_add's errors show on the panel's page, checked below.
    "custody:run_retry",
    "intelligence:close",
    "intelligence:withdraw",
    "oocd:attendee_add",
    # What /intelligence/ shows a police officer (the same view); nothing links to it.
    "intelligence:queue",
    # --- risk: meetings ---
    "risk:meeting_minutes",  # a file
    # --- risk: pages --- (POST-only actions: attendee_add's errors show on the meeting's page)
    "risk:attendee_add",
    "risk:action_complete",
}
# --- notifications --- (the list and the email preferences; opening one redirects to its page)
APPS = [*APPS, "notifications"]
# --- court: orders --- (a case's order and its requirements and breaches; reached from court_order_records)
APPS = [*APPS, "court"]
# --- court: panels --- (reached from the pages of court_panel_records)
APPS = [*APPS, "court"]
NOT_PAGES |= {"notifications:notification_open", "notifications:read_all"}

# --- court: resettlement ---
APPS = [*APPS, "court"]

# The form of a referral, once its child is chosen (the child's record links to it).
CHILD_CHOSEN = {"oocd:referral_new?child"}

# Checked as every role that sees them: the service navigation (yjs/navigation.py), the key
# records and the forms of the main actions.
ROLE_PAGES = {
    "home",
    "cases:index",
    "cases:dashboard",
    "cases:child_search",
    "cases:child_detail",
    "cases:case_detail",
    "cases:assessment_record",
    "cases:contact_record",
    "cases:case_open",
    "intelligence:index",
    "intelligence:my_requests",
    "intelligence:request_detail",
    "intelligence:ask",
    "intelligence:supply",
    "oocd:index",
    "oocd:referral_detail",
    "oocd:referral_new",
    "oocd:referral_new?child",
    "oocd:panel_list",
    "oocd:panel_detail",
    "oocd:panel_decision",
    "oocd:decision_detail",
    "oocd:police_only",
    "custody:index",
    "custody:record_detail",
    "custody:runs",
    "custody:run_detail",
    "custody:upload",
    "governance:index",
    "governance:reports",
    "governance:report_detail",
    "governance:inspection",
    # --- risk: pages ---
    "risk:meeting_list",
    "risk:meeting_detail",
    "risk:referral_list",
    "risk:hearing_decide",
    # --- family ---
    "family:family_page",
    "family:need_history",
    # --- interventions ---
    "interventions:catalogue",
    "interventions:case_interventions",
    # --- browser pages ---
    "governance:board_meetings",
    # --- dashboard --- (each list of the team dashboard, reached from its summary card)
    "cases:dashboard_list",
    # --- court: resettlement ---
    "court:resettlement_list",
    "court:custody_spell_detail",
    "court:resettlement_plan",
}

# Forms checked again once submitted untouched, which each must refuse with an error summary:
# the page, and the button to press when the page has several forms (None: its first).
FORMS_WITH_ERRORS = {
    "password_change": None,
    "cases:child_add": None,
    "cases:flag_raise": None,
    "cases:case_open": None,
    "cases:plan_write": None,
    "cases:contact_record": None,
    "cases:victim_add": None,
    "intelligence:ask": None,
    "intelligence:supply": None,
    "intelligence:addendum_add": None,
    "oocd:referral_new": "Search",
    "oocd:referral_new?child": None,
    "oocd:panel_detail": "Add attendee",
    "oocd:police_only_new": "Search",
    "custody:upload": None,
    "governance:judgement_new": None,
    # --- risk: protection ---
    "risk:mappa_record": None,
    "risk:marac_record": None,
    "risk:safeguarding_referral_record": None,
    "risk:social_care_record": None,
    # --- risk: pages ---
    "risk:meeting_new": None,
    # (risk:meeting_detail's attendee form, with its errors: tests/browser/test_risk_meeting.py; the first
    # role to reach the page here is a case worker, who reads it without its forms.)
    "risk:hearing_add": None,
    "risk:hearing_decide": None,
    "risk:action_add": None,
    "risk:referral_make": None,
    "risk:referral_decline": None,
    # --- risk: oversight ---
    # Returning needs written feedback (countersigning, the page's first button, needs nothing).
    "cases:assessment_countersign": "Return to the case worker",
    "cases:plan_countersign": "Return to the case worker",
    # --- family ---
    "family:family_member_add": None,
    "family:professional_add": None,
    "family:need_record": None,
    # --- interventions ---
    "interventions:intervention_add": None,
    "interventions:referral_make": None,
    "interventions:referral_end": None,
    "interventions:placement_add": None,
    "interventions:session_record": None,
    "interventions:restorative_justice_record": None,
    "interventions:safety_plan_record": None,
    # --- browser pages ---
    "cases:child_edit": None,
    "cases:case_allocate": None,
    "cases:case_restrict": None,
    "cases:case_close": None,
    "cases:transition_decide": None,
    "cases:offence_record": None,
    "cases:assessment_start": None,
    "cases:victim_edit": None,
    # --- police outcomes ---
    "oocd:follow_up_outcome": None,
    # --- court: hearings --- (a report's page is first reached as its author, while it is being written:
    # sent without a proposal, it is refused)
    "court:hearing_add": None,
    "court:hearing_edit": None,
    "court:report_add": None,
    "court:report_detail": "Send for approval",
    # --- court: orders --- (requirement_complete is not here: its one field, the date, is filled with today)
    "court:order_record": None,
    "court:order_end": None,
    "court:requirement_add": None,
    "court:breach_add": None,
    "court:requirement_detail": None,
    "court:breach_detail": None,
    # --- court: resettlement ---
    "court:custody_spell_add": None,
    "court:custody_spell_detail": "Record release",
    "court:resettlement_plan": "Save and complete the plan",
    # --- court: panels ---
    "court:panel_detail": "Record panel held",
    "court:panel_schedule": None,
    "court:volunteer_add": None,
}
# Forms that change a record, filled with it: their text is cleared before they are submitted "empty".
FORMS_OF_A_RECORD = {"cases:child_edit", "cases:victim_edit"}
FORMS_OF_A_RECORD |= {"court:hearing_edit"}  # --- court: hearings ---
FORMS_OF_A_RECORD |= {"court:order_record"}  # --- court: orders --- (the recorded order, to change)


def main_pages() -> set[str]:
    """Every page of the service: the home page, changing a password, and each app's named routes."""
    pages = {"home", "password_change", *CHILD_CHOSEN}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in APPS:
            pages |= {f"{entry.namespace}:{p.name}" for p in entry.url_patterns if isinstance(p, URLPattern)}
    return pages - NOT_PAGES


def page_name(path: str) -> str | None:
    """The page's kind: its route's name (and "?child" once a form's child is chosen)."""
    url = urlsplit(path)
    try:
        name = resolve(url.path).view_name
    except Resolver404:
        return None
    return f"{name}?child" if f"{name}?child" in CHILD_CHOSEN and "child" in parse_qs(url.query) else name


def wcag_violations(page) -> list[str]:
    """axe's WCAG 2.2 AA violations, every one. (GOV.UK Frontend's radios that reveal conditional content
    carry aria-expanded, which ARIA 1.2 does not allow on a radio, alphagov/govuk-frontend#979: the
    service's own static/js/conditional-radios.js takes it off, so no exception is made for them.)"""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(results => results.violations.map(violation => ({
                id: violation.id,
                nodes: violation.nodes.map(node => ({target: node.target.join(' '), summary: node.failureSummary})),
            })))""",
        WCAG_22_AA,
    )
    return [f"{found['id']}: {node['target']}: {node['summary']}" for found in results for node in found["nodes"]]


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def links_on(page, base_url: str) -> list[str]:
    host = urlsplit(base_url).netloc
    paths = []
    for href in page.eval_on_selector_all("header a[href], #main-content a[href]", "as => as.map(a => a.href)"):
        url = urlsplit(urljoin(page.url, href))
        if url.netloc == host:
            paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def submitted_empty(page, button: str | None, *, clear: bool = False) -> bool:
    """Submits a form of the page untouched (``clear``: its text inputs emptied first, for a form filled
    with the record it changes); whether it answered with an error summary."""
    main = page.locator("#main-content")
    if clear:
        for field in main.locator("form[method=post] input[type=text]:visible, form[method=post] textarea").all():
            field.fill("")
    if button:
        main.get_by_role("button", name=button, exact=True).click()
    else:
        main.locator("form[method=post] [type=submit]:visible").first.click()
    try:
        expect(page.locator(".govuk-error-summary")).to_be_visible(timeout=5_000)
    except AssertionError:
        return False
    return True


@dataclass
class Survey:
    """What the walks found, kept across the tests of this module (one walk a role, in ROLES' order),
    so that a page other than the main ones is checked once, by the first role to reach it."""

    checked: dict[str, list[str]] = field(default_factory=dict)  # user: the kinds of page it checked
    violations: dict[str, list[str]] = field(default_factory=dict)  # "user page": what axe found
    problems: list[str] = field(default_factory=list)  # links that do not open, forms with no errors
    forms_with_errors: set[str] = field(default_factory=set)
    checked_by_anyone: set[str] = field(default_factory=set)  # kinds of page
    narrow: set[str] = field(default_factory=set)  # main pages checked at a phone's width
    runs: int = 0  # of axe: the pages, the forms with errors, the pages at a phone's width
    # user: the kinds of page checked by anyone before its walk (its parts all start from there)
    before: dict[str, frozenset[str]] = field(default_factory=dict)
    walked: set[tuple[str, int | None]] = field(default_factory=set)  # (user, part) of the steps done
    found: dict[str, dict[str, str]] = field(default_factory=dict)  # user: the pages its walk found to check

    def check(self, who: str, where: str, page) -> None:
        self.runs += 1
        if found := wcag_violations(page):
            self.violations[f"{who} {where}"] = found

    @property
    def pages_checked(self) -> int:
        return sum(map(len, self.checked.values()))

    def of(self, who: str) -> tuple[dict[str, list[str]], list[str]]:
        """The violations and problems found as ``who``."""
        violations = {where: found for where, found in self.violations.items() if where.startswith(f"{who} ")}
        return violations, [problem for problem in self.problems if problem.startswith(f"{who}: ")]

    def signed_out(self, browser, base_url: str) -> None:
        """The sign-in page, as it first shows and with its errors."""
        anonymous = browser.new_context(locale="en-GB", bypass_csp=True)
        page = anonymous.new_page()
        page.goto(f"{base_url}/accounts/login/")
        self.check("signed out", "sign in", page)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        self.check("signed out", "sign in with errors", page)
        anonymous.close()

    def walk(
        self, browser, base_url: str, password: str, username: str, rare_records: list[str], part: int, parts: int
    ) -> None:
        """Signs in as ``username``; on its first step, walks from its home page (then ``rare_records``:
        pages of records in states the first links may not show) along the links it is shown, finding
        the first page of each kind in ROLE_PAGES it reaches and every other page no walk has checked.
        A step with a ``part`` checks the pages found that fall to it.

        A long walk is taken in steps (``parts`` > 1): the walk alone first, then ``parts`` steps that
        each open and check only their own pages, so that no test walks for long."""
        context = browser.new_context(locale="en-GB", bypass_csp=True)
        page = context.new_page()  # axe is added to the pages it checks, not to every page it opens
        sign_in(page, base_url, username, password)
        if username not in self.found:
            self.found[username] = self.pages_to_check(page, base_url, username, rare_records)
        if part is not None:
            self.check_pages(page, base_url, username, part, parts)
        context.close()
        self.walked.add((username, part))

    def pages_to_check(self, page, base_url: str, username: str, rare_records: list[str]) -> dict[str, str]:
        """Each kind of page the walk reaches that it checks, with the path it was reached by, in order."""
        pages = main_pages()
        before = self.before.setdefault(username, frozenset(self.checked_by_anyone))
        found = {}  # kind of page: the path it was first reached by
        queue, seen = deque(["/", *rare_records]), set()
        while queue:
            path = queue.popleft()
            name = page_name(path)
            if name not in pages or path in seen:
                continue
            to_check = name not in found and (name in ROLE_PAGES or name not in before)
            if not to_check and path not in rare_records:  # which are opened for their links
                continue
            seen.add(path)
            response = page.goto(f"{base_url}{path}")
            if response.status != 200:
                if path not in rare_records:  # which this user may not be allowed to see
                    self.problems.append(f"{username}: a link to {path} answers {response.status}")
                continue
            queue.extend(links_on(page, base_url))
            name = page_name(page.url) or name  # where a redirect led
            if name in found or (name not in ROLE_PAGES and name in before):
                continue
            found[name] = path
        return found

    def check_pages(self, page, base_url: str, username: str, part: int, parts: int) -> None:
        """axe on the pages found that fall to this part, each form among them again once submitted
        untouched; then, at a phone's width, the home page (its navigation collapses) and the main
        pages that no one has checked so yet."""
        checked = self.checked.setdefault(username, [])
        checked_at = {}  # kind of page: the path checked
        for name, path in self.found[username].items():
            if zlib.crc32(name.encode()) % parts != part:  # another part's
                continue
            page.goto(f"{base_url}{path}")
            checked.append(name)
            checked_at[name] = path
            self.checked_by_anyone.add(name)
            self.check(username, path, page)
            if name in FORMS_WITH_ERRORS and name not in self.forms_with_errors:
                self.forms_with_errors.add(name)
                if submitted_empty(page, FORMS_WITH_ERRORS[name], clear=name in FORMS_OF_A_RECORD):
                    self.check(username, f"{path} with errors", page)
                else:
                    self.problems.append(f"{username}: {path} accepted an empty form")
        page.set_viewport_size({"width": 375, "height": 800})
        for name, path in checked_at.items():
            if name == "home" or (name in ROLE_PAGES and name not in self.narrow):
                self.narrow.add(name)
                page.goto(f"{base_url}{path}")
                self.check(username, f"{path} at 375px wide", page)


# The walks of this module's tests, in ROLES' order (pytest runs a module's tests in order).
SURVEY = Survey()


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's, but for the demo made once for the module (``demo``): its tests do not empty
    the database when they end as a transactional test does (``live_server`` otherwise makes each
    test one, and each part of a walk would load the demo again)."""
    live_server = request.getfixturevalue("live_server") if "live_server" in request.fixturenames else None
    if live_server is not None:
        live_server._live_server_modified_settings.enable()
    yield
    if live_server is not None:
        live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, analyse) -> Iterator[list[str]]:
    """The demo data, and the pages of its records in rarer states, made once for the module's walks
    (committed, for the live server's threads) and emptied when they are done."""
    with django_db_blocker.unblock():
        try:
            yield demo_records(analyse)
        finally:
            database_emptied()


def demo_records(analyse) -> list[str]:
    # A transactional test before may have emptied every table, what data migrations made included.
    for role in Role:
        Group.objects.get_or_create(name=role)
    ensure_shipped_systems(PoliceSystem)
    ensure_shipped_outcomes(Outcome)
    load_shipped(model=Recommendation)
    load_demo(password=DEFAULT_TEST_PASSWORD)
    analyse()
    manager = User.objects.get(username="manager")
    inspection_sample_draw(by=manager, domain=AuditDomain.COURT, size=5, seed="accessibility")
    member = UserFactory(username="panelmember", first_name="Ruth", last_name="Adeyemi", roles=[Role.PANEL_MEMBER])
    panel_attendee_add(
        panel=Panel.objects.filter(items__isnull=False).order_by("-held_on").first(),
        by=manager,
        name=member.get_full_name(),
        agency=Agency.OTHER,
        role="Community panel member",
        user=member,
    )
    # The demo's only pending transfer is in the South team, which no demo manager runs.
    case = Case.objects.filter(team__slug="north", allocated_to__username="caseworker", status=CaseStatus.OPEN)
    case_transfer_request(
        case=case.order_by("pk").first(),
        by=manager,
        home_service="North YJS",
        host_service="Leeds YJS",
        reason="The child has moved to live with their grandparents in Leeds.",
    )
    # --- risk: protection ---
    # The same case (its page is a rare record's) with one of each, so their forms to change them are reached.
    protection_records(case=case.order_by("pk").first(), by=manager)
    risk_meeting_records(manager)  # --- risk: pages ---
    court = court_hearing_pages(manager)  # --- court: hearings ---
    court += court_order_records()  # --- court: orders ---
    court += custody_records()  # --- court: resettlement ---
    court += court_panel_records()  # --- court: panels ---
    return [*rare_records(), transition_to_decide(), *court]  # --- browser pages ---


def protection_records(*, case: Case, by: User) -> None:
    week_ago = timezone.localdate() - timedelta(days=7)
    protection.mappa_record(case=case, by=by, category=2, level=2, referred_on=week_ago, lead_agency="Probation")
    protection.marac_record(case=case, by=by, referred_on=week_ago, reference="MARAC-1")
    protection.safeguarding_referral_record(
        case=case, by=by, referred_to="childrens_social_care", referred_on=week_ago, concern="Going missing overnight"
    )
    protection.social_care_status_record(child=case.child, by=by, status="child_in_need", from_date=week_ago)


def risk_meeting_records(manager: User) -> None:
    """North's risk and vulnerability meeting today, each page of it reachable: a case heard and
    decided, with an action the case worker owns; a case on the agenda still to decide; a case
    referred and waiting (to add to the agenda, or to decline)."""
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(team__slug="north", allocated_to__username="caseworker", status=CaseStatus.OPEN)
        .exclude(risk_hearings__isnull=False)
        .order_by("pk")[:3]
    )
    heard, to_decide, waiting = cases
    worker = User.objects.get(username="caseworker")
    meeting = risk_meetings.meeting_create(team=heard.team, by=manager, held_on=today, chair=manager)
    risk_meetings.attendee_add(meeting=meeting, by=manager, name="PC Ada Hughes", agency="Police", role="Officer")
    hearing = risk_meetings.hearing_add(meeting=meeting, by=manager, case=heard)
    risk_meetings.hearing_decide(
        hearing=hearing,
        by=manager,
        risk_of_serious_harm="high",
        safety_and_wellbeing="medium",
        external_controls="Curfew from 7pm to 7am",
        contingency="The police are told at once of a breach",
        decision="Stays under the meeting's oversight",
        next_review_on=today + timedelta(days=28),
    )
    risk_meetings.action_add(hearing=hearing, by=manager, description="Home visit", due_on=today, owner=worker)
    risk_meetings.hearing_add(meeting=meeting, by=manager, case=to_decide)
    risk_referrals.referral_make(case=waiting, by=worker, detail="Seen with older men late at night")


def rare_records() -> list[str]:
    """Pages of the demo's records in states the first links a walk follows may not show (in the
    North team, the case worker's and the manager's): an assessment to record, a pending transfer,
    a flag to remove, a request to answer, an urgent request still to be written, a safeguarding
    concern still to be referred, a referral with a victim still to be decided (the newest
    referrals may all be decided, depending on the day). Each user opens those it may for their
    links."""
    north = {"case__team__slug": "north", "case__allocated_to__username": "caseworker"}
    assessment = Assessment.objects.filter(completed_date__isnull=True, **north)
    transfer = CaseTransfer.objects.filter(accepted_on__isnull=True, case__status=CaseStatus.OPEN, **north)
    flag = Flag.objects.filter(
        removed_at__isnull=True, child__cases__team__slug="north", child__cases__allocated_to__username="caseworker"
    )
    requests = InformationRequest.objects.order_by("pk")
    open_request = requests.filter(status=RequestStatus.OPEN)
    urgent = requests.filter(request_type=RequestType.URGENT, written_request_at__isnull=True, **north).exclude(
        status=RequestStatus.WITHDRAWN
    )
    concern = requests.filter(supplied_at__isnull=False, safeguarding_concern=True, safeguarding_referral_at=None)
    to_decide = Referral.objects.filter(decision__isnull=True, withdrawn_at__isnull=True, has_victim=True)
    plan_to_sign = Plan.objects.filter(
        countersigned_at__isnull=True, returns__isnull=True, case__status=CaseStatus.OPEN, **north
    ).order_by("pk")
    meeting_to_decide = Meeting.objects.filter(  # --- my work ---
        team__slug="north", hearings__decided_at__isnull=True
    ).order_by("-held_on", "-pk")
    professionals = Professional.objects.filter(
        child__cases__team__slug="north", child__cases__allocated_to__username="caseworker"
    ).order_by("pk")
    caution = Decision.objects.filter(
        outcome__code="youth_conditional_caution", delivered_at__isnull=True, referral__case__team__slug="north"
    ).order_by("pk")
    records = [
        ("an assessment to record", "/cases/{}/", assessment.values_list("case_id", flat=True)),
        ("a pending transfer", "/cases/{}/", transfer.values_list("case_id", flat=True)),
        ("a flag", "/cases/children/{}/", flag.values_list("child_id", flat=True)),
        ("an open request", "/intelligence/requests/{}/", open_request.values_list("pk", flat=True)),
        ("an urgent request", "/intelligence/requests/{}/", urgent.values_list("pk", flat=True)),
        ("a concern to refer", "/intelligence/requests/{}/", concern.values_list("pk", flat=True)),
        ("a referral to decide", "/oocd/referrals/{}/", to_decide.order_by("pk").values_list("pk", flat=True)),
        # --- risk: oversight ---
        ("a plan to countersign", "/cases/{}/", plan_to_sign.values_list("case_id", flat=True)),
        # --- merged #20 --- (the home page's work now leads elsewhere first)
        ("a professional around the child", "/family/children/{}/", professionals.values_list("child_id", flat=True)),
        ("a conditional caution to deliver", "/oocd/decisions/{}/", caution.values_list("pk", flat=True)),
        # --- my work ---
        # The home page's risk actions link to their (decided) meetings, which a walk may reach first.
        ("a meeting with a case to decide", "/risk/meetings/{}/", meeting_to_decide.values_list("pk", flat=True)),
    ]
    paths = []
    for state, path, ids in records:
        pk = ids.first()
        assert pk is not None, f"the demo data has no record with {state}"
        paths.append(path.format(pk))
    # --- dashboard --- (the dashboard's list of assessments awaiting countersignature, for its links to
    # the countersigning form: a walk opens only the first of the dashboard's lists it reaches)
    paths.append("/cases/dashboard/countersign/")
    # --- merged #20 --- (a panel's referral still to decide, its form opened directly: which panel a
    # walk reaches first depends on the day)
    undecided = PanelItem.objects.filter(
        referral__decision__isnull=True, referral__withdrawn_at__isnull=True, referral__case__team__slug="north"
    ).order_by("-panel__held_on", "pk")
    if item := undecided.values_list("panel_id", "referral_id").first():
        paths.append("/oocd/panels/{}/referrals/{}/decision/".format(*item))
    paths.append(interventions_showcase())  # --- interventions ---
    return paths


# --- court: hearings ---
def court_hearing_pages(manager: User) -> list[str]:
    """A North court order case of the case worker with a hearing that asked for a report, and its
    reports in each state (the first, still being written, is the report page the walks reach first);
    the pages of the court list, the reports and the child's hearings, which the case pages may not link."""
    from court.services import hearings as court_hearings
    from court.services import reports as court_reports

    worker, today = User.objects.get(username="caseworker"), timezone.localdate()
    case = (
        Case.objects.filter(team__slug="north", allocated_to=worker, status=CaseStatus.OPEN, restricted=False)
        .filter(case_type__in=["referral_order", "youth_rehabilitation_order", "detention_and_training_order"])
        .order_by("pk")
        .first()
    )
    heard_on = today - timedelta(days=3)
    court_hearings.hearing_record(
        child=case.child, case=case, by=worker, heard_on=heard_on, court="Leeds Youth Court",
        hearing_type="plea", outcome="report_requested", next_hearing_on=today + timedelta(days=14),
        duty_officer_note="Pleaded guilty; a report was asked for",
    )  # fmt: skip
    draft = court_reports.report_create(case=case, by=worker, requested_on=heard_on)
    for steps in (["send"], ["send", "return"], ["send", "approve"], ["send", "approve", "submit"]):
        report = court_reports.report_create(case=case, by=worker, requested_on=heard_on, proposal="referral_order")
        for step in steps:
            if step == "send":
                court_reports.report_send(report=report, by=worker)
            elif step == "return":
                court_reports.report_return(report=report, by=manager, feedback="Say what the victim wants")
            elif step == "approve":
                court_reports.report_approve(report=report, by=manager)
            else:
                court_reports.report_submit(report=report, by=worker, submitted_on=today)
    return [
        f"/court/reports/{draft.pk}/",
        "/court/reports/",
        f"/court/hearings/?on={heard_on.isoformat()}",
        f"/court/children/{case.child_id}/hearings/",
    ]


# --- interventions ---
def interventions_showcase() -> str:
    """The interventions page of the demo's North case of the case worker with one of each record still open
    to record on (a referral under way, a placement with hours remaining, restorative justice, a safety
    plan), for the links to their forms."""
    from interventions.models import InterventionReferral, ReparationPlacement, VictimSafetyPlan

    referrals = InterventionReferral.objects.filter(
        ended_on__isnull=True,
        case__status=CaseStatus.OPEN,
        case__team__slug="north",
        case__allocated_to__username="caseworker",
        case__in=ReparationPlacement.objects.filter(completed_on__isnull=True).values("case"),
        case__restorative_justice__isnull=False,
    ).filter(case__in=VictimSafetyPlan.objects.values("case"))
    case_id = referrals.order_by("case_id").values_list("case_id", flat=True).first()
    assert case_id is not None, "the demo data has no case with every interventions record open"
    return f"/interventions/cases/{case_id}/"


# --- browser pages ---
def transition_to_decide() -> str:
    """The page of a North case of the case worker whose child turns 18 before its order ends, with no
    decision at 18 yet (its manager is offered to record it): the demo's, or one made so."""
    cases = Case.objects.filter(
        team__slug="north", allocated_to__username="caseworker", status=CaseStatus.OPEN, transition__isnull=True
    ).select_related("child")
    case = next((case for case in cases.order_by("pk") if transition_due(case)), None)
    if case is None:
        case = cases.order_by("child__date_of_birth", "pk").first()
        ends = case.child.date_of_birth + relativedelta(years=18, months=1)
        Case.objects.filter(pk=case.pk).update(order_end_date=ends)
    return f"/cases/{case.pk}/"


# --- court: orders ---
def court_order_records() -> list[str]:
    """A North youth rehabilitation order of the case worker's (a 16-year-old's): unpaid work with hours done,
    a supervision requirement to complete by hand, a warning in the contacts and breach proceedings awaiting
    the court; its page leads to every page of the order."""
    from cases import services as case_services
    from court.services import orders as order_services

    today = timezone.localdate()
    worker, manager = User.objects.get(username="caseworker"), User.objects.get(username="manager")
    child = case_services.child_create(
        by=worker,
        surname="Okoro",
        forenames="Tayo",
        date_of_birth=today - relativedelta(years=16, months=2),
        gender="M",
    )
    case = case_services.case_open(
        child=child, by=manager, case_type="youth_rehabilitation_order", team=worker.teams.get(slug="north"),
        start_date=today - timedelta(days=30), allocated_to=worker,
    )  # fmt: skip
    order = order_services.order_record(
        case=case, by=worker, order_type="youth_rehabilitation_order", court="Leeds Youth Court",
        made_on=today - timedelta(days=30), length_months=12,
    )  # fmt: skip
    unpaid = order_services.requirement_add(
        order=order, by=worker, requirement_type="unpaid_work", starts_on=order.made_on, hours_ordered=60
    )
    order_services.requirement_progress_record(requirement=unpaid, by=worker, done_on=today, hours=6, note="Park")
    order_services.requirement_add(order=order, by=worker, requirement_type="supervision", starts_on=order.made_on)
    warning = case_services.contact_record(
        case=case, by=worker, contact_type="office", scheduled_at=timezone.now() - timedelta(days=3),
        attendance="did_not_attend", enforcement_step="warning",
    )  # fmt: skip
    order_services.breach_lay(
        order=order, by=worker, laid_on=today, reason="Missed appointments", enforcement_contacts=[warning]
    )
    return [f"/court/cases/{case.pk}/order/"]


# --- court: panels ---
def court_panel_records() -> list[str]:
    """Community panel volunteers (one whose DBS check lapses soon, one lapsed) and two referral orders of
    the case worker's North cases: one with its initial panel to hold (its form), one held with its
    contract. The pages: the panels to hold, the volunteers, and each panel's."""
    from court.models import Order
    from court.services.panels import panel_hold, panel_schedule_initial
    from court.services.volunteers import volunteer_add

    today, manager = timezone.localdate(), User.objects.get(username="manager")
    worker = User.objects.get(username="caseworker")
    year = relativedelta(years=1)
    volunteers = [
        volunteer_add(by=manager, name=name, vetted_on=today - year, vetting_expires_on=today + lapses,
                      trained_on=today - year, email="panel@volunteers.example")
        for name, lapses in (("Olu Adebayo", 2 * year), ("Kath Reilly", 2 * year), ("Sam Ford", timedelta(days=20)))
    ]  # fmt: skip
    volunteer_add(by=manager, name="Pat Lowe", vetted_on=today - 3 * year, vetting_expires_on=today - timedelta(days=9))
    cases = Case.objects.filter(
        team__slug="north", allocated_to__username="caseworker", status=CaseStatus.OPEN, court_order__isnull=True
    ).order_by("pk")[:2]
    panels = []
    for case in cases:
        made_on = today - timedelta(days=30)
        order = Order.objects.create(
            case=case, order_type="referral_order", court="Leeds Youth Court", made_on=made_on, length_months=6,
            ends_on=made_on + relativedelta(months=6), recorded_by=manager,
        )  # fmt: skip
        panels.append(panel_schedule_initial(order=order))
    to_hold, held = panels
    contract = {"activities": "Weekly sessions", "reparation": "Ten hours at the allotment", "child_signed_on": today,
                "parent_signed_on": today}  # fmt: skip
    panel_hold(panel=held, by=worker, held_on=today, volunteers=volunteers[:2], yjs_member=worker,
               outcome="contract_agreed", contract=contract)  # fmt: skip
    return ["/court/panels/", "/court/volunteers/", f"/court/panels/{to_hold.pk}/", f"/court/panels/{held.pk}/"]


def test_the_sign_in_page_meets_wcag_22_aa(live_server, demo, browser):
    SURVEY.signed_out(browser, live_server.url)
    assert SURVEY.of("signed out") == ({}, [])


# The roles whose walks are long (they reach most of the service): the walk, then the checks in parts,
# a test each.
PARTS = {"caseworker": 5, "manager": 4, "head": 2, "police": 2}
WALKS = [
    pytest.param(username, part, PARTS.get(username, 1), id=username if username not in PARTS else f"{username}-{step}")
    for username in ROLES.values()
    for step, part in enumerate([None, *range(PARTS[username])] if username in PARTS else [0])
]


@pytest.mark.parametrize(("username", "part", "parts"), WALKS)
def test_every_page_a_role_reaches_meets_wcag_22_aa(live_server, demo, browser, username, part, parts):
    """One walk a role (the longest taken in steps), so that no test walks the whole service: a role's
    walk checks the main pages it sees and the pages no earlier role's walk checked."""
    started, runs = time.monotonic(), SURVEY.runs
    SURVEY.walk(browser, live_server.url, DEFAULT_TEST_PASSWORD, username, rare_records=demo, part=part, parts=parts)
    names = SURVEY.checked.get(username, [])
    step = "the walk" if part is None else f"{part + 1} of {parts}"
    print(
        f"\n{username} ({step}): {len(SURVEY.found[username])} kinds of page to check; axe checked {len(names)} so far,"
        f" {len(ROLE_PAGES.intersection(names))} of them main pages ({SURVEY.runs - runs} runs, with the forms"
        f" with errors and the pages at a phone's width) in {time.monotonic() - started:.0f} s"
    )
    assert SURVEY.of(username) == ({}, [])


def test_every_page_and_form_was_checked_by_some_role():
    """Together the walks reached every page of the service, and every form with its errors."""
    if len(SURVEY.walked) != len(WALKS):
        pytest.skip("runs after the walks of every role (this module as a whole)")
    assert SURVEY.violations == {}
    assert SURVEY.problems == []
    reached = {name for names in SURVEY.checked.values() for name in names}
    assert sorted(main_pages() - reached) == [], "pages no role reached"
    assert sorted(FORMS_WITH_ERRORS.keys() - SURVEY.forms_with_errors) == [], "forms not checked with errors"


def test_the_check_finds_every_violation_aria_expanded_on_a_radio_included(axe_page):
    """No exception for GOV.UK Frontend's conditional radios: aria-expanded on a radio is a violation
    like any other (the service's pages carry none, static/js/conditional-radios.js)."""
    axe_page.set_content(
        """<!DOCTYPE html><html lang="en-GB"><head><title>Check</title></head><body><main>
        <h1>Check</h1>
        <fieldset><legend>Contacted</legend>
          <input type="radio" id="yes" name="contacted" aria-controls="reveal" aria-expanded="false">
          <label for="yes">Yes</label>
          <input type="radio" id="no" name="contacted" aria-expanded="false" aria-pressed="false">
          <label for="no">No</label>
        </fieldset>
        <div id="reveal"></div>
        <input type="text" id="unlabelled">
        </main></body></html>"""
    )
    found = wcag_violations(axe_page)
    assert [violation.split(":")[0] for violation in found] == ["aria-allowed-attr", "aria-allowed-attr", "label"]
    assert "#yes" in found[0] and "#no" in found[1]


# --- court: resettlement ---
def custody_records() -> list[str]:
    """A North detention and training order case of the case worker's with the child in custody, release
    in 10 working days and the resettlement plan overdue: its page (the custody section links to the spell,
    its plan and the list of children in custody)."""
    from cases import services as case_services
    from cases.models import CaseType
    from court.services import resettlement
    from yjs.working_days import add_working_days

    worker, manager = User.objects.get(username="caseworker"), User.objects.get(username="manager")
    today = timezone.localdate()
    child = case_services.child_create(
        by=worker, surname="Walker", forenames="Jordan", date_of_birth=today - relativedelta(years=16), gender="M"
    )
    case = case_services.case_open(
        child=child, by=manager, case_type=CaseType.DETENTION_AND_TRAINING_ORDER, team=worker.teams.get(slug="north"),
        start_date=today - timedelta(days=60), order_end_date=today + relativedelta(months=6), allocated_to=worker,
    )  # fmt: skip
    resettlement.custody_spell_record(
        case=case, by=worker, establishment_type="yoi", establishment="HMYOI Wetherby",
        custody_from=today - timedelta(days=60), release_on=add_working_days(today, 10),
        supervision_on_release="notice_of_supervision", licence_conditions="Curfew 7pm to 7am",
    )  # fmt: skip
    return [f"/cases/{case.pk}/"]
