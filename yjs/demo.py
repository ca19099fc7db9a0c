"""Demo data: the teams and users of DESIGN.md §8, and the steps every app registers here.

``yjs`` imports no app: each app's ``demo`` module registers what it adds to the demo of ``make
run`` (``register_demo_step``) and to the data set of the benchmarks (``register_data_set_step``),
and ``autodiscover_modules("demo")`` finds those modules when either is loaded.
"""

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

from .database import refresh_planner_statistics
from .models import Team, User
from .roles import Role

DEMO_TEAMS = {"north": "North", "south": "South"}

# username: (first name, last name, roles, team slugs)
DEMO_USERS = {
    "caseworker": ("Priya", "Shah", [Role.CASE_WORKER], ["north"]),
    "caseworker2": ("Tom", "Evans", [Role.CASE_WORKER], ["south"]),
    "manager": ("Grace", "Okafor", [Role.TEAM_MANAGER], ["north"]),
    "police": ("Dan", "Hughes", [Role.POLICE_OFFICER], ["north", "south"]),
    "victimworker": ("Aisha", "Rahman", [Role.VICTIM_WORKER], ["north", "south"]),
    "head": ("Helen", "Morgan", [Role.HEAD_OF_SERVICE], ["north", "south"]),
    "board": ("Michael", "Price", [Role.BOARD_MEMBER], []),
    "custody-feed": ("Custody", "Feed", [Role.API_CLIENT], []),
}

# make_demo_data's large scale: 300 units of the cases generator (300 children and their case records)
# with the other apps' history for each is the large data set of the benchmarks: about 200,000 children
# (90,000 with case records, 110,000 known only from custody), 102,000 cases, 1,000,000 custody records,
# 51,000 information requests and 20,100 out-of-court decisions.
LARGE_SCALE = 300


@dataclass(frozen=True)
class DemoStep:
    """One app's step of loading demo data: ``load(scale)`` adds what is missing and says what it did.

    Steps run in ascending ``order``, each after those whose data it reads. ``counts`` names the
    models (``"app.Model"``) the data set is measured in, by the kind of row they hold."""

    name: str
    order: int
    load: Callable[[int], str]
    counts: Mapping[str, str] = field(default_factory=dict)


_DEMO_STEPS: dict[str, DemoStep] = {}
_DATA_SET_STEPS: dict[str, DemoStep] = {}


def register_demo_step(name: str, *, order: int, load: Callable[[int], str]) -> None:
    """Add an app's step to ``load_demo``, the demo of ``make run``."""
    _DEMO_STEPS[name] = DemoStep(name, order, load)


def register_data_set_step(
    name: str, *, order: int, load: Callable[[int], str], counts: Mapping[str, str] | None = None
) -> None:
    """Add an app's step to ``make_demo_data``, the data set of any size written in bulk."""
    _DATA_SET_STEPS[name] = DemoStep(name, order, load, counts or {})


def _steps(registered: dict[str, DemoStep]) -> list[DemoStep]:
    autodiscover_modules("demo")
    return sorted(registered.values(), key=lambda step: step.order)


def load_demo(*, password: str | None = None, scale: int = 1) -> str:
    """The demo users and every app's synthetic data (each step skips what is there)."""
    summary = [load_demo_users(password=password)]
    summary.extend(step.load(scale) for step in _steps(_DEMO_STEPS))
    return "; ".join(summary)


def make_demo_data(*, scale: int, password: str | None = None, log=lambda message: None) -> str:
    """The demo users and a data set of ``scale`` units, written in bulk (COPY), for the benchmarks
    and for trying the product at the size of a large service. Each part adds only what is missing,
    so a run after an interrupted one finishes it and a second run adds nothing."""
    steps = [("users", lambda: load_demo_users(password=password))]
    steps += [(step.name, lambda step=step: step.load(scale)) for step in _steps(_DATA_SET_STEPS)]
    before = _row_counts()
    summary = []
    for name, step in steps:
        started = time.monotonic()
        result = step()
        log(f"{name}: {result} ({time.monotonic() - started:.0f} s)")
        summary.append(result)
    if _row_counts() != before:
        started = time.monotonic()
        # Every table: the planner misjudges a query on any table it has no statistics for (the
        # manager's dashboard took 0.4 s instead of 0.05 s with cases_review unanalysed).
        refresh_planner_statistics()
        log(f"statistics: every table vacuumed and analysed ({time.monotonic() - started:.0f} s)")
    return "; ".join(summary)


def _measured() -> dict[str, type[Model]]:
    return {kind: apps.get_model(label) for step in _steps(_DATA_SET_STEPS) for kind, label in step.counts.items()}


def data_set_counts() -> dict[str, int]:
    """Rows of each kind the issue's large data set is measured in (exact counts)."""
    return {kind: model.objects.count() for kind, model in _measured().items()}


def _row_counts() -> list[int]:
    """The latest id of each table the data set is measured in: each step adds to one of them, so
    one that changed means the data set did (and the planner's statistics are out of date)."""
    from psycopg import sql

    tables = [model._meta.db_table for model in _measured().values()]
    latest = sql.SQL(" UNION ALL ").join(
        sql.SQL("(SELECT max(id) FROM {})").format(sql.Identifier(table)) for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(latest.as_string(cursor.connection))
        return [row[0] for row in cursor.fetchall()]


@transaction.atomic
def load_demo_users(*, password: str | None = None) -> str:
    """The teams and users of DESIGN.md §8."""
    password = password or os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
    teams = {
        slug: Team.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in DEMO_TEAMS.items()
    }
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    for username, (first_name, last_name, roles, team_slugs) in DEMO_USERS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@yjs.example"},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.set([groups[role] for role in roles])
        user.teams.set([teams[slug] for slug in team_slugs])
    return f"{len(teams)} teams, {len(DEMO_USERS)} users"
