"""Governance reads: board reports, the inspection picture and the recommendations tracker."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from cases import permissions as case_permissions
from yjs.models import Team, User
from yjs.selectors import one_or_404

from . import indicators, inspection, permissions
from .models import (
    AuditDomain,
    AuditedCase,
    Board,
    BoardAction,
    BoardAttendance,
    BoardMeeting,
    BoardMember,
    BoardReport,
    InspectionSample,
    KeyQuestionAnswer,
    LocalPopulation,
    Recommendation,
    RecommendationAssessment,
    ReportStatus,
    StandardJudgement,
)
from .report import format_value


def report_list(*, user: User) -> QuerySet[BoardReport]:
    """Staff see every report; board members see finished ones only."""
    if not permissions.can_view_reports(user):
        return BoardReport.objects.none()
    reports = BoardReport.objects.select_related("created_by").prefetch_related("teams")
    if not permissions.is_staff_reader(user):
        reports = reports.filter(status=ReportStatus.SUCCEEDED)
    return reports


def report_get(*, user: User, report_id: int) -> BoardReport:
    return one_or_404(report_list(user=user), report_id, "report")


# --- Inspection ---------------------------------------------------------------------------


@dataclass
class KeyQuestionResult:
    code: str
    text: str
    yes: int
    answered: int
    percent: int | None
    rating: inspection.Rating | None


@dataclass
class StandardResult:
    code: str
    name: str
    rating: inspection.Rating | None
    key_questions: list[KeyQuestionResult] = field(default_factory=list)
    evidence: str = ""
    judged_at: object = None


@dataclass
class InspectionPicture:
    standards: list[StandardResult]
    score: int | None
    overall: inspection.Rating | None
    samples: dict[str, InspectionSample | None]


def latest_sample(domain: str) -> InspectionSample | None:
    return InspectionSample.objects.filter(domain=domain).first()


def key_question_results(sample: InspectionSample | None) -> dict[str, tuple[int, int]]:
    """{key question: (yes, answered)} over the sample's audited cases, counted by the database."""
    if sample is None:
        return {}
    rows = (
        KeyQuestionAnswer.objects.filter(audited_case__sample=sample)
        .values("key_question")
        .annotate(yes=Count("pk", filter=Q(answer=True)), answered=Count("pk"))
    )
    return {row["key_question"]: (row["yes"], row["answered"]) for row in rows}


def inspection_picture() -> InspectionPicture:
    samples = {domain: latest_sample(domain) for domain in AuditDomain.values}
    counts = {**key_question_results(samples["2"]), **key_question_results(samples["3"])}
    latest_judgements = {}
    for judgement in StandardJudgement.objects.order_by("standard", "-judged_at", "-id"):
        latest_judgements.setdefault(judgement.standard, judgement)
    standards = []
    for code, name in inspection.STANDARDS.items():
        if code.startswith("1."):
            judgement = latest_judgements.get(code)
            standards.append(
                StandardResult(
                    code,
                    name,
                    inspection.Rating(judgement.rating) if judgement else None,
                    evidence=judgement.evidence if judgement else "",
                    judged_at=judgement.judged_at if judgement else None,
                )
            )
            continue
        results = []
        for kq, text in inspection.key_questions(code).items():
            yes, answered = counts.get(kq, (0, 0))
            percent = inspection.percentage(yes, answered) if answered else None
            results.append(
                KeyQuestionResult(
                    kq, text, yes, answered, percent, inspection.rate_key_question(percent) if answered else None
                )
            )
        complete = all(result.percent is not None for result in results)
        rating = inspection.rate_standard([r.percent for r in results]) if complete else None
        standards.append(StandardResult(code, name, rating, results))
    rated = {standard.code: standard.rating for standard in standards if standard.rating}
    score, overall = inspection.overall_rating(rated) if len(rated) == len(inspection.STANDARDS) else (None, None)
    return InspectionPicture(standards, score, overall, samples)


# The inspection readiness page shows the risk figures (``indicators.risk``) for this many months to today.
RISK_FIGURES_MONTHS = 3


