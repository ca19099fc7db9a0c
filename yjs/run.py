"""``make run``: a working product on one machine, in one command.

Starts the embedded PostgreSQL and Redis where no URLs are set, migrates, loads
the demo data, then runs the web app, a Celery worker and Celery beat together
(through honcho) until Ctrl-C, and stops everything it started.

The web app is served as production serves it: gunicorn with a fixed number of worker
processes, each with one database connection. (Django's development server starts a thread
per request, and each thread kept a connection of its own: ten clients used up PostgreSQL's
hundred connections within seconds, and the rest answered 500.)
"""

import os
import subprocess
import sys

from honcho.manager import Manager
from honcho.printer import Printer

from yjs import embedded

DEMO_LOGINS = [
    ("caseworker", "case worker, North"),
    ("caseworker2", "case worker, South"),
    ("manager", "team manager, North"),
    ("police", "police officer, North and South"),
    ("victimworker", "victim worker, North and South"),
    ("head", "head of service, North and South"),
    ("board", "board member"),
    ("custody-feed", "API client: pushes custody records only, with a token (no page sign-in)"),
]


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)  # noqa: S603 (our own manage.py)


def _banner(url: str) -> str:
    password = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
    lines = [
        "",
        f"  Youth Justice Case Management is running at {url}",
        f"  API documentation: {url}api/docs/   health: {url}healthz",
        "",
        f"  Demo logins (password: {password}):",
        *(f"    {username:<14} {role}" for username, role in DEMO_LOGINS),
        "",
        "  Press Ctrl-C to stop the web app, worker, scheduler and embedded services.",
        "",
    ]
    return "\n".join(lines)


WEB_WORKERS = int(os.environ.get("WEB_WORKERS", "3"))


def web_command(python: str, host: str, port: str) -> str:
    """gunicorn, as the Dockerfile runs it, with this project's gunicorn.conf.py."""
    return (
        f"{python} -m gunicorn yjs.wsgi:application --config gunicorn.conf.py "
        f"--bind {host}:{port} --workers {WEB_WORKERS} --timeout 120"
    )


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjs.settings.development")
    port = os.environ.get("PORT", "8000")
    host = os.environ.get("HOST", "127.0.0.1")
    embedded.ensure_environment()
    try:
        _manage("migrate", "--noinput")
        _manage("load_demo")
        embedded.VAR_DIR.mkdir(parents=True, exist_ok=True)
        manager = Manager(Printer(sys.stdout))
        env = os.environ.copy()
        python = sys.executable
        manager.add_process("web", web_command(python, host, port), env=env)
        manager.add_process("worker", f"{python} -m celery -A yjs worker --loglevel INFO --concurrency 2", env=env)
        manager.add_process(
            "beat",
            f"{python} -m celery -A yjs beat --loglevel INFO --schedule {embedded.VAR_DIR / 'celerybeat-schedule'}",
            env=env,
        )
        print(_banner(f"http://{host}:{port}/"), flush=True)
        manager.loop()
        return manager.returncode or 0
    except KeyboardInterrupt:
        return 130
    finally:
        embedded.stop(embedded.started)


if __name__ == "__main__":
    sys.exit(main())
