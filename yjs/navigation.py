"""The service navigation, by role: one list, read by the base template and the home page."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import reverse

from .roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: Mapping[Role, str] | None
    """The roles that see the item, each with a line on what it does there, most specific
    first (a user with several roles reads the first that applies). None: every signed-in user."""

    def visible_to(self, user) -> bool:
        return self.roles is None or user.is_superuser or user.has_role(*self.roles)

    def description_for(self, user) -> str:
        if not self.roles:
            return ""
        for role, description in self.roles.items():
            if user.has_role(role):
                return description
        return next(iter(self.roles.values()))


NAVIGATION = [
    NavItem("Home", "home", None),
    NavItem(
        "Cases",
        "cases:index",
        {
            Role.HEAD_OF_SERVICE: "Read any case across the service",
            Role.TEAM_MANAGER: "Allocate your team's cases and countersign assessments and plans",
            Role.CASE_WORKER: "Run your cases: assessments, plans, reviews and contacts",
            Role.POLICE_OFFICER: "Look up children known to the YJS and their flags",
            Role.VICTIM_WORKER: "Contact victims and record their views and wishes",
        },
    ),
    NavItem(
        "Risk meetings",
        "risk:meeting_list",
        {
            Role.HEAD_OF_SERVICE: "Read what the risk and vulnerability meetings decided across the service",
            Role.TEAM_MANAGER: "Chair your team's risk and vulnerability meetings and follow up their actions",
            Role.CASE_WORKER: "Refer children to the risk and vulnerability meeting and carry out its actions",
        },
    ),
    NavItem(
        "Court",
        "court:hearing_list",
        {
            Role.HEAD_OF_SERVICE: "Read the court lists, pre-sentence reports, orders and panels across the service",
            Role.TEAM_MANAGER: "Approve pre-sentence reports and follow your team's orders, panels and resettlement",
            Role.CASE_WORKER: "See today's court list, write pre-sentence reports and deliver orders",
        },
    ),
    NavItem(
        "Interventions",
        "interventions:catalogue",
        {
            Role.HEAD_OF_SERVICE: "Read the interventions and programmes the service offers",
            Role.TEAM_MANAGER: "Keep the catalogue of interventions and programmes",
            Role.CASE_WORKER: "Find an intervention or programme for a child",
        },
    ),
    NavItem(
        "Information requests",
        "intelligence:index",
        {
            Role.HEAD_OF_SERVICE: "Audit what was asked of the police, what was shared and how quickly",
            Role.POLICE_OFFICER: "Answer information requests and record what you searched",
            Role.TEAM_MANAGER: "Follow your team's information requests to the police officer",
            Role.CASE_WORKER: "Ask the police officer for information about a child",
        },
    ),
    NavItem(
        "Out-of-court disposals",
        "oocd:index",
        {
            Role.HEAD_OF_SERVICE: "Review disposal decisions and sample them for the scrutiny panel",
            Role.POLICE_OFFICER: "Refer children for a joint decision and do the police research",
            Role.TEAM_MANAGER: "Prepare referrals and panels for decisions taken jointly with the police",
            Role.PANEL_MEMBER: "Read the referrals for the panels you sit on",
            Role.VICTIM_WORKER: "Give the panel the victims' views before a decision",
        },
    ),
    NavItem(
        "Custody",
        "custody:index",
        {
            Role.HEAD_OF_SERVICE: "Check the daily custody feed and the children it could not match",
            Role.POLICE_OFFICER: "See which children were held in police custody, from the daily feed",
            Role.TEAM_MANAGER: "See which of your team's children were held in police custody",
        },
    ),
    NavItem(
        "Board and inspection",
        "governance:index",
        {
            Role.HEAD_OF_SERVICE: "Produce board reports and prepare for inspection",
            Role.TEAM_MANAGER: "Produce board reports and audit cases for inspection",
            Role.BOARD_MEMBER: "Read board reports",
        },
    ),
]


def navigation_for(user, current_path: str) -> list[dict]:
    """The items ``user`` may see: label, url, description (for the home page), and whether
    the page at ``current_path`` is the item itself (current) or within its section (active)."""
    if not user.is_authenticated:
        return []
    items = []
    for item in NAVIGATION:
        if not item.visible_to(user):
            continue
        url = reverse(item.url_name)
        current = current_path == url
        items.append(
            {
                "label": item.label,
                "url": url,
                "description": item.description_for(user),
                "current": current,
                "active": current or (url != "/" and current_path.startswith(url)),
            }
        )
    return items
