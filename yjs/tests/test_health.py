import time

import pytest
from django.db import connection

CLOSED_PORT = "1"


def test_healthz_answers_200_when_the_database_and_broker_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


def test_healthz_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "no-cache" in cache_control
    assert "max-age=0" in cache_control


def test_healthz_names_the_broker_when_it_does_not_answer(client, db, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{CLOSED_PORT}/0"

    started = time.monotonic()
    response = client.get("/healthz")

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": True, "broker": False}
    assert body["failed"] == ["broker"]


def test_healthz_names_the_database_when_it_does_not_answer(client, django_db_blocker, monkeypatch):
    # The real connection, pointed at a port where nothing listens.
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", CLOSED_PORT)

    with django_db_blocker.unblock():
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": False, "broker": True}
    assert body["failed"] == ["database"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_only_answers_get(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405
