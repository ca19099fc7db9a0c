"""Risk's sections of the case page and the plan page, and its lists of the manager's dashboard
(``cases.sections``), registered by ``RiskConfig.ready``: what the meetings decided on a case, its
referrals and open actions; the referrals waiting too long for a meeting and the overdue actions."""

from django.conf import settings
from django.utils import timezone

from cases import permissions as case_permissions
from cases.models import Case
from cases.sections import (
    CASE_PAGE_SECTIONS,
    DASHBOARD_SECTIONS,
    PLAN_PAGE_SECTIONS,
    DashboardList,
    Section,
    add_section,
)
from yjs.models import User
from yjs.roles import Role

from .models import ReferralReason
from .selectors import pages
from .views.meetings import uses_risk_meetings


def case_context(*, user: User, case: Case) -> dict | None:
    """The case page has checked that the user may see the case (and audited a restricted one's read)."""
    if not case_permissions.can_see_case_records(user):
        return None
    return {
        "risk": pages.case_risk(case=case, today=timezone.localdate()),
        # permissions.can_record_risk, less the check that the user sees the case (the page made it).
        "can_refer": case.is_open and user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER),
        "links_to_meetings": uses_risk_meetings(user),
        "today": timezone.localdate(),
    }


def plan_context(*, user: User, case: Case) -> dict | None:
    decision = pages.latest_decision(user=user, case=case)
    return {"decision": decision} if decision is not None else None


SECTIONS = [
    (CASE_PAGE_SECTIONS, Section("Risk and vulnerability meetings", "risk/sections/case.html", case_context, "risk")),
    (PLAN_PAGE_SECTIONS, Section("Latest risk meeting decision", "risk/sections/plan.html", plan_context)),
    (
        DASHBOARD_SECTIONS,
        DashboardList(
            "Referrals waiting too long for a risk meeting",
            "risk-referrals-waiting",
            f"waiting more than {settings.RISK_MEETING_WITHIN_WORKING_DAYS} working days for a risk and "
            "vulnerability meeting",
            pages.waiting_too_long,
            "risk/sections/dashboard_referrals.html",
            ReferralReason.choices,
            "Reason for the referral",
            shown=pages.waiting_rows,
        ),
    ),
    (
        DASHBOARD_SECTIONS,
        DashboardList(
            "Overdue risk meeting actions",
            "risk-actions-overdue",
            "actions of risk and vulnerability meetings past their due date and not done",
            pages.actions_overdue,
            "risk/sections/dashboard_actions.html",
        ),
    ),
]


def register() -> None:
    for sections, section in SECTIONS:
        add_section(sections, section)
