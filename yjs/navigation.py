"""The service navigation, by role: one list, read by the base template."""

from dataclasses import dataclass

from django.urls import reverse

from .roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]


EVERY_STAFF_ROLE = frozenset(Role) - {Role.API_CLIENT}

NAVIGATION = [
    NavItem("Home", "home", EVERY_STAFF_ROLE),
    NavItem(
        "Cases",
        "cases:index",
        frozenset({Role.CASE_WORKER, Role.TEAM_MANAGER, Role.POLICE_OFFICER, Role.VICTIM_WORKER, Role.HEAD_OF_SERVICE}),
    ),
    NavItem(
        "Information requests",
        "intelligence:index",
        frozenset({Role.CASE_WORKER, Role.TEAM_MANAGER, Role.POLICE_OFFICER, Role.HEAD_OF_SERVICE}),
    ),
    NavItem(
        "Out-of-court disposals",
        "oocd:index",
        frozenset(
            {Role.TEAM_MANAGER, Role.POLICE_OFFICER, Role.PANEL_MEMBER, Role.VICTIM_WORKER, Role.HEAD_OF_SERVICE}
        ),
    ),
    NavItem("Custody", "custody:index", frozenset({Role.TEAM_MANAGER, Role.POLICE_OFFICER, Role.HEAD_OF_SERVICE})),
    NavItem(
        "Board and inspection",
        "governance:index",
        frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.BOARD_MEMBER}),
    ),
]


def navigation_for(user, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in NAVIGATION:
        if user.is_superuser or user.has_role(*item.roles):
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return items
