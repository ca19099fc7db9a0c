"""Children detained in police custody in the area (from the daily custody feed)."""

from datetime import timedelta

from django.db.models import Count, F, Q

from custody import selectors as custody_selectors
from custody.models import CustodyRecord

from .figures import Figure, Period, Unit, average_hours, percentage


def _detentions(period: Period):
    return CustodyRecord.objects.filter(detained_at__gte=period.since, detained_at__lt=period.until)


def custody_figures(period: Period, team_ids=None) -> list[Figure]:
    """Children detained in police custody in the area (the feed is not by team); the figures
    the custody figures page also shows come from ``custody.selectors.detention_aggregates``."""
    t = _detentions(period).aggregate(
        **custody_selectors.detention_aggregates(),
        over_24=Count("pk", filter=Q(released_at__gt=F("detained_at") + timedelta(hours=24))),
        aa_over_2=Count("pk", filter=Q(aa_arrived_at__gt=F("aa_requested_at") + timedelta(hours=2))),
    )
    return [
        Figure("custody_detentions", "Detentions of children in police custody", Unit.COUNT, t["detentions"]),
        average_hours("custody_hours", "Average hours detained (released children)", t["released"], t["mean_detained"]),
        percentage("custody_over_24", "Detentions longer than 24 hours", t["over_24"], t["released"]),
        average_hours(
            "aa_wait_hours", "Average appropriate adult waiting time (hours)", t["aa_arrived"], t["mean_aa_wait"]
        ),
        percentage("aa_wait_over_2", "Appropriate adult waits longer than 2 hours", t["aa_over_2"], t["aa_arrived"]),
        average_hours(
            "held_after_charge_hours", "Average hours held after charge", t["charged"], t["mean_after_charge"]
        ),
        percentage(
            "overnight_after_charge",
            "Charged children held overnight in a cell",
            t["overnight_after_charge"],
            t["charged"],
        ),
        percentage(
            "s38_6_requested",
            "PACE s38(6) transfer requested for children charged and detained",
            t["s38_requested"],
            t["charged_detained"],
        ),
        percentage(
            "s38_6_secured", "PACE s38(6) transfers secured when requested", t["s38_secured"], t["s38_requested"]
        ),
    ]
