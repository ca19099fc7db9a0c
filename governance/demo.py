"""Demo data for governance: a management board with members, meetings, attendance and actions,
the local 10–17 population, a self-assessment of a few recommendations, and one generated board
report (generated here, synchronously, so the demo needs no worker). Safe to run again."""

import random
import time
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import Ethnicity
from yjs.demo import register_data_set_step, register_demo_step
from yjs.models import User

from . import services
from .models import (
    ActionStatus,
    Board,
    BoardAction,
    BoardAttendance,
    BoardMeeting,
    BoardMember,
    BoardReport,
    LocalPopulation,
    Rag,
    Recommendation,
    RecommendationAction,
    RecommendationAssessment,
    ReportingPeriod,
)

# name, agency, role, seniority, interim
MEMBERS = [
    ("Cllr Ruth Adeyemi", "local_authority", "Chair; lead member for children's services", "executive", False),
    ("Mark Doyle", "social_care", "Director of children's services", "executive", False),
    ("Sarah Whitmore", "yjs", "Head of youth justice service", "senior", False),
    ("Ch Supt Imran Baig", "police", "Local policing commander", "senior", False),
    ("Lisa Greenhalgh", "education", "Assistant director, inclusion", "senior", True),
    ("Dr Owen Pritchard", "health", "Designated doctor, integrated care board", "senior", False),
    ("Janet Moss", "probation", "Head of Probation delivery unit", "senior", False),
    ("Tariq Hussain", "community_safety", "Community safety partnership manager", "manager", True),
    ("Michael Price", "courts", "Deputy justices' clerk, HM Courts and Tribunals Service", "senior", False),
]
# The member who signs in to the service as the demo's board member (yjs.demo's "board").
SIGNS_IN = {"Michael Price": "board"}

# Children aged 10–17 by ethnicity (share of about 24,000) and gender: a synthetic local picture.
POPULATION_SHARES = {
    Ethnicity.WHITE_BRITISH: 0.68,
    Ethnicity.WHITE_IRISH: 0.004,
    Ethnicity.WHITE_GYPSY_TRAVELLER: 0.003,
    Ethnicity.WHITE_OTHER: 0.04,
    Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: 0.02,
    Ethnicity.MIXED_WHITE_BLACK_AFRICAN: 0.008,
    Ethnicity.MIXED_WHITE_ASIAN: 0.012,
    Ethnicity.MIXED_OTHER: 0.01,
    Ethnicity.ASIAN_INDIAN: 0.03,
    Ethnicity.ASIAN_PAKISTANI: 0.07,
    Ethnicity.ASIAN_BANGLADESHI: 0.01,
    Ethnicity.ASIAN_CHINESE: 0.006,
    Ethnicity.ASIAN_OTHER: 0.01,
    Ethnicity.BLACK_CARIBBEAN: 0.015,
    Ethnicity.BLACK_AFRICAN: 0.035,
    Ethnicity.BLACK_OTHER: 0.005,
    Ethnicity.OTHER_ARAB: 0.006,
    Ethnicity.OTHER_ANY: 0.008,
    Ethnicity.NOT_STATED: 0.008,
}
CHILDREN_10_17 = 24_000

ACTIONS = [
    ("Report disproportionality by ethnicity and gender at every meeting", "Head of youth justice service", 30),
    (
        "Agree a protocol with the police on s38(6) transfers to local authority accommodation",
        "Local policing commander",
        60,
    ),
    ("Review health representation and attendance at the board", "Designated doctor", -20),
    ("Audit ten out-of-court disposal decisions with the scrutiny panel", "Head of youth justice service", 90),
    ("Bring the courts' figures on remands to youth detention to each meeting", "Michael Price", 45),
]


def _last_full_year(today: date) -> tuple[date, date]:
    """The twelve whole months before this one."""
    end = today.replace(day=1) - timedelta(days=1)
    start = (date(end.year - 1, end.month, 28) + timedelta(days=4)).replace(day=1)
    return start, end


