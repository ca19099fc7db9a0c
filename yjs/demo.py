"""Demo data: the teams and users of DESIGN.md §8. Later apps add their data here."""

import os

from django.contrib.auth.models import Group
from django.db import transaction

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
    summary.append(load_custody_demo())
    # Last: the demo board report is computed from everyone else's data.
    summary.append(load_governance_demo())
    return "; ".join(summary)


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
