"""Celery tasks for case records: they take ids, never model instances."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def child_search_keys_build_task(child_ids: list[int]) -> int:
    """Make children written in bulk findable by name (see ``services.child_search_keys_build``)."""
    return services.child_search_keys_build(child_ids=child_ids)
