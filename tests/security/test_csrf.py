"""CSRF on every route the URL resolver lists: a signed-in browser's POST without the token is
refused, on pages (Django's CsrfViewMiddleware) and on the API under session authentication
(DRF's SessionAuthentication). The forms themselves are checked in test_headers.py."""

import re
from collections.abc import Iterator

import pytest
from django.contrib.admindocs.views import simplify_regex
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from yjs.api.tokens import api_token_create
from yjs.roles import Role
from yjs.tests.factories import UserFactory

TOKEN_URL = "/api/v1/auth/token/"
LOGOUT_URL = "/api/v1/auth/logout/"
# They take a username and password, or only a token, not a session: there is no ambient
# credential to forge.
NO_SESSION = {TOKEN_URL, LOGOUT_URL}
# Static files and the health check are not Django views that change anything; the walk skips files.
NOT_VIEWS = re.compile(r"^/assets/")


def every_path() -> list[str]:
    """Every URL pattern, with a sample value for each parameter."""

    def routes(patterns: list, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, route)
            else:
                yield route

    paths = {simplify_regex(route) for route in routes(get_resolver().url_patterns, "")}
    sample = {"format": "json", "kind": "pdf", "code": "r1"}
    return sorted(
        {
            re.sub(r"<(?:\w+:)?(\w+)>", lambda match: sample.get(match[1], "1"), path)
            for path in paths
            if not NOT_VIEWS.match(path)
        }
    )


PAGE_PATHS = [path for path in every_path() if not path.startswith("/api/")]
API_PATHS = [path for path in every_path() if path.startswith("/api/") and path not in NO_SESSION]


def test_the_walk_finds_pages_and_the_api():
    assert {"/accounts/login/", "/cases/children/add/", "/governance/reports/"} <= set(PAGE_PATHS)
    assert {"/api/v1/children/", "/api/v1/custody/records/"} <= set(API_PATHS)
    assert len(PAGE_PATHS) >= 80
    assert len(API_PATHS) >= 30


@pytest.fixture
def browser(db, team_north):
    """A signed-in browser that enforces CSRF checks, as a real one does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(roles=[Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER], teams=[team_north]))
    return client


def test_every_page_refuses_a_post_without_the_csrf_token(browser):
    accepted = []
    for path in PAGE_PATHS:
        response = browser.post(path, {"anything": "x"})
        if response.status_code != 403 or b"CSRF verification failed" not in response.content:
            accepted.append(f"{path} ({resolve(path).view_name}): {response.status_code}")
    assert accepted == []


def test_signing_in_needs_the_token_too(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403


def test_every_api_path_refuses_a_session_post_without_the_csrf_token(browser):
    accepted = []
    for path in API_PATHS:
        response = browser.post(path, {}, content_type="application/json")
        # JSON says why; /api/docs/ answers in HTML, and without the CSRF check it would be 405.
        is_json = response["Content-Type"].startswith("application/json")
        if response.status_code != 403 or (is_json and b"CSRF Failed" not in response.content):
            accepted.append(f"{path}: {response.status_code}")
    assert accepted == []


def test_signing_out_of_the_api_takes_a_token_never_a_session(browser):
    assert browser.post(LOGOUT_URL, {}, content_type="application/json").status_code == 401


def test_a_token_authenticated_api_client_needs_no_csrf_token(db, team_north):
    user = UserFactory(roles=[Role.CASE_WORKER], teams=[team_north])
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")

    response = client.post("/api/v1/children/", {}, content_type="application/json")

    assert response.status_code == 400  # validation, not CSRF: no cookie, nothing to forge