@dataclass
class FigureRow:
    label: str
    numerator: str
    denominator: str
    value: str
    previous: str
    note: str


@dataclass
class RiskFigures:
    """The figures behind the key questions "keep the child safe" and "keep other people safe"."""

    period: indicators.Period
    teams: str
    rows: list[FigureRow]


def inspection_risk_figures(*, user: User, today: date) -> RiskFigures:
    """The board report's figures on keeping the child and other people safe, for the last months
    to ``today`` and the same length of time before: every team for the head of service, their own
    teams for a manager (staff see exact numbers, as on their board reports)."""
    return _inspection_figures(
        user=user, today=today, figures=lambda period, team_ids: indicators.risk_figures(period, team_ids, today=today)
    )


def _inspection_figures(*, user: User, today: date, figures) -> RiskFigures:
    """``figures(period, team_ids)`` for the last ``RISK_FIGURES_MONTHS`` months to ``today``, as rows."""
    period = indicators.Period(today - relativedelta(months=RISK_FIGURES_MONTHS) + timedelta(days=1), today)
    everyone = user.is_superuser or user.has_role("head_of_service")
    teams = None if everyone else list(report_teams(user=user).order_by("name"))

    def count(number) -> str:
        return "–" if number is None else f"{number:,}"

    rows = []
    for figure in figures(period, [team.pk for team in teams] if teams is not None else None):
        before = figure.previous
        rows.append(
            FigureRow(
                figure.label,
                count(figure.numerator),
                count(figure.denominator),
                format_value(figure.value, figure.unit),
                f"{format_value(before['value'], figure.unit)} "
                f"({count(before['numerator'])} of {count(before['denominator'])})",
                figure.note,
            )
        )
    names = "All teams" if teams is None else ", ".join(team.name for team in teams)
    return RiskFigures(period, names, rows)


# --- court ---
def inspection_court_figures(*, user: User, today: date) -> RiskFigures:
    """The board report's figures on court work and orders (``indicators.court``), as the risk figures:
    the last months to ``today`` beside the same length of time before, the user's teams (every team
    for the head of service). They stand behind the inspectorate's court disposal standards."""
    return _inspection_figures(user=user, today=today, figures=indicators.court_figures)


def inspection_intervention_figures(*, user: User, today: date) -> RiskFigures:
    """The board report's figures on interventions and reparation (``indicators.interventions``), as
    the court figures: the last months to ``today`` beside the same length of time before."""
    return _inspection_figures(user=user, today=today, figures=indicators.interventions_figures)


def sample_list() -> QuerySet[InspectionSample]:
    return InspectionSample.objects.select_related("drawn_by").annotate(cases_count=Count("cases"))


def audited_cases(sample: InspectionSample, *, user: User) -> QuerySet[AuditedCase]:
    """The sample's cases the user may see on their pages: a manager their teams' (a sample is
    drawn from the whole service), never another team's restricted case."""
    return (
        sample.cases.filter(case__in=case_permissions.visible_cases(user).values("pk"))
        .select_related("case__child", "case__team")
        .annotate(answered=Count("answers"))
        .prefetch_related("answers")
        .order_by("id")
    )


def audited_case_get(*, user: User, audited_case_id: int) -> AuditedCase:
    """An audited case, or 404 when the user may not see its case."""
    audited = AuditedCase.objects.filter(case__in=case_permissions.visible_cases(user).values("pk"))
    return one_or_404(audited.select_related("case__child", "sample"), audited_case_id, "audited case")


# --- Recommendations -----------------------------------------------------------------------


def recommendation_list() -> QuerySet[Recommendation]:
    latest = RecommendationAssessment.objects.filter(recommendation=OuterRef("pk"), team__isnull=True)
    return Recommendation.objects.annotate(
        rag=Subquery(latest.values("rag")[:1]),
        open_actions=Count("actions", filter=~Q(actions__status__in=["done", "cancelled"])),
    )


