import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "yjs.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://yjs@db.internal:5432/yjs",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "yjs.example.gov.uk",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # As a production host would have it: none of the development or test switches.
    ignored = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr
