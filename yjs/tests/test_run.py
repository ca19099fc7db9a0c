"""`make run` serves the web app as production does (issue #17, finding 14): under 50 clients at
once nothing answers 5xx, and the server holds a database connection per worker, not per request.

(Django's development server, which `make run` used to start, made a thread per request and each
thread kept a connection of its own: PostgreSQL's 100 ran out within seconds of ten clients.)
"""

import os
import shlex
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import pytest
from django.db import connection

from yjs import run
from yjs.embedded import _free_port, _wait_for_port

BASE_DIR = Path(__file__).resolve().parents[2]
CLIENTS = 50


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 (our own server)
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


# The server under test names its connections, so that only they are counted (not those an earlier
# test left to the same database, such as a live server's: under pytest-xdist a worker runs the
# test files in another order).
APPLICATION_NAME = "yjs-make-run-test"


def _connections_of(role: str, database: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND datname = %s AND application_name = %s",
            [role, database, APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


def _named(url: SplitResult) -> str:
    query = "&".join(part for part in (url.query, f"application_name={APPLICATION_NAME}") if part)
    return url._replace(query=query).geturl()


@pytest.mark.django_db
def test_make_runs_web_server_answers_50_clients_with_a_connection_per_worker():
    settings_dict = connection.settings_dict
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yjs.settings.development",
        # The test database, as the application's role: what `make run` connects as.
        "DATABASE_URL": _named(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{settings_dict['NAME']}")),
    }
    command = shlex.split(run.web_command(sys.executable, "127.0.0.1", str(port)))
    assert command[1:3] == ["-m", "gunicorn"]
    server = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _wait_for_port(port, timeout=60)
        urls = [f"http://127.0.0.1:{port}/healthz", f"http://127.0.0.1:{port}/accounts/login/"] * (2 * CLIENTS)
        with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
            statuses = list(clients.map(_status, urls))
        held = _connections_of(settings_dict["USER"], settings_dict["NAME"])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, errors = server.communicate(timeout=60)
    assert sorted(set(statuses)) == [200], errors.decode(errors="replace")[-3000:]
    assert 0 < held <= run.WEB_WORKERS, f"{held} connections held by {run.WEB_WORKERS} workers"
