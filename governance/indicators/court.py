"""Court work and orders (DESIGN.md §10): pre-sentence reports, referral order panels, how orders end,
unpaid work and resettlement before release. Each figure's rule lives in one function here, read by
the board report (``board``) and by the inspection readiness page
(``governance.selectors.inspection_court_figures``); the due dates are ``court.rules``'.

- Report timeliness: reports submitted to the court in the period, on or before their due date.
- Concordance: reports with a proposal and a sentence, sentenced in the period, whose sentence is
  the one proposed.
- Initial panels within 20 working days: referral orders whose initial panel fell due in the period
  (``rules.initial_panel_due`` of the day the order was made), with an initial panel held by then.
  The due date counts working days, which SQL cannot: the database groups the orders by the day
  made and the day first held, and the rule is applied once a distinct day.
- Progress panels on time: progress panels due in the period, held on or before their due date.
- Orders completed successfully, and revoked after breach: orders ended in the period.
- Unpaid work hours delivered: unpaid work requirements ended in the period (completed or ended
  early, on the day completed or else the day set to end), the hours done of the hours ordered (the
  hours done counted up to the hours ordered), in whole hours.
- Resettlement plans in place at release: children released in the period from a sentence (licence
  or notice of supervision; a remand's release is the court's on the day, planned or not), whose
  plan was completed on or before the day of release.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Least

from court import rules
from court.models import (
    CustodySpell,
    Order,
    OrderOutcome,
    OrderType,
    PanelType,
    PreSentenceReport,
    ReferralPanel,
    Requirement,
    RequirementProgress,
    RequirementStatus,
    RequirementType,
    SupervisionOnRelease,
)
from yjs.selectors import sum_per_row

from .figures import Figure, Period, for_teams, percentage, share_met, with_previous

# An initial panel is due 20 working days after the order: never more than this many days later.
LONGEST_INITIAL_PANEL_WAIT = timedelta(days=60)


def report_timeliness(period: Period, team_ids=None) -> Figure:
    reports = for_teams(
        PreSentenceReport.objects.filter(submitted_on__range=(period.start, period.end)), "case__team", team_ids
    )
    return share_met(
        "court_reports_on_time",
        "Pre-sentence reports submitted to the court on or before their due date",
        reports,
        Q(submitted_on__lte=F("due_on")),
        note="Reports submitted in the period (a stand-down report is due the day it is asked for).",
    )


def concordance(period: Period, team_ids=None) -> Figure:
    reports = for_teams(
        PreSentenceReport.objects.filter(sentenced_on__range=(period.start, period.end))
        .exclude(proposal="")
        .exclude(sentence_given=""),
        "case__team",
        team_ids,
    )
    return share_met(
        "court_concordance",
        "Sentences that matched the pre-sentence report's proposal (concordance)",
        reports,
        Q(sentence_given=F("proposal")),
        note="Reports with a proposal and the sentence given, sentenced in the period.",
    )


def initial_panels_in_time(period: Period, team_ids=None) -> Figure:
    first_held = (
        ReferralPanel.objects.filter(order=OuterRef("pk"), panel_type=PanelType.INITIAL, held_on__isnull=False)
        .order_by("held_on")
        .values("held_on")[:1]
    )
    orders = for_teams(
        Order.objects.filter(
            order_type=OrderType.REFERRAL_ORDER,
            made_on__range=(period.start - LONGEST_INITIAL_PANEL_WAIT, period.end),
        ),
        "case__team",
        team_ids,
    )
    rows = (
        orders.order_by()
        .annotate(held=Subquery(first_held))
        .values("made_on", "held")
        .annotate(n=Count("pk"))
        .values_list("made_on", "held", "n")
    )
    due_on: dict[date, date] = {}
    held = fell_due = 0
    for made_on, held_on, count in rows:
        if made_on not in due_on:
            due_on[made_on] = rules.initial_panel_due(made_on)
        if not period.start <= due_on[made_on] <= period.end:
            continue
        fell_due += count
        if held_on is not None and held_on <= due_on[made_on]:
            held += count
    return percentage(
        "court_initial_panels_in_time",
        "Initial referral order panels held within 20 working days of the order",
        held,
        fell_due,
        note="Referral orders whose initial panel fell due in the period (20 working days after the order, bank "
        "holidays skipped).",
    )


def progress_panels_on_time(period: Period, team_ids=None) -> Figure:
    panels = for_teams(
        ReferralPanel.objects.filter(panel_type=PanelType.PROGRESS, due_on__range=(period.start, period.end)),
        "order__case__team",
        team_ids,
    )
    return share_met(
        "court_progress_panels_on_time",
        "Referral order progress panels held by their due date",
        panels,
        Q(held_on__lte=F("due_on")),
        note="Progress panels due in the period (at most three months after the last panel).",
    )


def _orders_ended(period: Period, team_ids) -> dict[str, int]:
    orders = for_teams(Order.objects.filter(ended_on__range=(period.start, period.end)), "case__team", team_ids)
    return orders.exclude(outcome="").aggregate(
        ended=Count("pk"),
        completed=Count("pk", filter=Q(outcome=OrderOutcome.COMPLETED)),
        breached=Count("pk", filter=Q(outcome=OrderOutcome.REVOKED_BREACH)),
    )


def _orders_ended_figure(code: str, label: str, counted: str, note: str) -> Callable[..., Figure]:
    """A figure of the orders ended in the period: those ``counted`` (completed, breached) of all."""

    def figure(period: Period, team_ids=None) -> Figure:
        t = _orders_ended(period, team_ids)
        return percentage(code, label, t[counted], t["ended"], note=note)

    return figure


orders_completed = _orders_ended_figure(
    "court_orders_completed",
    "Court orders completed successfully",
    "completed",
    "Referral orders, youth rehabilitation orders and detention and training orders ended in the period.",
)
orders_breached = _orders_ended_figure(
    "court_orders_breached",
    "Court orders revoked after breach",
    "breached",
    "Orders ended in the period; an order breached and allowed to continue is not counted here.",
)


def unpaid_work_hours(period: Period, team_ids=None) -> Figure:
    done = sum_per_row(RequirementProgress.objects.all(), "hours", per="requirement")
    decimal = DecimalField(max_digits=9, decimal_places=2)
    requirements = for_teams(
        Requirement.objects.filter(
            requirement_type=RequirementType.UNPAID_WORK,
            status__in=(RequirementStatus.COMPLETED, RequirementStatus.ENDED_EARLY),
            hours_ordered__isnull=False,
        )
        .annotate(ended=Coalesce("completed_on", "ends_on"))
        .filter(ended__range=(period.start, period.end)),
        "order__case__team",
        team_ids,
    )
    t = requirements.annotate(
        done=Least(
            Coalesce(Subquery(done, output_field=decimal), Value(0, output_field=decimal)),
            Cast("hours_ordered", decimal),
            output_field=decimal,
        )
    ).aggregate(ordered=Sum("hours_ordered"), delivered=Sum("done"))
    ordered = t["ordered"] or 0
    delivered = round(t["delivered"] or 0)
    return percentage(
        "court_unpaid_work_hours",
        "Unpaid work hours delivered, of the hours ordered",
        int(delivered),
        int(ordered),
        note="Unpaid work requirements ended in the period (completed or ended early): hours done, up to the hours "
        "ordered, in whole hours.",
    )


def resettlement_before_release(period: Period, team_ids=None) -> Figure:
    spells = for_teams(
        CustodySpell.objects.filter(
            released_on__range=(period.start, period.end),
            supervision_on_release__in=(SupervisionOnRelease.LICENCE, SupervisionOnRelease.NOTICE_OF_SUPERVISION),
        ),
        "case__team",
        team_ids,
    )
    return share_met(
        "court_resettlement_in_place",
        "Resettlement plans in place at release from custody",
        spells,
        Q(resettlement_plan__completed_on__lte=F("released_on")),
        note="Children released in the period on licence or a notice of supervision, whose resettlement plan "
        "(accommodation, education, health) was completed on or before the day of release.",
    )


FIGURES = (
    report_timeliness,
    concordance,
    initial_panels_in_time,
    progress_panels_on_time,
    orders_completed,
    orders_breached,
    unpaid_work_hours,
    resettlement_before_release,
)


def court_figures(period: Period, team_ids=None) -> list[Figure]:
    """The section's figures, each with the previous period's beside it."""
    return [with_previous(lambda p, figure=figure: figure(p, team_ids), period) for figure in FIGURES]


__all__ = [
    "FIGURES",
    "concordance",
    "court_figures",
    "initial_panels_in_time",
    "orders_breached",
    "orders_completed",
    "progress_panels_on_time",
    "report_timeliness",
    "resettlement_before_release",
    "unpaid_work_hours",
]
