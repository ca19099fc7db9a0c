"""Tests: real PostgreSQL and Redis (embedded when no URLs are set), fast hashing."""

import os
from urllib.parse import urlsplit

os.environ.setdefault("DEBUG", "0")

from .development import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405

# Tests use their own Redis database, so a developer's worker never takes a test's task.
globals().update(configure_redis(urlsplit(REDIS_URL)._replace(path="/15").geturl()))  # noqa: F405
