import pytest
from celery.contrib.testing.worker import start_worker

from yjs.celery import app
from yjs.tasks import services_check


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_runs_on_a_real_worker_through_redis():
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = services_check.delay()
        assert result.get(timeout=30) == {"database": True, "broker": True}
