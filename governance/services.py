"""Governance writes: board records, population figures, board reports, case audits and
the recommendations tracker. Each is one transaction; tasks are queued on commit."""

import logging
import random
from collections import defaultdict
from datetime import date, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone

from cases.models import COURT_ORDER_TYPES, Assessment, Case, CaseType
from oocd.models import Decision
from yjs.audit import audit_record
from yjs.exports import rendered_side_by_side
from yjs.models import AuditAction, Team, User
from yjs.services import audited_create, require
from yjs.validators import not_before

from . import inspection, permissions
from .models import (
    ActionStatus,
    AuditDomain,
    AuditedCase,
    Board,
    BoardAction,
    BoardAttendance,
    BoardMeeting,
    BoardMember,
    BoardReport,
    KeyQuestionAnswer,
    LocalPopulation,
    Rag,
    Recommendation,
    RecommendationAction,
    RecommendationAssessment,
    ReportStatus,
    StandardJudgement,
)

log = logging.getLogger(__name__)

# --- Board reports --------------------------------------------------------------------------

REPORT_QUEUE_DOWN = "The report could not be started: the task queue is not answering. Try again in a few minutes."


# Governance dates start when youth offending teams did (2000), and look at most this far ahead.
EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 5


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _date_errors(
    errors: dict, field: str, noun: str, day: date | None, *, past: bool = False, years_ahead: int = YEARS_AHEAD
) -> None:
    """A governance date within sensible bounds: from 2000, and not after today (``past``) or
    more than ``years_ahead`` years from today. Its error goes on ``field``, if it has none yet."""
    if day is None or field in errors:
        return
    today = timezone.localdate()
    if day < EARLIEST_DATE:
        errors[field] = f"The {noun} must be in 2000 or later"
    elif past and day > today:
        errors[field] = f"The {noun} must be today or in the past"
    elif day > _years_from(today, years_ahead):
        errors[field] = f"The {noun} must be within {years_ahead} years from today"


def _action_errors(description: str, owner: str, due_date: date | None) -> dict[str, str]:
    """What an action needs, on the board's log or a recommendation's plan: what, who and by when."""
    errors = {}
    if not description.strip():
        errors["description"] = "Enter the action"
    if not owner.strip():
        errors["owner"] = "Enter who owns the action"
    if due_date is None:
        errors["due_date"] = "Enter the due date"
    _date_errors(errors, "due_date", "due date", due_date)
    return errors


class ReportQueueUnavailable(Exception):
    """The broker did not take the report's task: the report is marked failed."""

    def __init__(self, message: str, report_id: int) -> None:
        super().__init__(message)
        self.report_id = report_id


@transaction.atomic
def board_report_request(*, by: User, start: date | None, end: date | None, team_ids: list[int] = ()) -> BoardReport:
    """A report queued for generation (``tasks.generate_board_report`` runs after commit)."""
    errors = {}
    if start is None:
        errors["period_start"] = "Enter the start of the period"
    if end is None:
        errors["period_end"] = "Enter the end of the period"
    not_before(end, start, "period_end", errors, "end of the period", "its start")
    if start and end and (end - start).days > 731:
        errors["period_end"] = "A report covers at most two years"
    _date_errors(errors, "period_start", "start of the period", start, years_ahead=1)
    _date_errors(errors, "period_end", "end of the period", end, years_ahead=1)
    team_ids = sorted(set(team_ids or []))
    if team_ids and Team.objects.filter(pk__in=team_ids).count() != len(team_ids):
        errors["teams"] = "Select teams from the list"
    if errors:
        raise ValidationError(errors)
    require(permissions.can_generate_report(by, team_ids), "You cannot generate a board report for these teams")
    report = BoardReport.objects.create(period_start=start, period_end=end, created_by=by, message="Waiting to start")
    report.teams.set(team_ids)
    audit_record(actor=by, action=AuditAction.CREATE, obj=report, detail={"teams": team_ids})

    transaction.on_commit(partial(board_report_queue, report.pk))
    return report


