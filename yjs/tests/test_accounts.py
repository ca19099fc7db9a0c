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
