"""Settings shared by every environment, read from environment variables.

Integrations are switched on only when their variables are set; without
``DATABASE_URL`` / ``REDIS_URL`` development and tests use embedded servers
(see ``yjs.embedded``). Production (``yjs.settings.production``) refuses to
start without them.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return default if value is None else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SERVICE_NAME = "Youth Justice Case Management"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The service's own address, for links in emails (custody notifications and the digest).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "pgtrigger",
    "guardian",
    "axes",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "yjs",
    "cases",
    "family",
    "risk",
    "intelligence",
    "oocd",
    "custody",
    "court",
    "interventions",
    "governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so that static assets keep their caching and every other answer is no-store.
    "yjs.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads an API request's body: one too large answers a JSON 400.
    "yjs.api.middleware.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that a locked-out login is answered after authentication ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yjs.urls"
WSGI_APPLICATION = "yjs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "yjs.context_processors.service",
            ],
        },
    },
]

# --- Database and broker -------------------------------------------------------

DATABASE_URL = env("DATABASE_URL")
REDIS_URL = env("REDIS_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    # PostgreSQL's JIT compiler switched off for the application's sessions: it compiles any query
    # it estimates as costly, and for this application's queries compiling took longer than running
    # (0.26 s of the 0.48 s count behind a case worker's list of children; 0.9 s on the manager's
    # dashboard), with no gain on the board report's aggregates. DATABASE_JIT=1 turns it back on.
    if not env_bool("DATABASE_JIT", False):
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:  # set by the environment-specific module once embedded servers are up
    DATABASES = {}
# The database's owner (DESIGN.md §12): `manage.py migrate` and `manage.py apply_retention` connect
# as this role, to the same database; DATABASE_URL names the application's role, which owns
# nothing (yjs.database). Unset, the application's role is also the owner, with none of that.
DATABASE_OWNER_URL = env("DATABASE_OWNER_URL")
DATABASE_OWNER = dj_database_url.parse(DATABASE_OWNER_URL) if DATABASE_OWNER_URL else None
DATABASE_APPLICATION_ROLE = DATABASES["default"].get("USER") if DATABASES else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ------------------------------------------------------------------

AUTH_USER_MODEL = "yjs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after this many idle minutes: every request renews the cookie,
# so SESSION_COOKIE_AGE is an idle timeout. They also end when the browser closes.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (django-axes): of an account from one address, so that
# failures elsewhere (someone guessing the police officer's password) never lock its owner out of
# their own device; staff share an office address behind one NAT, so the address alone is not locked.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A username as long as anyone types is counted by its first 150 characters (the longest there is).
AXES_USERNAME_CALLABLE = "yjs.sign_in.axes_username"
# One address guessing across accounts: after this many failed sign-ins (any usernames) within
# LOGIN_LOCKOUT_MINUTES it may not try again until they pass (a count in the Redis cache).
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
SIGN_IN_ADDRESS_WINDOW_SECONDS = env_int("LOGIN_LOCKOUT_MINUTES", 30) * 60
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: nothing is granted to the anonymous

# --- Case work rules -----------------------------------------------------------------

# An assessment is due this many working days after its case starts.
ASSESSMENT_DUE_WORKING_DAYS = env_int("ASSESSMENT_DUE_WORKING_DAYS", 15)
# A significant event (new arrest, intelligence, threat to life) opens a review due in this many.
SIGNIFICANT_EVENT_REVIEW_WORKING_DAYS = env_int("SIGNIFICANT_EVENT_REVIEW_WORKING_DAYS", 5)
# A referral to the risk and vulnerability meeting is heard within this many working days of its
# trigger (DESIGN.md §9): later, it shows on the manager's dashboard and counts as late on the board.
RISK_MEETING_WITHIN_WORKING_DAYS = env_int("RISK_MEETING_WITHIN_WORKING_DAYS", 10)
# A child turning 18 within this many months of an order's end is flagged for transition.
TRANSITION_WARNING_MONTHS = env_int("TRANSITION_WARNING_MONTHS", 3)
# A person's work (the home page, /api/v1/my-work/) lists what is overdue and what falls due within this many days.
MY_WORK_DUE_SOON_DAYS = env_int("MY_WORK_DUE_SOON_DAYS", 14)
# The police officer answers an information request within this many working days of it (an
# urgent one the day it is made): its due date on the officer's and the requester's work lists.
INFORMATION_REQUEST_ANSWER_WORKING_DAYS = env_int("INFORMATION_REQUEST_ANSWER_WORKING_DAYS", 5)

# An urgent information request's written request is due this many working days after it.
URGENT_WRITTEN_REQUEST_WORKING_DAYS = env_int("URGENT_WRITTEN_REQUEST_WORKING_DAYS", 2)

# Signed out-of-court disposal documents: PDF, JPEG or PNG up to this size.
OOCD_DOCUMENT_MAX_BYTES = env_int("OOCD_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# A youth conditional caution's conditions end within this many months of the caution.
YCC_CONDITION_MAX_MONTHS = 3
# A police out-of-court outcome for a child not known to the YJS opens a follow-up (DESIGN.md §11),
# due this many working days after it opens: the YJS considers an offer of voluntary support.
OOCD_FOLLOW_UP_WORKING_DAYS = env_int("OOCD_FOLLOW_UP_WORKING_DAYS", 5)

# --- Court work, orders and interventions (DESIGN.md §10) ----------------------------

# A pre-sentence report is due this many working days after the court asks for it (a "stand-down"
# report, written while the court waits, is due the same day).
PRE_SENTENCE_REPORT_WORKING_DAYS = env_int("PRE_SENTENCE_REPORT_WORKING_DAYS", 15)
# A referral order's initial panel is held within this many working days of the order.
INITIAL_PANEL_WORKING_DAYS = env_int("INITIAL_PANEL_WORKING_DAYS", 20)
# Progress panels are held at least every this many months until the final panel.
PROGRESS_PANEL_MONTHS = env_int("PROGRESS_PANEL_MONTHS", 3)
# A resettlement plan is in place this many working days before release from custody (about a month:
# the YJB's case management guidance holds the pre-release review a month before the release date).
RESETTLEMENT_PLAN_WORKING_DAYS_BEFORE_RELEASE = env_int("RESETTLEMENT_PLAN_WORKING_DAYS_BEFORE_RELEASE", 20)

# Matching custody records to children by date of birth and name (0–100, rapidfuzz):
# one candidate at or above CONFIDENT links; candidates at or above POSSIBLE go to review.
CUSTODY_MATCH_CONFIDENT = env_int("CUSTODY_MATCH_CONFIDENT", 92)
CUSTODY_MATCH_POSSIBLE = env_int("CUSTODY_MATCH_POSSIBLE", 75)
# The morning ingest loads every new extract from this folder, then moves each to
# processed/ or failed/ beside it; the digest of children in custody goes out after it.
CUSTODY_DROP_FOLDER = Path(env("CUSTODY_DROP_FOLDER", str(BASE_DIR / "var" / "custody-drop")))
CUSTODY_INGEST_TIME = env("CUSTODY_INGEST_TIME", "06:30")  # Europe/London
CUSTODY_DIGEST_TIME = env("CUSTODY_DIGEST_TIME", "07:30")  # Europe/London
RISK_OVERDUE_ACTIONS_TIME = env("RISK_OVERDUE_ACTIONS_TIME", "07:00")  # Europe/London  # --- notifications ---
CUSTODY_UPLOAD_MAX_BYTES = env_int("CUSTODY_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
# Rows a police system may push in one API call.
CUSTODY_API_MAX_ROWS = env_int("CUSTODY_API_MAX_ROWS", 10_000)
# A run "loading" this long without progress was lost with its worker; a re-run takes it over.
CUSTODY_STALE_RUN_MINUTES = env_int("CUSTODY_STALE_RUN_MINUTES", 30)

# Retention: a child whose cases have all been closed for this many years is anonymised by
# `manage.py apply_retention` (governance.retention); set it from the service's retention schedule.
RETENTION_YEARS_AFTER_CLOSURE = env_int("RETENTION_YEARS_AFTER_CLOSURE", 6)

# Board members do not see counts from 1 to N-1, nor figures they could be worked back from (governance.disclosure).
BOARD_SMALL_NUMBER = env_int("BOARD_SMALL_NUMBER", 3)

# Child search shows names at least this similar to the query (0–100, rapidfuzz).
CHILD_SEARCH_MIN_SCORE = env_int("CHILD_SEARCH_MIN_SCORE", 60)

# --- Internationalisation ----------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (GOV.UK Frontend and MoJ Frontend come from node_modules) ----

NODE_MODULES = BASE_DIR / "node_modules"
STATIC_URL = "/assets/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # GOV.UK Frontend's stylesheet refers to /assets/fonts and /assets/images.
    NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets",
    # MoJ Frontend's stylesheet refers to /assets/images/icon-*.svg.
    NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded documents are private: stored outside the web root, served by views.
MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Security headers ------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": ["'none'"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
    }
}

# --- Email ---------------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "yjs-case-management@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API ------------------------------------------------------------------------

REST_FRAMEWORK = {
    # JSON only: the browsable API's inline scripts break our CSP; /api/docs/ documents the API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yjs.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The one gate, which no API view overrides: signed in, and allowed by the view's rule from its
    # app's permissions module; a view without a rule needs guardian model or object permissions.
    "DEFAULT_PERMISSION_CLASSES": ["yjs.api.permissions.ApiGate"],
    "DEFAULT_FILTER_BACKENDS": [
        "yjs.api.filters.ObjectPermissionsFilter",
        "yjs.api.filters.FieldFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "yjs.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "yjs.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "yjs.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env("TOKEN_THROTTLE_RATE", "10/min")},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox): stored as SHA-512 digests, valid for this many hours from sign-in,
# revoked by POST /api/v1/auth/logout/ and by a change of the user's password.
API_TOKEN_EXPIRY_HOURS = env_int("API_TOKEN_EXPIRY_HOURS", 10)
REST_KNOX = {"TOKEN_TTL": timedelta(hours=API_TOKEN_EXPIRY_HOURS), "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SERVICE_NAME} API",
    "DESCRIPTION": "REST API for youth justice services: case records, police information "
    "requests, out-of-court disposals, custody notifications and governance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # One enum per shared choice set, so apps' fields with the same choices do not collide.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "cases.models.Level",
        "GenderEnum": "cases.models.Gender",
        # --- risk: protection ---
        "SocialCareStatusEnum": "risk.models.SocialCare",
        # --- court ---
        "HearingOutcomeEnum": "court.models.HearingOutcome",
        "SentenceEnum": "court.models.Sentence",
        "OrderOutcomeEnum": "court.models.OrderOutcome",
        "BreachOutcomeEnum": "court.models.BreachOutcome",
        "RequirementStatusEnum": "court.models.RequirementStatus",
        "PanelOutcomeEnum": "court.models.PanelOutcome",
        "OutcomeEnum": "oocd.models.FollowUpOutcome",  # its name before court's outcomes came
        "InterventionReferralOutcomeEnum": "interventions.models.ReferralOutcome",
    },
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from our own static files: works offline and under our CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Cache and Celery ------------------------------------------------------------------

CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Runs and reports keep their own status in PostgreSQL; no one waits on a task's result. Storing
# results would also make each call subscribe to the result in Redis, which, with Redis down, fails
# the request after 20 seconds of retries instead of answering "the queue is down" at once.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker vanished (killed with its pool) is given to another worker after this long.
    # Longer than any task runs, or a task still running would be started twice.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 3600),
    # A worker looks for such tasks every this many seconds. Kombu's default looks on only every tenth
    # tick of a ten-second timer, so a task lost with its worker waited up to 100 s more than this.
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL_SECONDS", 30),
    "unacked_restore_throttle": 1,
    # Sending a task connects once: with Redis down a page says so at once, rather than after six
    # seconds of retries. (A worker's own reconnecting follows CELERY_BROKER_CONNECTION_* instead.)
    "max_retries": 0,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]


def daily_at(hh_mm: str) -> crontab:
    hour, minute = hh_mm.split(":")
    return crontab(hour=int(hour), minute=int(minute))


CELERY_BEAT_SCHEDULE: dict = {
    "custody-drop-folder-ingest": {
        "task": "custody.tasks.drop_folder_ingest_task",
        "schedule": daily_at(CUSTODY_INGEST_TIME),
    },
    "custody-digest": {"task": "custody.tasks.digest_task", "schedule": daily_at(CUSTODY_DIGEST_TIME)},
    # --- notifications ---
    "risk-overdue-actions": {
        "task": "risk.tasks.overdue_actions_notify_task",
        "schedule": daily_at(RISK_OVERDUE_ACTIONS_TIME),
    },
}


def configure_redis(url: str) -> dict:
    """Settings that depend on the Redis URL."""
    return {
        "REDIS_URL": url,
        "CELERY_BROKER_URL": url,
        "CELERY_RESULT_BACKEND": url,
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}},
    }


if REDIS_URL:
    globals().update(configure_redis(REDIS_URL))

# --- Logging: no personal data; request paths and ids only -------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Values from database and mail errors are removed from every line (yjs.log_redaction).
    "formatters": {
        "plain": {
            "()": "yjs.log_redaction.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
