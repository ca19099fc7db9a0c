"""Password rules (AUTH_PASSWORD_VALIDATORS) on every way a password is set, and the token
endpoint's rate limit counted in the real Redis cache the application uses."""

import secrets

import pytest
import redis
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle

from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def officer(db, team_north):
    return UserFactory(
        username="zebedee.quillfeather",
        first_name="Zebedee",
        last_name="Quillfeather",
        roles=[Role.CASE_WORKER],
        teams=[team_north],
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pass!", "at least 12 characters"),
        ("password1234", "too common"),
        ("480193356271", "entirely numeric"),
        ("zebedee.quillfeather", "too similar"),
    ],
)
def test_weak_passwords_are_refused(officer, password, message):
    with pytest.raises(ValidationError, match=message):
        validate_password(password, user=officer)


def test_a_long_uncommon_password_is_accepted(officer):
    validate_password("marble-otter-lantern-42", user=officer)


def test_the_change_password_page_applies_the_rules(client, officer):
    client.force_login(officer)
    weak = client.post(
        reverse("password_change"),
        {"old_password": DEFAULT_TEST_PASSWORD, "new_password1": "password1234", "new_password2": "password1234"},
    )
    assert weak.status_code == 200
    assert "This password is too common" in weak.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(DEFAULT_TEST_PASSWORD)

    strong = "marble-otter-lantern-42"
    accepted = client.post(
        reverse("password_change"),
        {"old_password": DEFAULT_TEST_PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert accepted.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(strong)


@pytest.fixture
def address():
    """An address of this test's own (TEST-NET-2), so no other run shares its count; forgotten after."""
    address = f"198.51.100.{secrets.randbelow(250) + 1}"
    key = ScopedRateThrottle.cache_format % {"scope": "token", "ident": address}
    cache.delete(key)
    yield address
    cache.delete(key)


def test_token_requests_are_limited_per_address_in_redis(api_client, db, address):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    allowed, _period = ScopedRateThrottle().parse_rate(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"])

    # A different username each time, so that the account lockout never answers first.
    for attempt in range(allowed):
        response = api_client.post(
            TOKEN_URL, {"username": f"guess{attempt}", "password": "x"}, format="json", REMOTE_ADDR=address
        )
        assert response.status_code == 400

    throttled = api_client.post(TOKEN_URL, {"username": "guess", "password": "x"}, format="json", REMOTE_ADDR=address)

    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    # The count lives in Redis, where every web worker sees it.
    key = ScopedRateThrottle.cache_format % {"scope": "token", "ident": address}
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert server.exists(cache.make_key(key)) == 1
    assert server.ttl(cache.make_key(key)) > 0
    elsewhere = "192.0.2.77"
    other = api_client.post(TOKEN_URL, {"username": "guess", "password": "x"}, format="json", REMOTE_ADDR=elsewhere)
    assert other.status_code == 400
    cache.delete(ScopedRateThrottle.cache_format % {"scope": "token", "ident": elsewhere})