def board_report_queue(report_id: int) -> None:
    """Send the report to a worker. A broker that is down fails the report at once, with the reason,
    and raises ``ReportQueueUnavailable``: left queued, nothing would ever start it."""
    from kombu.exceptions import OperationalError

    from .tasks import generate_board_report

    try:
        generate_board_report.apply_async((report_id,), retry=False)
    except (OperationalError, OSError) as error:
        log.warning("Board report %s could not be queued: %s", report_id, error)
        BoardReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED, message=REPORT_QUEUE_DOWN, finished_at=timezone.now()
        )
        raise ReportQueueUnavailable(REPORT_QUEUE_DOWN, report_id) from error


def _progress(report_id: int, percent: int, message: str) -> None:
    BoardReport.objects.filter(pk=report_id).update(progress=percent, message=message)


def board_report_board_copy_rewrite(*, report: BoardReport) -> BoardReport:
    """Write a finished report's board copy again from its figures with today's suppression
    (for reports generated before complementary suppression), removing the old files."""
    from . import report as rendering

    if report.status != ReportStatus.SUCCEEDED or not report.data:
        return report
    # Named as board_report_generate names the board's files.
    stem = f"board-report-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}-{report.pk}-board"
    presented = rendering.present(report.data, suppress=True)
    files = {
        "board_csv": ContentFile(rendering.render_csv(presented), name=f"{stem}.csv"),
        "board_pdf": ContentFile(rendering.render_pdf(presented), name=f"{stem}.pdf"),
    }
    for field, content in files.items():
        old = getattr(report, field)
        old_name = old.name
        old.save(content.name, content, save=False)
        report.save(update_fields=[field])
        if old_name and old_name != old.name:
            old.storage.delete(old_name)
    return report


def board_report_generate(*, report_id: int) -> BoardReport:
    """Compute the figures, then write the PDF and CSV (full, and the board's suppressed copy)."""
    from . import report as rendering

    report = BoardReport.objects.get(pk=report_id)
    if report.status == ReportStatus.SUCCEEDED:
        return report
    BoardReport.objects.filter(pk=report_id).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), progress=5, message="Started"
    )
    try:
        teams = list(report.teams.order_by("name"))
        data = rendering.report_data(
            start=report.period_start,
            end=report.period_end,
            team_ids=[team.pk for team in teams],
            team_names=[team.name for team in teams],
            user=report.created_by,
            progress=lambda percent, message: _progress(report_id, percent, message),
        )
        _progress(report_id, 70, "Drawing charts and writing the PDF")
        stem = f"board-report-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}-{report.pk}"
        # The full copy for staff, and the board's with small numbers suppressed: their PDFs are
        # rendered at the same time (the longest part of the report).
        copies = {"": rendering.present(data, suppress=False), "board_": rendering.present(data, suppress=True)}
        pdfs = rendered_side_by_side(*(partial(rendering.render_pdf, presented) for presented in copies.values()))
        files = {}
        for (prefix, presented), pdf in zip(copies.items(), pdfs, strict=True):
            name = f"{stem}{'-board' * bool(prefix)}"
            files[f"{prefix}csv"] = ContentFile(rendering.render_csv(presented), name=f"{name}.csv")
            files[f"{prefix}pdf"] = ContentFile(pdf, name=f"{name}.pdf")
        _progress(report_id, 95, "Saving")
        report.refresh_from_db()
        report.data = data
        for field, content in files.items():
            getattr(report, field).save(content.name, content, save=False)
        report.status, report.progress, report.message = ReportStatus.SUCCEEDED, 100, "Ready"
        report.finished_at = timezone.now()
        report.save()
    except Exception as error:  # the reader sees why it failed; the worker log has the trace
        BoardReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            message=f"The report could not be generated: {error}",
            finished_at=timezone.now(),
        )
        raise
    return report


