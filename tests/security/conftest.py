"""Shared data for the security tests: the demo service (DESIGN.md §8) loaded once per module.

The demo is loaded inside a transaction that is rolled back when the module ends, so each
module's tests see the realistic data (both teams, every state) and leave the database as
they found it. Each test still runs in its own savepoint (pytest-django's ``db``).
"""

from dataclasses import dataclass

import pytest

from oocd.models import Agency, Panel, PanelAttendee
from yjs.api.tokens import api_token_create
from yjs.demo import DEMO_USERS, load_demo
from yjs.models import Team, User
from yjs.roles import Role
from yjs.tests.factories import UserFactory

DEMO_TEST_PASSWORD = "demo-pass-for-security-tests"
# The demo users of DESIGN.md §8, plus a panel member (a role of §2 the demo leaves out).
IDENTITIES = (*DEMO_USERS, "panel")


@dataclass
class SecurityData:
    users: dict[str, User]
    tokens: dict[str, str]
    teams: dict[str, Team]
    panel: Panel


def _load() -> SecurityData:
    load_demo(password=DEMO_TEST_PASSWORD)
    teams = {team.slug: team for team in Team.objects.filter(slug__in=["north", "south"])}
    panel_member = UserFactory(username="panel", roles=[Role.PANEL_MEMBER], teams=[teams["north"]])
    # A panel member sees the referrals of the panels they attend (DESIGN.md §2): the latest panel.
    panel = Panel.objects.order_by("-held_on", "-pk").first()
    PanelAttendee.objects.create(
        panel=panel, user=panel_member, name=panel_member.get_full_name(), agency=Agency.OTHER, role="Panel member"
    )
    users = {user.username: user for user in User.objects.filter(username__in=IDENTITIES)}
    tokens = {username: api_token_create(user=user) for username, user in users.items()}
    return SecurityData(users=users, tokens=tokens, teams=teams, panel=panel)


@pytest.fixture(scope="module")
def security_data(module_world, analyse):
    """The demo data for one module (``module_world``), with the planner's statistics of it
    (``analyse``)."""

    def load() -> SecurityData:
        data = _load()
        analyse()
        return data

    yield from module_world(load)
