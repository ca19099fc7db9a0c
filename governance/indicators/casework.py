"""Information requests, assessment timeliness and countersigning, caseloads."""

from django.db.models import Count, F, Q

from cases.models import Assessment
from cases.models import Case as YjsCase
from intelligence import selectors as intelligence_selectors

from .figures import Figure, Period, Unit, for_teams, percentage, rounded, share


def information_requests(period: Period, team_ids=None, *, user=None) -> list[Figure]:
    """Volumes and median turnaround by request type (``intelligence.selectors``)."""
    rows = intelligence_selectors.turnaround_by_type(user=user, start=period.start, end=period.end)
    return [
        Figure(
            f"information_requests:{row.request_type}",
            row.label,
            Unit.HOURS,
            row.supplied,
            row.requests,
            rounded(row.median_working_hours),
            note="Numerator: supplied; denominator: made; value: median working hours to supply.",
        )
        for row in rows
    ]


def assessments(period: Period, team_ids=None) -> list[Figure]:
    due = for_teams(Assessment.objects.filter(due_date__range=(period.start, period.end)), "case__team", team_ids)
    t = due.aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(completed_date__lte=F("due_date"))),
        completed=Count("pk", filter=Q(completed_date__isnull=False)),
        countersigned=Count("pk", filter=Q(countersigned_at__isnull=False)),
    )
    return [
        percentage("assessments_on_time", "Assessments due in the period completed on time", t["on_time"], t["due"]),
        percentage(
            "assessments_countersigned", "Completed assessments countersigned", t["countersigned"], t["completed"]
        ),
    ]


def caseloads(period: Period, team_ids=None) -> list[Figure]:
    """Cases open at the end of the period, per team: cases per allocated worker, and the
    highest caseload of one worker (grouped by the database: one row per team and worker)."""
    open_cases = for_teams(
        YjsCase.objects.filter(start_date__lte=period.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=period.end)
        ),
        "team",
        team_ids,
    )
    per_worker = open_cases.values("team__name", "allocated_to").annotate(cases=Count("pk")).order_by("team__name")
    teams: dict[str, dict] = {}
    for row in per_worker:
        team = teams.setdefault(row["team__name"], {"cases": 0, "workers": 0, "highest": 0, "unallocated": 0})
        team["cases"] += row["cases"]
        if row["allocated_to"] is None:
            team["unallocated"] += row["cases"]
        else:
            team["workers"] += 1
            team["highest"] = max(team["highest"], row["cases"])
    figures = []
    for name, team in teams.items():
        allocated = team["cases"] - team["unallocated"]
        figures += [
            Figure(
                f"caseload:{name}",
                f"{name}: allocated open cases per worker",
                Unit.RATIO,
                allocated,
                team["workers"],
                share(allocated, team["workers"], 1),
            ),
            Figure(f"caseload_highest:{name}", f"{name}: highest caseload of one worker", Unit.COUNT, team["highest"]),
            percentage(
                f"caseload_unallocated:{name}", f"{name}: open cases not allocated", team["unallocated"], team["cases"]
            ),
        ]
    return figures
