"""Tests: real PostgreSQL and Redis (embedded when no URLs are set), fast hashing."""

import os

os.environ.setdefault("DEBUG", "0")

from .development import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
# Each test run uses its own Redis database so a developer's queue is untouched.