def recommendation_get(*, code: str) -> Recommendation:
    recommendation = (
        Recommendation.objects.filter(code=code)
        .prefetch_related(
            Prefetch("assessments", queryset=RecommendationAssessment.objects.select_related("assessed_by", "team")),
            "actions",
        )
        .first()
    )
    if recommendation is None:
        raise Http404("No such recommendation")
    return recommendation


# --- What the governance pages read ----------------------------------------------------------


def report_teams(*, user: User) -> QuerySet[Team]:
    """The teams a board report the user asks for may cover: every team for the head of service."""
    if user.is_superuser or user.has_role("head_of_service"):
        return Team.objects.all()
    return Team.objects.filter(pk__in=user.team_ids)


def finished_report_list(*, user: User) -> QuerySet[BoardReport]:
    return report_list(user=user).filter(status=ReportStatus.SUCCEEDED)


@dataclass
class BoardRecords:
    members: list
    meetings: QuerySet
    actions: QuerySet


def board_records(*, board: Board, meetings: int = 8) -> BoardRecords:
    """The board's active members, its latest meetings with their attendance, and its actions."""
    return BoardRecords(
        members=list(board.members.filter(active=True)),
        meetings=board.meetings.prefetch_related("attendance__member")[:meetings],
        actions=board.actions.all(),
    )


def board_seats_of(*, user: User, boards: QuerySet[Board]) -> dict[int, BoardMember]:
    """The user's place on each of ``boards`` (board id: member), in one query: the active member
    linked to their account, or else the one of their name."""
    name = user.get_full_name().strip()
    mine = Q(user=user) | Q(name__iexact=name) if name else Q(user=user)
    seats: dict[int, BoardMember] = {}
    for member in BoardMember.objects.filter(mine, board__in=boards, active=True).order_by("pk"):
        held = seats.get(member.board_id)
        if held is None or (member.user_id == user.pk and held.user_id != user.pk):
            seats[member.board_id] = member
    return seats


def board_member_of(*, board: Board, user: User) -> BoardMember | None:
    """The user's place on the board (``board_seats_of``)."""
    return board_seats_of(user=user, boards=Board.objects.filter(pk=board.pk)).get(board.pk)


def owned_by(member: BoardMember) -> Q:
    """The board's actions a member owns. An action's owner is written as a person or a post: the
    member's name, their role, or its first part ("Designated doctor" of "Designated doctor, integrated
    care board")."""
    post = re.split(r"[,;]", member.role, maxsplit=1)[0].strip()
    return Q(board_id=member.board_id) & (
        Q(owner__iexact=member.name) | Q(owner__iexact=member.role) | Q(owner__iexact=post)
    )


def board_actions_owned(*, board: Board, member: BoardMember | None) -> QuerySet[BoardAction]:
    """The board's actions a member owns (``owned_by``)."""
    if member is None:
        return BoardAction.objects.none()
    return board.actions.filter(owned_by(member)).select_related("meeting").order_by("due_date", "id")


def board_meetings(*, board: Board, meetings: int = 12) -> list[BoardMeeting]:
    """The board's latest meetings, each with how many members were there of how many."""
    return list(
        board.meetings.annotate(
            present=Count("attendance", filter=Q(attendance__attended=True)),
            recorded=Count("attendance"),
        ).prefetch_related(Prefetch("attendance", queryset=BoardAttendance.objects.select_related("member")))[:meetings]
    )


def board_action_get(*, board: Board, action_id) -> BoardAction:
    action = BoardAction.objects.filter(board=board, pk=action_id).first() if str(action_id).isdigit() else None
    if action is None:
        raise Http404("No such action")
    return action


def population_years() -> list[int]:
    """The years with population figures, latest first."""
    return list(LocalPopulation.objects.order_by("-year").values_list("year", flat=True).distinct())


def population_rows(*, year: int | None) -> QuerySet[LocalPopulation]:
    return LocalPopulation.objects.filter(year=year).order_by("ethnicity", "gender")


def sample_get(*, sample_id: int) -> InspectionSample:
    return one_or_404(InspectionSample.objects.all(), sample_id, "sample")
