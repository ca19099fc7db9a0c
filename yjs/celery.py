import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjs.settings.development")

app = Celery("yjs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