@transaction.atomic
def _board(today: date, rng: random.Random) -> Board:
    board, _ = Board.objects.get_or_create(name="Youth justice management board")
    members = []
    for name, agency, role, seniority, interim in MEMBERS:
        member, _ = BoardMember.objects.update_or_create(
            board=board,
            name=name,
            defaults={
                "agency": agency,
                "role": role,
                "seniority": seniority,
                "interim": interim,
                "user": User.objects.filter(username=SIGNS_IN.get(name, "")).first(),
            },
        )
        members.append(member)
    for months_ago in range(12, -1, -3):
        # Never after today: attendance is only recorded for a meeting that has happened.
        held_on = min((today.replace(day=15) - timedelta(days=30 * months_ago)).replace(day=15), today)
        meeting, created = BoardMeeting.objects.get_or_create(board=board, held_on=held_on)
        if created:
            BoardAttendance.objects.bulk_create(
                BoardAttendance(
                    meeting=meeting,
                    member=member,
                    attended=rng.random() < (0.55 if member.agency in ("health", "education") else 0.9),
                )
                for member in members
            )
    latest = board.meetings.first()
    for description, owner, days in ACTIONS:
        BoardAction.objects.get_or_create(
            board=board,
            description=description,
            defaults={
                "owner": owner,
                "meeting": latest,
                "due_date": today + timedelta(days=days),
                "status": ActionStatus.IN_PROGRESS if days < 0 else ActionStatus.OPEN,
            },
        )
    return board


def _population(today: date) -> int:
    rows = 0
    for year in (today.year - 2, today.year - 1, today.year):
        for ethnicity, share in POPULATION_SHARES.items():
            for gender, split in (("M", 0.512), ("F", 0.488)):
                LocalPopulation.objects.update_or_create(
                    year=year,
                    ethnicity=ethnicity,
                    gender=gender,
                    defaults={"children": round(CHILDREN_10_17 * share * split * (1 + 0.01 * (year - today.year)))},
                )
                rows += 1
    return rows


def _recommendations(head: User | None, today: date) -> None:
    if head is None or RecommendationAssessment.objects.exists():
        return
    for code, rag, note in (
        (
            "appropriate-adults-2011",
            Rag.AMBER,
            "Waiting times reported monthly from custody data; s38(6) secured rarely.",
        ),
        ("girls-2014-board", Rag.GREEN, "The board report shows data by gender."),
        ("victim-contact-2013", Rag.RED, "No agreed referral route with the Probation Service yet."),
    ):
        recommendation = Recommendation.objects.filter(code=code).first()
        if recommendation:
            RecommendationAssessment.objects.create(
                recommendation=recommendation, rag=rag, evidence_notes=note, assessed_by=head
            )
    recommendation = Recommendation.objects.filter(code="victim-contact-2013").first()
    if recommendation:
        RecommendationAction.objects.create(
            recommendation=recommendation,
            description="Agree the statutory victim contact referral route with the Probation Service",
            owner="Victim worker lead",
            due_date=today + timedelta(days=45),
        )


def load_governance_demo(*, today: date | None = None, generate_report: bool = True) -> str:
    today = today or timezone.localdate()
    rng = random.Random(2026)  # noqa: S311 (demo data, not a secret)
    board = _board(today, rng)
    rows = _population(today)
    start, end = _last_full_year(today)
    ReportingPeriod.objects.get_or_create(name=f"Year to {end:%B %Y}", defaults={"start": start, "end": end})
    head = User.objects.filter(username="head").first()
    _recommendations(head, today)
    summary = (
        f"board with {board.members.count()} members and {board.meetings.count()} meetings, {rows} population rows"
    )
    if generate_report and head is not None:
        report = BoardReport.objects.filter(period_start=start, period_end=end, status="succeeded").first()
        if report is None:
            report = BoardReport.objects.create(period_start=start, period_end=end, created_by=head)
            began = time.monotonic()
            services.board_report_generate(report_id=report.pk)
            summary += f", one board report generated in {time.monotonic() - began:.1f} s"
    return summary


# Registered with yjs.demo: last, as the board report is computed from every other app's data.
register_demo_step("governance", order=90, load=lambda scale: load_governance_demo())
register_data_set_step("governance", order=90, load=lambda scale: load_governance_demo(generate_report=False))
