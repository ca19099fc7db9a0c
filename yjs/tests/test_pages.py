import re
from html.parser import HTMLParser

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yjs.forms import ChangePasswordForm, SignInForm
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

SERVICE_NAME = "Youth Justice Case Management"
SECTIONS = ["cases:index", "intelligence:index", "oocd:index", "custody:index", "governance:index"]
SIGNED_IN_PAGES = ["home", *SECTIONS, "password_change", "password_change_done"]
EVERY_SECTION = [
    "Home",
    "Cases",
    "Risk meetings",
    "Court",
    "Interventions",
    "Information requests",
    "Out-of-court disposals",
    "Custody",
    "Board and inspection",
]


class Page(HTMLParser):
    """What the tests read from a page: link texts (with their classes), h1s and script nonces."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[set[str], str]] = []
        self.h1_count = 0
        self.nonces: list[str] = []
        self._in_link = False
        self.feed(html)

    @classmethod
    def of(cls, response) -> "Page":
        return cls(response.content.decode())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        elif tag == "script" and "nonce" in attrs:
            self.nonces.append(attrs["nonce"])
        elif tag == "a":
            self._in_link = True
            self.links.append((set((attrs.get("class") or "").split()), ""))

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False

    def handle_data(self, data):
        if self._in_link:
            classes, text = self.links[-1]
            self.links[-1] = (classes, text + data)

    def link_texts(self, css_class: str | None = None) -> list[str]:
        return [" ".join(text.split()) for classes, text in self.links if css_class is None or css_class in classes]


def title_element(page_title: str) -> str:
    return f"<title>{page_title} \N{EN DASH} {SERVICE_NAME}</title>"


def nav_labels(response) -> list[str]:
    return Page.of(response).link_texts("govuk-service-navigation__link")


@pytest.fixture
def team(db):
    return TeamFactory(name="North", slug="north")


def user_with(*roles, team=None, **kwargs):
    return UserFactory(roles=list(roles), teams=[team] if team else [], **kwargs)


# --- Signed out --------------------------------------------------------------------


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, db, url_name):
    path = reverse(url_name)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={path}"


def test_sign_in_page_names_the_service_and_shows_no_navigation(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert SERVICE_NAME in html
    assert title_element("Sign in") in html
    assert "govuk-service-navigation" not in html
    assert "Sign out" not in html
    assert "API documentation" not in html
    assert isinstance(response.context["form"], SignInForm)
    assert Page.of(response).h1_count == 1


def test_signing_in_goes_to_the_page_asked_for(client, team):
    user_with(Role.CASE_WORKER, team=team, username="caseworker")
    response = client.post(
        reverse("login"), {"username": "caseworker", "password": DEFAULT_TEST_PASSWORD, "next": "/cases/"}
    )
    assert response.status_code == 302
    assert response.url == "/cases/"


def test_a_wrong_password_shows_an_error_summary(client, team):
    user_with(Role.CASE_WORKER, team=team, username="caseworker")
    response = client.post(reverse("login"), {"username": "caseworker", "password": "not-my-password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert '<a href="#id_username">Enter a correct username and password</a>' in html
    assert title_element("Error: Sign in") in html
    assert "_auth_user_id" not in client.session


def test_empty_sign_in_fields_are_named_in_the_error_summary(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert "govuk-form-group--error" in html
    assert "govuk-input--error" in html


def test_a_locked_account_is_told_what_to_do(client, team, settings):
    user_with(Role.CASE_WORKER, team=team, username="caseworker")
    for _ in range(5):
        client.post(reverse("login"), {"username": "caseworker", "password": "not-my-password"})
    response = client.post(reverse("login"), {"username": "caseworker", "password": DEFAULT_TEST_PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Your account is locked" in html
    assert f"Wait {round(settings.AXES_COOLOFF_TIME * 60)} minutes before you try to sign in again" in html
    assert "contact your manager" in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- Navigation by role ----------------------------------------------------------------

EXPECTED_NAVIGATION = {
    Role.CASE_WORKER: ["Home", "Cases", "Risk meetings", "Court", "Interventions", "Information requests"],
    Role.TEAM_MANAGER: EVERY_SECTION,
    Role.POLICE_OFFICER: ["Home", "Cases", "Information requests", "Out-of-court disposals", "Custody"],
    Role.VICTIM_WORKER: ["Home", "Cases", "Out-of-court disposals"],
    Role.PANEL_MEMBER: ["Home", "Out-of-court disposals"],
    Role.HEAD_OF_SERVICE: EVERY_SECTION,
    Role.BOARD_MEMBER: ["Home", "Board and inspection"],
    Role.API_CLIENT: ["Home"],
}


@pytest.mark.parametrize(("role", "expected"), EXPECTED_NAVIGATION.items())
def test_each_role_sees_its_own_navigation(client, team, role, expected):
    client.force_login(user_with(role, team=team))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert [item["label"] for item in response.context["navigation"]] == expected
    assert nav_labels(response) == expected


def test_a_user_with_several_roles_sees_the_sections_of_each(client, team):
    client.force_login(user_with(Role.CASE_WORKER, Role.VICTIM_WORKER, team=team))
    response = client.get(reverse("home"))
    assert nav_labels(response) == [
        *("Home", "Cases", "Risk meetings", "Court", "Interventions", "Information requests", "Out-of-court disposals")
    ]


def test_a_board_member_never_sees_a_link_to_case_sections(client, db):
    client.force_login(user_with(Role.BOARD_MEMBER))
    for url_name in ["home", "governance:index"]:
        links = Page.of(client.get(reverse(url_name))).link_texts()
        assert "Board and inspection" in links
        assert not {"Cases", "Information requests", "Custody", "Out-of-court disposals"} & set(links)


def test_the_current_section_is_marked_for_assistive_technology(client, team):
    client.force_login(user_with(Role.POLICE_OFFICER, team=team))
    html = client.get(reverse("custody:index")).content.decode()
    current = re.findall(r'href="([^"]+)" aria-current="page"', html)
    assert current == [reverse("custody:index")]
    assert "govuk-service-navigation__item--active" in html


# --- Pages ------------------------------------------------------------------------------


def test_home_welcomes_the_user_and_describes_their_sections(client, team):
    client.force_login(user_with(Role.POLICE_OFFICER, team=team, first_name="Priya", last_name="Shah"))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Welcome, Priya" in html
    assert "Answer information requests and record what you searched" in html
    assert "Signed in as <strong>Priya Shah</strong>" in html
    assert Page.of(response).link_texts("govuk-link") == [
        "Cases",
        "Information requests",
        "Out-of-court disposals",
        "Custody",
    ]


def test_home_for_a_board_member_offers_only_board_reports(client, db):
    client.force_login(user_with(Role.BOARD_MEMBER, first_name="Ann"))
    response = client.get(reverse("home"))
    assert Page.of(response).link_texts("govuk-link") == ["Board and inspection"]
    assert "Read board reports" in response.content.decode()


def test_home_for_a_user_without_a_role_says_how_to_get_one(client, db):
    client.force_login(user_with())
    html = client.get(reverse("home")).content.decode()
    assert "You do not have access to any part of the service yet" in html


@pytest.mark.parametrize(
    ("url_name", "title", "heading"),
    [
        ("home", "Home", "Welcome"),
        ("cases:index", "Cases", "Cases"),
        ("intelligence:index", "Information requests", "Information requests"),
        ("oocd:index", "Out-of-court disposals", "Out-of-court disposals"),
        ("custody:index", "Custody", "Custody"),
        ("governance:index", "Board and inspection", "Board and inspection"),
        ("password_change", "Change your password", "Change your password"),
    ],
)
def test_signed_in_pages_follow_the_govuk_template(client, team, url_name, title, heading):
    client.force_login(user_with(Role.HEAD_OF_SERVICE, team=team))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert Page.of(response).h1_count == 1
    assert re.search(rf'<h1 class="govuk-heading-l">{heading}', html)
    assert title_element(title) in html
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert "govuk-phase-banner" in html
    assert "Beta" in html
    assert f'href="{reverse("api-docs")}"' in html
    assert '<script type="module" src="/assets/js/app.js"></script>' in html
    assert "/assets/govuk/govuk-frontend.min.css" in html
    assert "/assets/moj/moj-frontend.min.css" in html
    assert " style=" not in html


def test_pages_carry_a_csp_without_unsafe_inline_and_a_nonce_on_the_inline_script(client, team):
    client.force_login(user_with(Role.CASE_WORKER, team=team))
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "'self'" in directives["style-src"]
    nonces = Page.of(response).nonces
    assert len(nonces) == 1
    assert f"'nonce-{nonces[0]}'" in directives["script-src"]


def test_static_assets_the_pages_use_are_served(client, db):
    for path in [
        "/assets/govuk/govuk-frontend.min.css",
        "/assets/govuk/govuk-frontend.min.js",
        "/assets/moj/moj-frontend.min.css",
        "/assets/moj/moj-frontend.min.js",
        "/assets/css/app.css",
        "/assets/js/app.js",
        "/assets/fonts/bold-b542beb274-v2.woff2",
        "/assets/images/app-icon.svg",
    ]:
        assert client.get(path).status_code == 200, path


def test_messages_are_shown_as_notification_banners(rf, team):
    request = rf.get("/")
    request.user = user_with(Role.CASE_WORKER, team=team)
    html = render_to_string(
        "home.html",
        {"messages": [Message(messages.SUCCESS, "Case allocated"), Message(messages.INFO, "Review due")]},
        request=request,
    )
    assert "govuk-notification-banner govuk-notification-banner--success" in html
    assert 'id="govuk-notification-banner-title-1">Success</h2>' in html
    assert 'id="govuk-notification-banner-title-2">Important</h2>' in html
    assert "Case allocated" in html
    assert "Review due" in html


def test_the_navigation_queries_do_not_grow_with_roles_or_teams(client, db, django_assert_max_num_queries):
    """Measured on a page that shows only the navigation (the home page also shows the person's work,
    whose queries tests/performance/test_query_counts.py counts)."""
    one_role = user_with(Role.BOARD_MEMBER)
    every_role = user_with(*Role, team=TeamFactory(name="South", slug="south"))
    every_role.teams.add(TeamFactory(name="North", slug="north"))

    counts = []
    for user in (one_role, every_role):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("password_change")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

    # Session, user, their roles, and saving the session (its idle timeout restarts).
    # --- notifications --- and the header's count of their unread notifications.
    with django_assert_max_num_queries(7):
        client.get(reverse("password_change"))


# --- Signing out and passwords --------------------------------------------------------------


def test_sign_out_needs_a_post_and_ends_the_session(client, team):
    client.force_login(user_with(Role.CASE_WORKER, team=team))
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_the_sign_out_button_posts_with_a_csrf_token(client, team):
    client.force_login(user_with(Role.CASE_WORKER, team=team))
    html = client.get(reverse("home")).content.decode()
    form = re.search(r'<form method="post" action="/accounts/logout/".*?</form>', html, re.S)
    assert form
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert ">Sign out</button>" in form.group(0)


def test_changing_the_password(client, team):
    user = user_with(Role.CASE_WORKER, team=team)
    client.force_login(user)
    response = client.get(reverse("password_change"))
    assert isinstance(response.context["form"], ChangePasswordForm)

    new_password = "a-much-longer-new-passphrase"
    response = client.post(
        reverse("password_change"),
        {"old_password": DEFAULT_TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert "Password changed" in client.get(response.url).content.decode()


def test_password_change_errors_use_govuk_wording(client, team):
    client.force_login(user_with(Role.CASE_WORKER, team=team))
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "a-much-longer-new-passphrase", "new_password2": "different"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_old_password">Your current password is not right. Enter it again</a>' in html
    assert '<a href="#id_new_password2">Enter the same new password in both fields</a>' in html
    assert "<title>Error: Change your password" in html


def test_sign_in_form_wording(db):
    form = SignInForm(RequestFactory().post("/"), data={"username": "", "password": ""})
    assert not form.is_valid()
    assert form.errors == {"username": ["Enter your username"], "password": ["Enter your password"]}


# --- Error pages -------------------------------------------------------------------------------


def test_an_unknown_address_shows_the_page_not_found_page(client, team):
    client.force_login(user_with(Role.CASE_WORKER, team=team))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title_element("Page not found") in html
    assert nav_labels(response) == EXPECTED_NAVIGATION[Role.CASE_WORKER]


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert title_element("Sorry, there is a problem with the service") in html
    assert "govuk-service-navigation" not in html
