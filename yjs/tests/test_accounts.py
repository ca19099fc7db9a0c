import pytest
from django.urls import reverse

from yjs.models import AuditAction, AuditEvent
from yjs.tests.factories import DEFAULT_TEST_PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_and_out_are_audited(client, case_worker):
    response = sign_in(client, "caseworker", DEFAULT_TEST_PASSWORD)
    assert response.status_code == 302
    client.post(reverse("logout"))
    actions = list(AuditEvent.objects.filter(actor=case_worker).values_list("action", flat=True))
    assert sorted(actions) == ["login", "logout"]


def test_five_failed_sign_ins_lock_the_account_and_are_audited(client, case_worker, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        sign_in(client, "caseworker", "wrong-password")
    # Locked: even the right password is refused now.
    response = sign_in(client, "caseworker", DEFAULT_TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="caseworker")
    assert failed.count() >= 5
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, actor_username="caseworker").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=case_worker).exists()
    # The password typed is never recorded.
    assert not AuditEvent.objects.filter(detail__icontains="wrong-password").exists()


def test_four_failures_do_not_lock(client, case_worker):
    for _ in range(4):
        sign_in(client, "caseworker", "wrong-password")
    assert sign_in(client, "caseworker", DEFAULT_TEST_PASSWORD).status_code == 302


def test_lockout_is_per_account(client, case_worker, team_manager):
    for _ in range(5):
        sign_in(client, "caseworker", "wrong-password")
    assert sign_in(client, "manager", DEFAULT_TEST_PASSWORD).status_code == 302


def test_session_expires_after_the_idle_timeout(client, case_worker, settings):
    client.force_login(case_worker)
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request restarts the idle clock


@pytest.mark.django_db
def test_role_groups_exist_from_migrations():
    from django.contrib.auth.models import Group

    from yjs.roles import Role

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


# --- Lockout by account and address; a limit per address --------------------------------------------

ATTACKER, OWN_DEVICE = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def addresses():
    """Addresses of these tests' own (TEST-NET), their counts in Redis (failed sign-ins, and the
    token endpoint's rate limit) forgotten before and after."""
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    from yjs.sign_in import sign_in_failures_key

    keys = [sign_in_failures_key(address) for address in (ATTACKER, OWN_DEVICE)]
    keys += [
        ScopedRateThrottle.cache_format % {"scope": "token", "ident": address} for address in (ATTACKER, OWN_DEVICE)
    ]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def sign_in_from(client, address, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_failures_from_one_address_do_not_lock_the_account_out_elsewhere(client, police_officer, addresses):
    for _ in range(5):
        sign_in_from(client, ATTACKER, "police", "wrong-password")
    assert sign_in_from(client, ATTACKER, "police", DEFAULT_TEST_PASSWORD).status_code == 429

    # The officer, on their own device, signs in all the same.
    assert sign_in_from(client, OWN_DEVICE, "police", DEFAULT_TEST_PASSWORD).status_code == 302


def test_token_failures_from_one_address_do_not_lock_the_account_out_elsewhere(api_client, police_officer, addresses):
    def token(address, password):
        return api_client.post(
            "/api/v1/auth/token/", {"username": "police", "password": password}, format="json", REMOTE_ADDR=address
        )

    for _ in range(5):
        token(ATTACKER, "wrong-password")
    assert token(ATTACKER, DEFAULT_TEST_PASSWORD).status_code == 429
    assert token(OWN_DEVICE, DEFAULT_TEST_PASSWORD).status_code == 200


def test_one_address_guessing_across_many_usernames_is_stopped(client, case_worker, settings, addresses):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 12
    for attempt in range(12):
        response = sign_in_from(client, ATTACKER, f"guess{attempt}", "wrong-password")
        assert "Enter a correct username and password" in response.content.decode()

    # Now even a right username and password is not tried from there...
    refused = sign_in_from(client, ATTACKER, "caseworker", DEFAULT_TEST_PASSWORD)
    assert refused.status_code == 200
    assert "Too many failed sign-in attempts from your network. Try again later" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # ...nor through the API...
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "caseworker", "password": DEFAULT_TEST_PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=ATTACKER,
    )
    assert token.status_code == 429
    assert token.json() == {"detail": "Too many failed sign-in attempts from your network. Try again later"}
    # ...while everyone else signs in.
    assert sign_in_from(client, OWN_DEVICE, "caseworker", DEFAULT_TEST_PASSWORD).status_code == 302


def test_the_limit_per_address_counts_failures_not_sign_ins(client, case_worker, settings, addresses):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    for _ in range(5):
        assert sign_in_from(client, OWN_DEVICE, "caseworker", DEFAULT_TEST_PASSWORD).status_code == 302
        client.post(reverse("logout"))


# --- Bad input ---------------------------------------------------------------------------------


def test_a_username_too_long_for_any_account_is_a_form_error(client, db):
    response = sign_in(client, "x" * 300, "anything")

    assert response.status_code == 200
    assert "Username must be 150 characters or fewer" in response.content.decode()


def test_a_username_too_long_for_any_account_is_a_400_from_the_token_api(api_client, db):
    response = api_client.post("/api/v1/auth/token/", {"username": "x" * 300, "password": "x"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"username"}


def test_there_is_no_second_sign_in_page_at_the_admin(client, db):
    """Django's admin was mounted with nothing of the service registered: a door past the audited
    pages. It is gone, so no username, too long or not, is signed in there."""
    response = client.post("/admin/login/", {"username": "x" * 300, "password": "anything"})

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
