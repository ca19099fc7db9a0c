"""Demo data: the teams and users of DESIGN.md §8. Later apps add their data here."""

import os

from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings

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


def load_demo(*, password: str | None = None, scale: int = 1) -> str:
    """The demo users and every app's synthetic data (each loader skips what is there)."""
    from cases.demo import load_cases_demo
    from custody.demo import load_custody_demo
    from governance.demo import load_governance_demo
    from intelligence.demo import load_intelligence_demo
    from oocd.demo import load_oocd_demo

    summary = [load_demo_users(password=password)]
    summary.append(load_cases_demo(scale=scale))
    summary.append(load_intelligence_demo(scale=scale))
    summary.append(load_oocd_demo(scale=scale))
    # The demo's custody notifications and digest are recorded as sent (who was told is on each
    # record) but kept out of the console, where they would bury the URL and demo logins.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        summary.append(load_custody_demo())
    # Last: the demo board report is computed from everyone else's data.
    summary.append(load_governance_demo())
    return "; ".join(summary)


# make_demo_data: per unit of the cases generator (300 children and their case records), the other
# apps' history written in bulk. 300 units is the large data set of the benchmarks: about 200,000
# children (90,000 with case records, 110,000 known only from custody), 102,000 cases, 1,000,000
# custody records, 51,000 information requests and 20,100 out-of-court decisions.
LARGE_SCALE = 300
DECISIONS_PER_UNIT = 67
REQUESTS_PER_UNIT = 100  # besides the police research of each out-of-court referral
# Tables whose growth means the data set changed (and the planner's statistics are out of date).
COUNTED_TABLES = [
    "cases_child",
    "cases_childsearchkey",
    "cases_case",
    "cases_offence",
    "cases_assessment",
    "intelligence_informationrequest",
    "oocd_referral",
    "oocd_decision",
    "custody_custodyrecord",
]


def make_demo_data(*, scale: int, password: str | None = None, log=lambda message: None) -> str:
    """The demo users and a data set of ``scale`` units, written in bulk (COPY), for the benchmarks
    and for trying the product at the size of a large service. Each part adds only what is missing,
    so a run after an interrupted one finishes it and a second run adds nothing."""
    import time

    from cases.demo import load_cases_demo, spread_caseloads
    from custody.demo import load_custody_history
    from governance.demo import load_governance_demo
    from intelligence.demo import load_intelligence_history
    from oocd.demo import load_oocd_history

    steps = [
        ("users", lambda: load_demo_users(password=password)),
        ("cases", lambda: load_cases_demo(scale=scale)),
        ("caseloads", spread_caseloads),
        ("out-of-court disposals", lambda: load_oocd_history(decisions=DECISIONS_PER_UNIT * scale)),
        ("information requests", lambda: load_intelligence_history(requests=REQUESTS_PER_UNIT * scale)),
        ("custody", lambda: load_custody_history(units=scale)),
        ("governance", lambda: load_governance_demo(generate_report=False)),
    ]
    before = _row_counts()
    summary = []
    for name, step in steps:
        started = time.monotonic()
        result = step()
        log(f"{name}: {result} ({time.monotonic() - started:.0f} s)")
        summary.append(result)
    if _row_counts() != before:
        started = time.monotonic()
        _analyse()
        log(f"statistics: every table vacuumed and analysed ({time.monotonic() - started:.0f} s)")
    return "; ".join(summary)


def data_set_counts() -> dict[str, int]:
    """Rows of each kind the issue's large data set is measured in (exact counts)."""
    from cases.models import Case, Child
    from custody.models import CustodyRecord
    from intelligence.models import InformationRequest
    from oocd.models import Decision

    return {
        "children": Child.objects.count(),
        "cases": Case.objects.count(),
        "custody_records": CustodyRecord.objects.count(),
        "information_requests": InformationRequest.objects.count(),
        "oocd_decisions": Decision.objects.count(),
    }


def _row_counts() -> list[int]:
    from django.db import connection
    from psycopg import sql

    latest = sql.SQL(" UNION ALL ").join(
        sql.SQL("(SELECT max(id) FROM {})").format(sql.Identifier(table)) for table in COUNTED_TABLES
    )
    with connection.cursor() as cursor:
        cursor.execute(latest.as_string(cursor.connection))
        return [row[0] for row in cursor.fetchall()]


def _analyse() -> None:
    """Fresh planner statistics (and visibility maps, for index-only scans) after a bulk load, as
    autovacuum would have made by the time anyone used the data."""
    from yjs.database import refresh_planner_statistics

    # Every table: the planner misjudges a query on any table it has no statistics for (the manager's
    # dashboard took 0.4 s instead of 0.05 s with cases_review unanalysed).
    refresh_planner_statistics()


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
