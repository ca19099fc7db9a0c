"""Celery tasks for risk work: they take ids (or nothing), never model instances, and call a service.

- ``overdue_actions_notify_task()``: each morning (``RISK_OVERDUE_ACTIONS_TIME``, Europe/London), the
  owners of risk meeting actions past their due date are told, once per action.
"""

from celery import shared_task

from yjs.celery import DATABASE_GONE

from .services import meetings


@shared_task(autoretry_for=DATABASE_GONE, retry_backoff=60, max_retries=3)
def overdue_actions_notify_task() -> str:
    return f"{meetings.overdue_actions_notify()} owners told of overdue actions"
