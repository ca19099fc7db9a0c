"""Out-of-court disposals: decisions by outcome, police-only decisions, disposals completed."""

from django.db.models import Count, Exists, OuterRef, Q

from oocd.models import Condition, ConditionStatus, Decision, Outcome

from .figures import Figure, Period, for_teams, percentage


def _decisions(period: Period, team_ids):
    return for_teams(
        Decision.objects.filter(decided_on__range=(period.start, period.end)), "referral__case__team", team_ids
    )


def oocd_outcomes(period: Period, team_ids=None) -> list[Figure]:
    """Decisions by outcome: every active outcome (and any other used), so both periods have the same rows."""
    in_period = Q(decisions__decided_on__range=(period.start, period.end))
    if team_ids:
        in_period &= Q(decisions__referral__case__team__in=team_ids)
    rows = (
        Outcome.objects.annotate(n=Count("decisions", filter=in_period))
        .filter(Q(active=True) | Q(n__gt=0))
        .order_by("position", "name")
        .values_list("code", "name", "n")
    )
    rows = list(rows)
    total = sum(n for _code, _name, n in rows)
    return [percentage(f"oocd_outcome:{code}", name, n, total) for code, name, n in rows]


def police_only(period: Period, team_ids=None) -> Figure:
    totals = _decisions(period, team_ids).aggregate(all=Count("pk"), police=Count("pk", filter=Q(police_only=True)))
    return percentage(
        "police_only", "Out-of-court decisions the police gave without the joint panel", totals["police"], totals["all"]
    )


def oocd_completion(period: Period, team_ids=None) -> Figure:
    """Disposals to deliver (gravity 2–4: outcome 22, community resolution, cautions) decided in the
    period that were delivered and whose conditions were all complied with."""
    unmet = Condition.objects.filter(decision=OuterRef("pk")).exclude(status=ConditionStatus.COMPLIED)
    totals = (
        _decisions(period, team_ids)
        .filter(outcome__gravity_score__range=(2, 4))
        .aggregate(all=Count("pk"), completed=Count("pk", filter=Decision.delivered() & ~Q(Exists(unmet))))
    )
    return percentage(
        "oocd_completion",
        "Out-of-court disposals delivered and completed (conditions complied with)",
        totals["completed"],
        totals["all"],
    )
