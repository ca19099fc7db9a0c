"""Keeping the child and other people safe (DESIGN.md §9): risk, the risk and vulnerability
meeting, significant events and management oversight.

Each figure's rule lives in one function here, read by the board report (``board``) and by the
inspection readiness page (``governance.selectors.inspection_risk_figures``). Governance is the
top app: it reads ``risk`` and ``cases`` directly.

"Within N working days" (``yjs.working_days``: weekends and England and Wales bank holidays
skipped) cannot be said in SQL, so the database groups the rows by their two dates (the day of
the trigger and the day it was met) and the deadline is checked once per distinct pair.
"""

from datetime import date

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.models import Assessment, Level, Returned, Review, ReviewTrigger
from cases.models import Case as YjsCase
from risk.models import Action, Hearing, Referral, ReferralReason, ReferralStatus
from yjs.working_days import add_working_days

from .figures import Figure, Period, for_teams, percentage, share_met, with_previous

HIGH = (Level.HIGH, Level.VERY_HIGH)
RATING_REASONS = (ReferralReason.ROSH, ReferralReason.SAFETY_WELLBEING)


def _open_cases(day: date, team_ids):
    """Cases open at the end of ``day`` (as the caseloads count them)."""
    cases = YjsCase.objects.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
    return for_teams(cases, "team", team_ids)


def current_assessments(day: date, team_ids=None):
    """Each open case's current assessment on ``day``: its latest completed one (DESIGN.md §9)."""
    latest = (
        Assessment.objects.filter(case__in=_open_cases(day, team_ids).values("pk"), completed_date__lte=day)
        .order_by("case_id", "-completed_date", "-id")
        .distinct("case_id")
        .values("pk")
    )
    return Assessment.objects.filter(pk__in=latest)


def high_risk_children(period: Period, team_ids=None) -> Figure:
    """Children with an open case at the end of the period whose current assessment rates risk of
    serious harm or safety and wellbeing high or very high, over the children with an open case
    and a completed assessment."""
    high = Q(risk_of_serious_harm__in=HIGH) | Q(safety_and_wellbeing__in=HIGH)
    t = current_assessments(period.end, team_ids).aggregate(
        assessed=Count("case__child", distinct=True),
        high=Count("case__child", distinct=True, filter=high),
    )
    return percentage(
        "risk_high",
        "Children whose current assessment rates risk of serious harm or safety and wellbeing high or very high",
        t["high"],
        t["assessed"],
        note="Children with an open case at the end of the period and a completed assessment; "
        "the current assessment is the latest completed one.",
    )


def _met_within(rows: QuerySet, since: str, met: str, working_days: int) -> tuple[int, int]:
    """(met, all) over ``rows``: met when their day ``met`` (None: not met) is on or before the day
    ``working_days`` working days after the day of their time ``since``. The database counts the
    rows by the two days; each distinct trigger day's deadline is worked out once."""
    pairs = (
        rows.order_by()
        .annotate(day=TruncDate(since, tzinfo=timezone.get_current_timezone()))
        .values("day", met)
        .annotate(n=Count("pk"))
        .values_list("day", met, "n")
    )
    deadlines: dict[date, date] = {}
    met_count = total = 0
    for day, done, count in pairs:
        total += count
        if done is None:
            continue
        if day not in deadlines:
            deadlines[day] = add_working_days(day, working_days)
        if done <= deadlines[day]:
            met_count += count
    return met_count, total


def _referrals_heard_in_time(period: Period, team_ids, reasons=None) -> tuple[int, int]:
    """Referrals made in the period and not declined: (heard at a meeting within the set number of
    working days of the referral, all of them). Heard: a hearing of the referral with a decision,
    on the meeting's date."""
    first_heard = (
        Hearing.objects.filter(referrals=OuterRef("pk"), decided_at__isnull=False)
        .order_by("meeting__held_on")
        .values("meeting__held_on")[:1]
    )
    referrals = for_teams(
        Referral.objects.filter(referred_at__gte=period.since, referred_at__lt=period.until).exclude(
            status=ReferralStatus.DECLINED
        ),
        "case__team",
        team_ids,
    )
    if reasons:
        referrals = referrals.filter(reason__in=reasons)
    heard = referrals.annotate(heard=Subquery(first_heard))
    return _met_within(heard, "referred_at", "heard", settings.RISK_MEETING_WITHIN_WORKING_DAYS)


