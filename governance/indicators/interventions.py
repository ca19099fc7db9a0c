"""Interventions and reparation (DESIGN.md §10), for the board report's section "Interventions and
reparation". Each function takes a period (and teams: the case's) and returns a ``Figure`` with its
numerator and denominator; ``board`` puts the previous period's beside each.

- Intervention completion: referrals ended in the period with the outcome "completed", over the
  referrals ended in the period (whatever their outcome).
- Reparation hours delivered: the hours of reparation sessions done in the period, over the hours
  ordered of the placements active in the period (started on or before its end, and not completed
  before its start). Hours may be fractions (a session of 1.5 hours): the numbers are hours, to two
  decimal places.
"""

from decimal import Decimal

from django.db.models import Q, Sum

from interventions.models import InterventionReferral, ReferralOutcome, ReparationPlacement, ReparationSession

from .figures import Figure, Period, Unit, for_teams, share, share_met, with_previous


def intervention_completion(period: Period, team_ids=None) -> Figure:
    ended = for_teams(
        InterventionReferral.objects.filter(ended_on__range=(period.start, period.end)), "case__team", team_ids
    )
    return share_met(
        "intervention_completion",
        "Referrals to interventions completed",
        ended,
        Q(outcome=ReferralOutcome.COMPLETED),
        note="Referrals ended in the period with the intervention completed, of all the referrals ended in the "
        "period (partly completed, not completed and withdrawn included).",
    )


def _hours(value: Decimal | None) -> int | float:
    """A number of hours as the report shows it: whole hours as a whole number."""
    value = Decimal(value or 0).quantize(Decimal("0.01"))
    return int(value) if value == value.to_integral_value() else float(value)


def reparation_hours(period: Period, team_ids=None) -> Figure:
    sessions = for_teams(
        ReparationSession.objects.filter(done_on__range=(period.start, period.end)), "placement__case__team", team_ids
    )
    active = ReparationPlacement.objects.filter(started_on__lte=period.end).filter(
        Q(completed_on__isnull=True) | Q(completed_on__gte=period.start)
    )
    done = sessions.aggregate(total=Sum("hours"))["total"]
    ordered = for_teams(active, "case__team", team_ids).aggregate(total=Sum("hours_ordered"))["total"]
    numerator, denominator = _hours(done), _hours(ordered) if ordered is not None else 0
    return Figure(
        "reparation_hours",
        "Reparation hours delivered",
        Unit.PERCENT,
        numerator,
        denominator,
        share(Decimal(str(numerator)), denominator),
        note="Hours of reparation sessions done in the period, of the hours ordered of the placements active in the "
        "period (started by its end and not completed before its start).",
    )


def interventions_figures(period: Period, team_ids=None) -> list[Figure]:
    """The section's figures, each with the previous period's beside it."""
    return [
        with_previous(lambda p: intervention_completion(p, team_ids), period),
        with_previous(lambda p: reparation_hours(p, team_ids), period),
    ]


__all__ = ["intervention_completion", "interventions_figures", "reparation_hours"]
