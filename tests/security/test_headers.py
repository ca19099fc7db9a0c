"""Response headers and page markup on every page, as every role sees it, and CSRF on every form.

The pages are found by walking the demo service (tests/security/conftest.py) from the home
page as each demo user, following the links each is shown; every HTML page is checked:

- a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', whose script nonce
  is on every inline script; no inline styles, style elements or event handler attributes
  (the policy would block them, so a page relying on one is broken as well as unsafe);
- frame denial (X-Frame-Options and frame-ancestors), the referrer policy, nosniff;
- every POST form carries a CSRF token, and posting it without one is refused (403);
- ``Cache-Control: no-store`` on every page, API answer and download (a browser or proxy keeps no
  copy of a child's records), while static assets keep their long-lived caching.

Production's HSTS, secure cookies and HTTPS redirect are checked by running the production
settings in a subprocess (the test settings are not production's).
"""

import json
import os
import re
import secrets
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from cases.models import Child

from .conftest import IDENTITIES

START = ["/", "/cases/", "/intelligence/", "/oocd/", "/custody/", "/governance/", "/accounts/password/"]
# Downloads are files, not pages; signing out would end the walk.
NOT_PAGES = re.compile(r"(\.pdf|\.csv|/download/|/logout/|^/api/|^/admin/|^/assets/)")
PAGES_PER_ROUTE = 2
MAX_PAGES_PER_USER = 250


