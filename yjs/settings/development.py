"""Development: DEBUG on, embedded PostgreSQL and Redis when no URLs are set."""

import os

from yjs import embedded

os.environ.setdefault("DEBUG", "1")
embedded.ensure_environment()

from .base import *  # noqa: E402, F403
from .base import configure_redis, env, env_list  # noqa: E402

SECRET_KEY = env("SECRET_KEY", "development-only-not-a-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
WHITENOISE_USE_FINDERS = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
globals().update(configure_redis(REDIS_URL))  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns when it is missing)
