"""API tokens (DESIGN §12): stored hashed, expiring, revoked by logout and by a password change;
a service account uses the API only."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"
LOGOUT_URL = "/api/v1/auth/logout/"
NEW_PASSWORD = "marble-otter-lantern-42"


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of this module's own: the sign-in counts per address start from nothing."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": __name__}}
    cache.clear()


@pytest.fixture
def custody_feed(db):
    return UserFactory(username="custody-feed", roles=[Role.API_CLIENT])


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def works(token: str) -> bool:
    response = client_with(token).get("/api/v1/children/")
    assert response.status_code in (200, 401), response
    return response.status_code == 200


# --- Expiry ----------------------------------------------------------------------------------


def test_a_token_expires_after_the_configured_hours(case_worker, settings):
    assert settings.API_TOKEN_EXPIRY_HOURS == 10
    before = timezone.now()
    token = APIClient().post(TOKEN_URL, {"username": "caseworker", "password": DEFAULT_TEST_PASSWORD}).json()["token"]

    expiry = AuthToken.objects.get(user=case_worker).expiry
    assert before + timedelta(hours=10) <= expiry <= timezone.now() + timedelta(hours=10)
    assert works(token)

    AuthToken.objects.filter(user=case_worker).update(expiry=timezone.now() - timedelta(seconds=1))
    response = client_with(token).get("/api/v1/children/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_the_expiry_is_read_from_api_token_expiry_hours():
    result = subprocess.run(
        [sys.executable, "-c", "from yjs.settings import base; print(base.REST_KNOX['TOKEN_TTL'])"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "API_TOKEN_EXPIRY_HOURS": "2"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "2:00:00", result.stderr


def test_the_expiry_follows_the_setting(case_worker, settings):
    settings.REST_KNOX = {"TOKEN_TTL": timedelta(minutes=5), "AUTH_HEADER_PREFIX": "Token"}
    api_token_create(user=case_worker)

    expiry = AuthToken.objects.get(user=case_worker).expiry
    assert expiry <= timezone.now() + timedelta(minutes=5)


def test_signing_in_again_clears_the_users_expired_tokens(case_worker):
    api_token_create(user=case_worker)
    AuthToken.objects.update(expiry=timezone.now() - timedelta(days=1))

    fresh = api_token_create(user=case_worker)

    assert AuthToken.objects.filter(user=case_worker).count() == 1
    assert works(fresh)


# --- Logout ------------------------------------------------------------------------------------


def test_logout_revokes_the_token_presented_and_no_other(case_worker):
    token, other = api_token_create(user=case_worker), api_token_create(user=case_worker)
    client = client_with(token)

    response = client.post(LOGOUT_URL)

    assert response.status_code == 204
    assert not works(token)
    assert works(other)
    assert client.post(LOGOUT_URL).status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=case_worker).count() == 1


def test_logout_needs_a_token(client, case_worker):
    client.force_login(case_worker)
    token = api_token_create(user=case_worker)

    assert client.post(LOGOUT_URL).status_code == 401
    assert APIClient().post(LOGOUT_URL).status_code == 401
    assert works(token)


# --- A password change revokes every token ---------------------------------------------------------


def test_changing_the_password_on_the_page_revokes_the_users_tokens(client, case_worker, team_manager):
    token, theirs = api_token_create(user=case_worker), api_token_create(user=team_manager)
    client.force_login(case_worker)

    response = client.post(
        reverse("password_change"),
        {"old_password": DEFAULT_TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not works(token)
    assert works(theirs)


def test_a_password_set_in_code_revokes_the_users_tokens(case_worker):
    token = api_token_create(user=case_worker)

    case_worker.set_password(NEW_PASSWORD)
    case_worker.save(update_fields=["password"])

    assert not works(token)
    case_worker.save()  # a later save of something else revokes nothing new
    assert works(api_token_create(user=case_worker))


def test_a_password_changed_with_changepassword_or_made_unusable_revokes_the_tokens(case_worker, monkeypatch):
    token = api_token_create(user=case_worker)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "caseworker", stdout=None)
    assert not works(token)

    token = api_token_create(user=case_worker)
    case_worker.set_unusable_password()
    case_worker.save()
    assert not works(token)


def test_a_failed_password_change_keeps_the_tokens(client, case_worker):
    token = api_token_create(user=case_worker)
    client.force_login(case_worker)

    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert works(token)


# --- Service accounts ----------------------------------------------------------------------------


def test_a_service_account_cannot_sign_in_to_the_pages(client, custody_feed):
    response = client.post(reverse("login"), {"username": "custody-feed", "password": DEFAULT_TEST_PASSWORD})

    assert response.status_code == 200
    assert "This is a service account for other systems. It cannot sign in here" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED, actor_username="custody-feed")
    assert failed.detail == {"reason": "service_account"}
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_a_service_account_gets_a_token_for_the_api(custody_feed):
    response = APIClient().post(TOKEN_URL, {"username": "custody-feed", "password": DEFAULT_TEST_PASSWORD})

    assert response.status_code == 200
    assert client_with(response.json()["token"]).get("/api/v1/custody/ingest-runs/").status_code == 200


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_a_service_account_does_not_see_the_whole_apis_schema(custody_feed, case_worker, path):
    assert client_with(api_token_create(user=custody_feed)).get(path).status_code == 403
    assert client_with(api_token_create(user=case_worker)).get(path).status_code == 200