# --- The board ----------------------------------------------------------------------------


@transaction.atomic
def board_member_add(
    *,
    by: User,
    board: Board,
    name: str,
    agency: str,
    role: str,
    seniority: str,
    interim: bool = False,
    user: User | None = None,
) -> BoardMember:
    """A member of the board; ``user``: their account, when they sign in to the service (to see the board's
    meetings and the actions they own)."""
    require(permissions.can_manage_board(by), "Only managers keep the board's records")
    errors = {}
    if not name.strip():
        errors["name"] = "Enter the member's name"
    if not role.strip():
        errors["role"] = "Enter the member's role"
    if user is not None and not permissions.can_see_board_meetings(user):
        errors["user"] = "Select the account of someone who reads board reports"
    if errors:
        raise ValidationError(errors)
    member = BoardMember(
        board=board,
        name=name.strip(),
        agency=agency,
        role=role.strip(),
        seniority=seniority,
        interim=interim,
        user=user,
    )
    return audited_create(member, by=by)


@transaction.atomic
def board_meeting_record(*, by: User, board: Board, held_on: date, present: list[int], notes: str = "") -> BoardMeeting:
    """A meeting and its attendance: every active member is recorded, present or absent."""
    require(permissions.can_manage_board(by), "Only managers keep the board's records")
    errors = {}
    # Attendance is recorded with the meeting, so the meeting must have happened.
    _date_errors(errors, "held_on", "date of the meeting", held_on, past=True)
    if not errors and BoardMeeting.objects.filter(board=board, held_on=held_on).exists():
        errors["held_on"] = "A meeting on this date is already recorded"
    if errors:
        raise ValidationError(errors)
    meeting = BoardMeeting.objects.create(board=board, held_on=held_on, notes=notes.strip())
    members = board.members.filter(active=True)
    BoardAttendance.objects.bulk_create(
        BoardAttendance(meeting=meeting, member=member, attended=member.pk in set(present)) for member in members
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=meeting, detail={"present": len(set(present))})
    return meeting


@transaction.atomic
def board_action_add(*, by: User, board: Board, description: str, owner: str, due_date: date | None) -> BoardAction:
    require(permissions.can_manage_board(by), "Only managers keep the board's records")
    errors = _action_errors(description, owner, due_date)
    meeting = board.meetings.first()
    if meeting:
        not_before(
            due_date, meeting.held_on, "due_date", errors, "due date", f"the meeting on {meeting.held_on:%-d %B %Y}"
        )
    if errors:
        raise ValidationError(errors)
    action = BoardAction(
        board=board, meeting=meeting, description=description.strip(), owner=owner.strip(), due_date=due_date
    )
    return audited_create(action, by=by)


@transaction.atomic
def board_action_status_set(*, by: User, action: BoardAction, status: str) -> BoardAction:
    require(permissions.can_manage_board(by), "Only managers keep the board's records")
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Select a status"})
    old = action.status
    action.status = status
    action.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "completed_on"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=action, detail={"status": [old, status]})
    return action


# --- Population ---------------------------------------------------------------------------


@transaction.atomic
def population_set(*, by: User, year: int, ethnicity: str, gender: str, children: int) -> LocalPopulation:
    require(permissions.can_manage_population(by), "Only managers keep the population figures")
    if children < 0:
        raise ValidationError({"children": "The number of children must be 0 or more"})
    row, _ = LocalPopulation.objects.update_or_create(
        year=year, ethnicity=ethnicity, gender=gender, defaults={"children": children}
    )
    audit_record(actor=by, action=AuditAction.UPDATE, obj=row, detail={"children": children})
    return row


