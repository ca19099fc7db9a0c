import os

from celery import Celery, signals

from .log_redaction import redact_handlers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjs.settings.development")

app = Celery("yjs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _redact_worker_logs(logger, *args, **kwargs):
    """The worker and scheduler set up logging of their own: keep personal data out of it too."""
    redact_handlers(logger)