def high_risk_heard_in_time(period: Period, team_ids=None) -> Figure:
    """Referrals made in the period for a high or very high rating (risk of serious harm, safety
    and wellbeing) heard at a risk meeting within the set number of working days."""
    days = settings.RISK_MEETING_WITHIN_WORKING_DAYS
    heard, referred = _referrals_heard_in_time(period, team_ids, RATING_REASONS)
    return percentage(
        "risk_high_heard_in_time",
        f"Referrals for a high or very high rating heard at a risk meeting within {days} working days",
        heard,
        referred,
        note="Referrals for risk of serious harm or safety and wellbeing rated high or very high, made in the "
        "period; a referral a manager declined is not counted.",
    )


def referrals_heard_in_time(period: Period, team_ids=None) -> Figure:
    """Every referral to the risk meeting made in the period (any reason, automatic or manual)
    heard within the set number of working days."""
    days = settings.RISK_MEETING_WITHIN_WORKING_DAYS
    heard, referred = _referrals_heard_in_time(period, team_ids)
    return percentage(
        "risk_referrals_heard_in_time",
        f"All referrals to the risk meeting heard within {days} working days",
        heard,
        referred,
        note="Referrals for any reason made in the period; a referral a manager declined is not counted.",
    )


def overdue_actions(period: Period, team_ids=None, *, today: date | None = None) -> Figure:
    """Risk meeting actions due in the period that were not done by their due date and are still
    not done at the end of the period (or today, for a period not over yet)."""
    cutoff = min(period.end, today or timezone.localdate())
    return share_met(
        "risk_actions_overdue",
        "Risk meeting actions overdue",
        for_teams(Action.objects.filter(due_on__range=(period.start, period.end)), "case__team", team_ids),
        Q(due_on__lt=cutoff) & (Q(done_on__isnull=True) | Q(done_on__gt=cutoff)),
        note="Actions due in the period not done by the end of the period (or today, for a period not over yet).",
    )


def significant_event_reviews(period: Period, team_ids=None) -> Figure:
    """Significant events (reviews opened by anything but the schedule) in the period followed by a
    completed review within the set number of working days."""
    days = settings.SIGNIFICANT_EVENT_REVIEW_WORKING_DAYS
    reviews = for_teams(
        Review.objects.filter(created_at__gte=period.since, created_at__lt=period.until).exclude(
            trigger=ReviewTrigger.SCHEDULED
        ),
        "case__team",
        team_ids,
    )
    completed, events = _met_within(reviews, "created_at", "completed_date", days)
    return percentage(
        "significant_events_reviewed",
        f"Significant events followed by a completed review within {days} working days",
        completed,
        events,
        note="A new arrest, new intelligence, a threat-to-life, weapons, missing or exploitation flag and other "
        "significant events in the period, each of which opens a review.",
    )


def assessments_resubmitted(period: Period, team_ids=None) -> Figure:
    """Assessments a manager returned in the period with feedback, and how many were resubmitted."""
    returned = for_teams(
        Returned.objects.filter(assessment__isnull=False, returned_at__gte=period.since, returned_at__lt=period.until),
        "assessment__case__team",
        team_ids,
    )
    return share_met(
        "assessments_returned_resubmitted",
        "Assessments returned by a manager that were resubmitted",
        returned,
        Q(resubmitted_at__isnull=False),
        note="Denominator: assessments returned with feedback in the period; numerator: those resubmitted since.",
    )


def risk_figures(period: Period, team_ids=None, *, today: date | None = None) -> list[Figure]:
    """The section's figures, each with the previous period's beside it."""
    return [
        with_previous(lambda p: high_risk_children(p, team_ids), period),
        with_previous(lambda p: high_risk_heard_in_time(p, team_ids), period),
        with_previous(lambda p: referrals_heard_in_time(p, team_ids), period),
        with_previous(lambda p: overdue_actions(p, team_ids, today=today), period),
        with_previous(lambda p: significant_event_reviews(p, team_ids), period),
        with_previous(lambda p: assessments_resubmitted(p, team_ids), period),
    ]


__all__ = [
    "assessments_resubmitted",
    "current_assessments",
    "high_risk_children",
    "high_risk_heard_in_time",
    "overdue_actions",
    "referrals_heard_in_time",
    "risk_figures",
    "significant_event_reviews",
]