# --- Inspection readiness -------------------------------------------------------------------


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def sample_window(domain: str, on: date) -> tuple[date, date]:
    """Court disposals sentenced 6–9 months before; out-of-court disposals 3–5 months before."""
    if domain == AuditDomain.COURT:
        return _months_before(on, 9), _months_before(on, 6)
    return _months_before(on, 5), _months_before(on, 3)


def _eligible(domain: str, start: date, end: date):
    """Candidate cases with what the sample is balanced on: gender, disposal, RoSH, safety and wellbeing."""
    latest = Assessment.objects.filter(case=OuterRef("pk"), completed_date__isnull=False).order_by("-completed_date")
    cases = Case.objects.annotate(
        rosh=Subquery(latest.values("risk_of_serious_harm")[:1]),
        wellbeing=Subquery(latest.values("safety_and_wellbeing")[:1]),
    )
    if domain == AuditDomain.COURT:
        cases = cases.filter(case_type__in=COURT_ORDER_TYPES, start_date__range=(start, end)).annotate(
            disposal=F("case_type")
        )
    else:
        decisions = Decision.objects.filter(referral__case=OuterRef("pk"), decided_on__range=(start, end))
        cases = cases.filter(case_type=CaseType.DIVERSION).filter(Exists(decisions))
        cases = cases.annotate(disposal=Subquery(decisions.values("outcome__code")[:1]))
    return cases.values_list("pk", "child__gender", "disposal", "rosh", "wellbeing").order_by("pk")


def proportional_sample(candidates: list[tuple], size: int, seed: str) -> list[tuple[int, str]]:
    """A reproducible sample whose strata (everything after the id) keep their share of the whole:
    largest-remainder allocation, then a seeded random choice inside each stratum."""
    if size >= len(candidates):
        return [(row[0], _stratum(row)) for row in candidates]
    strata: dict[tuple, list[int]] = defaultdict(list)
    for row in candidates:
        strata[tuple(row[1:])].append(row[0])
    total = len(candidates)
    quotas = {key: len(ids) * size / total for key, ids in strata.items()}
    allocated = {key: int(quota) for key, quota in quotas.items()}
    for key in sorted(quotas, key=lambda k: (-(quotas[k] - allocated[k]), str(k)))[: size - sum(allocated.values())]:
        allocated[key] += 1
    generator = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    chosen = []
    for key in sorted(strata, key=str):
        for case_id in generator.sample(sorted(strata[key]), allocated[key]):
            chosen.append((case_id, _stratum((case_id, *key))))
    return sorted(chosen)


def _stratum(row: tuple) -> str:
    return " / ".join(str(part or "not recorded") for part in row[1:])


@transaction.atomic
def inspection_sample_draw(*, by: User, domain: str, size: int, on: date | None = None, seed: str = ""):
    from .models import InspectionSample

    require(permissions.can_audit_cases(by), "Only managers draw case audit samples")
    if domain not in AuditDomain.values:
        raise ValidationError({"domain": "Select court or out-of-court disposals"})
    if size < 1:
        raise ValidationError({"size": "The sample needs at least one case"})
    on = on or timezone.localdate()
    seed = seed or timezone.now().strftime("%Y%m%d%H%M%S%f")
    start, end = sample_window(domain, on)
    chosen = proportional_sample(list(_eligible(domain, start, end)), size, seed)
    if not chosen:
        raise ValidationError({"domain": f"No cases to sample between {start:%-d %B %Y} and {end:%-d %B %Y}"})
    sample = InspectionSample.objects.create(
        domain=domain, drawn_on=on, window_start=start, window_end=end, size=len(chosen), seed=seed, drawn_by=by
    )
    AuditedCase.objects.bulk_create(
        AuditedCase(sample=sample, case_id=case_id, domain=domain, stratum=stratum) for case_id, stratum in chosen
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=sample, detail={"cases": len(chosen), "seed": seed})
    return sample


def audit_key_questions(domain: str) -> dict[str, str]:
    questions = {}
    for standard in inspection.STANDARDS:
        if standard.startswith(f"{domain}."):
            questions.update(inspection.key_questions(standard))
    return questions