class PageMarkup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.inline_scripts: list[str | None] = []  # their nonces
        self.problems: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> (inline event handler)")
            if name == "style":
                self.problems.append(f"<{tag} style=…> (inline style)")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "script" and not attributes.get("src"):
            self.inline_scripts.append(attributes.get("nonce"))
        elif tag == "style":
            self.problems.append("<style> element (style-src has no nonce)")
        elif tag == "form":
            self._form = {"method": (attributes.get("method") or "get").lower(), "action": attributes.get("action")}
            self._form["fields"] = {}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None:
            name = attributes.get("name")
            if name and (tag != "input" or attributes.get("type") not in ("checkbox", "radio", "file", "submit")):
                self._form["fields"][name] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def directives(policy: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@dataclass
class Walk:
    pages: dict[str, list[str]] = field(default_factory=dict)  # username → paths visited
    problems: list[str] = field(default_factory=list)
    forms: list[tuple[str, str, str, dict]] = field(default_factory=list)  # username, page, action, fields


def stored_nowhere(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def check_headers(path: str, response, problems: list[str]) -> str | None:
    """The page's script nonce, after recording what is wrong with its headers."""
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        problems.append(f"{path}: no Content-Security-Policy")
        return None
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'"):
        if unsafe in policy:
            problems.append(f"{path}: the CSP allows {unsafe}")
    parts = directives(policy)
    if parts.get("frame-ancestors") != ["'none'"]:
        problems.append(f"{path}: frame-ancestors is not 'none'")
    if parts.get("object-src") != ["'none'"]:
        problems.append(f"{path}: object-src is not 'none'")
    expected = {
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{path}: {header} is {response.get(header)!r}, not {value!r}")
    if not stored_nowhere(response):
        problems.append(f"{path}: Cache-Control is {response.get('Cache-Control')!r}, without no-store")
    nonces = [source[len("'nonce-") : -1] for source in parts.get("script-src", []) if source.startswith("'nonce-")]
    return nonces[0] if nonces else None


def walk_as(username: str, user, walk: Walk) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    queue, seen, per_route = list(START), set(START), defaultdict(int)
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES_PER_USER:
        path = queue.pop(0)
        try:
            route = resolve(urlsplit(path).path).route
        except Resolver404:
            continue
        if per_route[route] >= PAGES_PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(path)
        visited.append(path)
        if response.status_code >= 500:
            walk.problems.append(f"{path}: answered {response.status_code} to {username}")
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        nonce = check_headers(path, response, walk.problems)
        markup = PageMarkup()
        markup.feed(response.content.decode())
        walk.problems += [f"{path}: {problem}" for problem in markup.problems]
        for script_nonce in markup.inline_scripts:
            if script_nonce is None or script_nonce != nonce:
                walk.problems.append(f"{path}: an inline <script> without the page's CSP nonce")
        for form in markup.forms:
            if form["method"] == "post":
                action = urljoin(path, form["action"] or path)
                if "csrfmiddlewaretoken" not in form["fields"]:
                    walk.problems.append(f"{path}: a POST form to {action} without a CSRF token")
                walk.forms.append((username, path, action, form["fields"]))
        for link in markup.links:
            target = urljoin(path, link.split("#")[0])
            if target.startswith("/") and not NOT_PAGES.search(target) and target not in seen:
                seen.add(target)
                queue.append(target)
    walk.pages[username] = visited


class Walks:
    """Each identity's walk, taken when a test first asks for it (so that no one test waits for all of
    them), kept for the module's later tests."""

    def __init__(self, users: dict, django_db_blocker):
        self.users, self.blocker = users, django_db_blocker
        self.walk = Walk()
        self.problems_of: dict[str, list[str]] = {}

    def of(self, username: str) -> list[str]:
        """The problems found on the pages ``username`` reaches."""
        if username not in self.problems_of:
            found_before = len(self.walk.problems)
            with self.blocker.unblock():
                walk_as(username, self.users[username], self.walk)
            self.problems_of[username] = self.walk.problems[found_before:]
        return self.problems_of[username]

    def every(self) -> Walk:
        for username in IDENTITIES:
            self.of(username)
        return self.walk


@pytest.fixture(scope="module")
def walks(security_data, django_db_blocker) -> Walks:
    return Walks(security_data.users, django_db_blocker)


@pytest.mark.parametrize("username", IDENTITIES)
def test_every_page_has_the_security_headers_and_no_inline_code_outside_the_nonce(walks, username, db):
    assert walks.of(username) == []


def test_every_role_was_walked_through_its_pages(walks, db):
    walk = walks.every()
    every_route = {resolve(urlsplit(path).path).route for paths in walk.pages.values() for path in paths}
    # The walk reaches the pages of every section (a broken walk would pass vacuously).
    assert len(every_route) >= 60, sorted(every_route)
    assert walk.problems == []
    assert len(walk.pages["head"]) >= 30
    assert len(walk.pages["caseworker"]) >= 15
    assert len(walk.pages["police"]) >= 15
    assert len(walk.pages["manager"]) >= 30


def test_api_answers_and_downloads_are_stored_nowhere(security_data, db):
    """Pages are checked by the walk; here the answers it does not open: the API's (with a token),
    and CSV and PDF files, downloaded through the API and from pages."""
    head = security_data.users["head"]
    api = Client(HTTP_AUTHORIZATION=f"Token {security_data.tokens['police']}")
    dates = {"from": "2020-01-01", "to": "2030-12-31"}
    answers = {
        "API list": api.get("/api/v1/children/"),
        "API CSV": api.get("/api/v1/intelligence/audit.csv", dates),
        "API PDF": api.get("/api/v1/intelligence/audit.pdf", {"from": "2026-01-01", "to": "2026-01-07"}),
        "API open-to-YJS CSV": api.get("/api/v1/intelligence/open-to-yjs.csv"),
        "API refusal": Client(HTTP_AUTHORIZATION="Token not-a-token").get("/api/v1/children/"),
    }
    page = Client()
    page.force_login(head)
    child_id = Child.objects.values_list("pk", flat=True).first()
    answers["page PDF"] = page.get(f"/governance/children/{child_id}/subject-access.pdf")

    for name, response in answers.items():
        assert response.status_code in (200, 401), (name, response.status_code)
        assert stored_nowhere(response), (name, response.get("Cache-Control"))
    assert answers["API PDF"]["Content-Type"] == "application/pdf"
    assert answers["page PDF"]["Content-Type"] == "application/pdf"
    assert answers["API CSV"]["Content-Type"].startswith("text/csv")


def test_static_assets_keep_their_caching(db):
    response = Client().get("/assets/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_post_form_refuses_a_post_without_its_csrf_token(walks, security_data, db):
    checked: dict[str, str] = {}
    for username, page, action, fields in walks.every().forms:
        route = resolve(urlsplit(action).path).route
        if route not in checked:
            # Each form in a savepoint of its own: the post with the token may change data.
            with transaction.atomic():
                check_csrf(security_data.users[username], page, action, fields)
                transaction.set_rollback(True)
            checked[route] = page
    assert len(checked) >= 40, sorted(checked)


def check_csrf(user, page: str, action: str, fields: dict) -> None:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(user)
    data = {name: value for name, value in fields.items() if name != "csrfmiddlewaretoken"}

    refused = client.post(action, data)

    assert refused.status_code == 403, f"{action} (form on {page}) accepted a POST without a CSRF token"
    assert b"CSRF" in refused.content, action
    # The same post with the page's token gets past the check (the 403 was the token's).
    client.get(page)
    with_token = client.post(action, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert b"CSRF verification failed" not in with_token.content, action


# --- Production settings ---------------------------------------------------------------------------

PRODUCTION_PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings

# Production serves hashed static files from collectstatic's manifest; the probe has none.
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
plain_static = {**settings.STORAGES, "staticfiles": plain}
with override_settings(STORAGES=plain_static):
    client = Client()
    plain = client.get("/accounts/login/")
    secure = client.get("/accounts/login/", secure=True)
cookie = secure.cookies["csrftoken"]
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "hsts": secure.get("Strict-Transport-Security"),
    "csp": secure.get("Content-Security-Policy"),
    "frame": secure.get("X-Frame-Options"),
    "referrer": secure.get("Referrer-Policy"),
    "csrf_cookie": {"secure": cookie["secure"], "httponly": cookie["httponly"], "samesite": cookie["samesite"]},
}))
print(json.dumps({
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_samesite": settings.SESSION_COOKIE_SAMESITE,
    "debug": settings.DEBUG,
}))
"""


def test_production_answers_over_https_only_with_hsts_and_secure_cookies():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="yjs.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=env.get("DATABASE_URL") or "postgres://yjs@db.internal:5432/yjs",
        REDIS_URL=env.get("REDIS_URL") or "redis://redis.internal:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRODUCTION_PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    headers, session = (json.loads(line) for line in result.stdout.strip().splitlines()[-2:])

    assert headers["plain_status"] == 301
    assert headers["plain_location"] == "https://testserver/accounts/login/"
    assert headers["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "'unsafe-inline'" not in headers["csp"]
    assert (headers["frame"], headers["referrer"]) == ("DENY", "same-origin")
    assert headers["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert session == {"session_secure": True, "session_httponly": True, "session_samesite": "Lax", "debug": False}
