"""Fixtures of the fault tests: one PostgreSQL of their own for the session, a migrated template
database with the demo users, API tokens and a synthetic custody extract, then for each test a
fresh copy of that database, a Redis of its own and the app's processes (see ``harness``)."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from custody.extract import read_extract
from custody.loading import BATCH_SIZE

from .harness import PASSWORD, App, Postgres, Redis

TEMPLATE = "faults_template"
# Three batches of loading, so a worker can be killed after the first.
EXTRACT_ROWS = 3 * BATCH_SIZE
TOKEN_USERS = ("police", "head", "custody-feed")


def seed_script(extract: Path) -> str:
    """The demo users, their API tokens, and an extract written by `manage.py make_custody_extract`."""
    return f"""
from django.core.management import call_command
from yjs.api.tokens import api_token_create
from yjs.demo import load_demo_users
from yjs.models import User
load_demo_users(password={PASSWORD!r})
for username in {TOKEN_USERS!r}:
    print("TOKEN", username, api_token_create(user=User.objects.get(username=username)))
call_command("make_custody_extract", rows={EXTRACT_ROWS}, seed=9, out={str(extract)!r})
"""


@dataclass
class Template:
    tokens: dict[str, str]
    extract: bytes
    # What a complete load of the extract gives: one record per valid row's (force, custody reference).
    valid_records: int
    rows_read: int


@pytest.fixture(scope="session")
def postgres():
    # Not under pytest's temporary folder: pytest keeps that private to root (0700) whenever a
    # session starts, and PostgreSQL runs as pgserver's own user.
    folder = Path(tempfile.mkdtemp(prefix="yjs-faults-"))
    folder.chmod(0o755)
    server = Postgres(folder / "pgdata")
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def template(postgres, tmp_path_factory) -> Template:
    folder = tmp_path_factory.mktemp("faults-template")
    postgres.create_database(TEMPLATE)
    # Migrating and seeding connect to no Redis: the URL is only read.
    app = App(postgres, Redis(folder / "redis"), TEMPLATE, folder)
    app.manage("migrate", "--noinput", "-v0")
    path = folder / "extract.csv"
    seeded = app.manage("shell", "-c", seed_script(path))
    tokens = {line.split()[1]: line.split()[2] for line in seeded.splitlines() if line[:6] == "TOKEN "}
    data = path.read_bytes()
    checked = read_extract(data)
    valid = {(row.force_code, row.custody_ref) for row in checked.rows}
    return Template(tokens=tokens, extract=data, valid_records=len(valid), rows_read=checked.rows_read)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"faults_{report.when}", report)
    return report


@pytest.fixture
def app(request, postgres, template, tmp_path):
    """A fresh copy of the template database, a Redis of its own; the processes the test starts
    are stopped afterwards (and their logs shown if it failed)."""
    database = f"faults_{uuid.uuid4().hex[:10]}"
    postgres.create_database(database, template=TEMPLATE)
    redis = Redis(tmp_path / "redis")
    redis.start()
    installed = App(postgres, redis, database, tmp_path)
    yield installed
    installed.stop()
    redis.stop()
    failed = getattr(request.node, "faults_call", None)
    if failed is not None and failed.failed:
        for log in sorted(Path(tmp_path).glob("*.log")):
            print(f"--- {log.name} (last 6000 characters) ---\n{log.read_text(errors='replace')[-6000:]}")
    postgres.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