@transaction.atomic
def key_question_answer(
    *, by: User, audited_case: AuditedCase, key_question: str, answer: bool, note: str = ""
) -> KeyQuestionAnswer:
    require(permissions.can_audit_cases(by), "Only managers audit cases")
    if key_question not in audit_key_questions(audited_case.domain):
        raise ValidationError({"key_question": "Select a key question of this domain"})
    row, _ = KeyQuestionAnswer.objects.update_or_create(
        audited_case=audited_case,
        key_question=key_question,
        defaults={"answer": answer, "note": note.strip(), "answered_by": by},
    )
    return row


@transaction.atomic
def standard_judge(*, by: User, standard: str, rating: str, evidence: str) -> StandardJudgement:
    require(permissions.can_judge_standards(by), "Only the head of service rates domain 1")
    errors = {}
    if standard not in ("1.1", "1.2", "1.3", "1.4"):
        errors["standard"] = "Select a domain 1 standard"
    if rating not in inspection.Rating.values:
        errors["rating"] = "Select a rating"
    if not evidence.strip():
        errors["evidence"] = "Enter the evidence for the rating"
    if errors:
        raise ValidationError(errors)
    judgement = StandardJudgement(standard=standard, rating=rating, evidence=evidence.strip(), judged_by=by)
    return audited_create(judgement, by=by)


# --- Recommendations -------------------------------------------------------------------------


@transaction.atomic
def recommendation_assess(
    *, by: User, recommendation: Recommendation, rag: str, evidence_notes: str, team: Team | None = None
) -> RecommendationAssessment:
    require(permissions.can_track_recommendations(by), "Only managers assess recommendations")
    if rag not in Rag.values:
        raise ValidationError({"rag": "Select red, amber or green"})
    assessment = RecommendationAssessment(
        recommendation=recommendation, team=team, rag=rag, evidence_notes=evidence_notes.strip(), assessed_by=by
    )
    return audited_create(assessment, by=by, detail={"rag": rag})


@transaction.atomic
def recommendation_action_add(
    *, by: User, recommendation: Recommendation, description: str, owner: str, due_date: date | None, team=None
) -> RecommendationAction:
    require(permissions.can_track_recommendations(by), "Only managers add actions")
    errors = _action_errors(description, owner, due_date)
    if errors:
        raise ValidationError(errors)
    action = RecommendationAction(
        recommendation=recommendation,
        team=team,
        description=description.strip(),
        owner=owner.strip(),
        due_date=due_date,
    )
    return audited_create(action, by=by)


def recommendations_import(*, by: User, text: str):
    from .recommendations import recommendations_import as load

    if not permissions.can_import_recommendations(by):
        raise PermissionDenied("Only managers import recommendations")
    result = load(text=text)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        detail={"import": "recommendations", "created": result.created, "updated": result.updated},
    )
    return result


# --- What the governance pages record -------------------------------------------------------------


def board_get_or_create() -> Board:
    """The service's management board (one), created the first time its page is opened."""
    board, _ = Board.objects.get_or_create(name="Youth justice management board")
    return board


def board_report_download_record(*, by: User, report: BoardReport, kind: str, every_figure: bool, request=None) -> None:
    """A board report's PDF or CSV downloaded: an audited export."""
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=report,
        request=request,
        detail={"export": f"board_report_{kind}", "suppressed": not every_figure},
    )


@transaction.atomic
def audited_case_answers_record(
    *, by: User, audited_case: AuditedCase, answers: list[tuple[str, bool, str]]
) -> list[KeyQuestionAnswer]:
    """The answers to the key questions of an audited case, all or none: (key question, answer, note)."""
    return [
        key_question_answer(by=by, audited_case=audited_case, key_question=code, answer=answer, note=note)
        for code, answer, note in answers
    ]
