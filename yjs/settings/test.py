"""Tests: real PostgreSQL and Redis (embedded when no URLs are set), fast hashing."""

import os
from urllib.parse import urlsplit

os.environ.setdefault("DEBUG", "0")

from .development import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405

# Tests use their own Redis database, so a developer's worker never takes a test's task
# (TEST_REDIS_DB picks another, for test runs side by side on one Redis).
_test_redis_db = env_int("TEST_REDIS_DB", 15)  # noqa: F405
# Under pytest-xdist each worker process has its own Redis database and private files, below the
# first one (its test database is its own already: pytest-django suffixes the name with the worker).
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw"):
    _test_redis_db -= int(_xdist_worker[2:])
    MEDIA_ROOT = MEDIA_ROOT / _xdist_worker
globals().update(configure_redis(urlsplit(REDIS_URL)._replace(path=f"/{_test_redis_db}").geturl()))  # noqa: F405
