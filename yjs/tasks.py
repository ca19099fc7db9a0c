from celery import shared_task

from . import health


@shared_task(ignore_result=False)
def services_check() -> dict[str, bool]:
    """Run by a worker: proves the worker reaches the broker and the database."""
    return health.check()
