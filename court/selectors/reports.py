"""Reads of pre-sentence reports, scoped by the case permissions (another team's restricted case is
not there), and the actions a user may take on one. Timeliness and concordance, as the board report
and inspection readiness show them, are ``governance.indicators.court``'s."""

from dataclasses import dataclass

from django.db import models
from django.db.models import IntegerField, QuerySet, Value, When

from cases.permissions import visible_records
from yjs.models import User
from yjs.roles import Role
from yjs.selectors import one_or_404

from .. import permissions
from ..models import PreSentenceReport, ReportReturn, ReportStatus


def report_list(*, user: User) -> QuerySet[PreSentenceReport]:
    return visible_records(PreSentenceReport, user).select_related(
        "case__child", "case__team", "author", "approved_by", "hearing"
    )


def report_get(*, user: User, report_id: int) -> PreSentenceReport:
    return one_or_404(report_list(user=user), report_id, "pre-sentence report")


def report_returns(*, report: PreSentenceReport) -> list[ReportReturn]:
    """The report's returns and their feedback, the latest first."""
    return list(report.returns.select_related("returned_by").order_by("-returned_at", "-id"))


def reports_to_work_on(*, user: User, status: str = "") -> QuerySet[PreSentenceReport]:
    """The reports list page: a manager's, their teams' reports with those awaiting approval first; the
    head of service's, every report they may see; anyone else's, the reports they write. ``status``
    narrows it to one status."""
    rows = report_list(user=user)
    if user.has_role(Role.TEAM_MANAGER):
        rows = rows.filter(case__team__in=user.team_ids)
    elif not (user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE)):
        rows = rows.filter(author=user)
    if status:
        rows = rows.filter(status=status)
    awaiting_first = models.Case(
        When(status=ReportStatus.AWAITING_APPROVAL, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.annotate(awaiting_first=awaiting_first).order_by("awaiting_first", "due_on", "id")


@dataclass(frozen=True)
class ReportActions:
    """What the user may do with a report now, as its page offers it."""

    write: bool = False  # change the proposal
    send: bool = False
    approve: bool = False  # and return
    resubmit: bool = False
    submit: bool = False
    sentence: bool = False

    @property
    def any(self) -> bool:
        return any(vars(self).values())


def report_actions(*, user: User, report: PreSentenceReport) -> ReportActions:
    works = permissions.can_record_court_work(user, report.case)
    status = report.status
    return ReportActions(
        write=works and status in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        send=works and status == ReportStatus.DRAFT,
        approve=status == ReportStatus.AWAITING_APPROVAL
        and permissions.can_quality_assure(user, report.case, report.author_id),
        resubmit=works and status == ReportStatus.RETURNED,
        submit=works and status == ReportStatus.APPROVED,
        sentence=works and status == ReportStatus.SUBMITTED,
    )


# --- Figures ---------------------------------------------------------------------------------------
