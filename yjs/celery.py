import os

import psycopg
from celery import Celery, Task, signals
from django import db

from .log_redaction import redact_handlers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjs.settings.development")

# The database went away under a task (restarting, failing over): the task tries again a little
# later rather than failing, so its work is not lost. Tasks can run twice: an ingest run is claimed
# and its loading idempotent, notifications sent are recorded, a report is generated afresh.
DATABASE_GONE = (db.InterfaceError, db.OperationalError, psycopg.InterfaceError, psycopg.OperationalError)


class RetriedWhenTheDatabaseIsGone(Task):
    autoretry_for = DATABASE_GONE
    retry_backoff = 5  # seconds before the first retry, doubling each time up to retry_backoff_max
    retry_backoff_max = 120
    max_retries = 10


app = Celery("yjs", task_cls=RetriedWhenTheDatabaseIsGone)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _redact_worker_logs(logger, *args, **kwargs):
    """The worker and scheduler set up logging of their own: keep personal data out of it too."""
    redact_handlers(logger)
