"""The Youth Justice Board's key performance indicators (2023) on the child's needs, links to wider
services and serious violence, computed from the family app's dated records (DESIGN.md §11).

**The cohort** of the needs indicators is the YJB's: children whose order ended in the period, here
each court order (referral order, youth rehabilitation order, detention and training order) whose
case ended in the period, as ``yjb.ete_at_end_of_order`` counts them. What held "at the end of the
order" is the child's latest record of the kind dated on or before the day the order ended;
"at the start", the record that held on the day it started or, when none did yet, the first one
recorded during the order. An order with no record of a kind counts in the denominator and not in
the numerator (not known is not suitable, not identified).

- Accommodation: orders ending with the child in suitable accommodation.
- ETE hours: hours of education, training or employment attended a week as a share of the hours
  offered, summed over the orders with a record, at the start and at the end of the order.
- SEND/ALN: orders ending with special educational needs or disabilities (additional learning
  needs in Wales) identified; of those, with a formal plan (an EHCP, a Welsh IDP or another plan).
- Mental health and emotional wellbeing, substance misuse: orders ending with a need identified;
  of those, the child receiving support or an intervention.
- Links to wider services: orders ending while the child was a child in need, on a child
  protection plan or looked after (``risk.SocialCareStatus`` held on the day), or had an EHCP or IDP.

**Serious violence.** The YJB counts as serious violence any proven offence of violence against
the person, robbery or drugs with a gravity score of 5 or more. The offence record holds the
Home Office offence group (free text) and the gravity score, so an offence is serious violence when
its group is one of ``SERIOUS_VIOLENCE_GROUPS`` (compared without regard to case) and its gravity
score is 5. It is proven when it led to a statutory outcome in the period: a youth caution or youth
conditional caution decided in the period (its out-of-court referral's case), or a court order
that started in the period (its case). The rate is per 10,000 children aged 10–17 in the area.
"""

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Lower

from cases.models import COURT_ORDER_TYPES, Offence
from cases.models import Case as YjsCase
from family.models import Accommodation, Education, MentalHealth, SendPlan, SubstanceMisuse
from oocd.models import Decision
from risk.models import SocialCare, SocialCareStatus

from .figures import Figure, Period, Unit, all_with_previous, for_teams, percentage, share, with_previous
from .population import population_total

SERIOUS_VIOLENCE_GROUPS = ("violence against the person", "robbery", "drug offences")
SERIOUS_VIOLENCE_GRAVITY = 5
WIDER_SERVICES_STATUSES = (SocialCare.CHILD_IN_NEED, SocialCare.CHILD_PROTECTION_PLAN, SocialCare.LOOKED_AFTER)
STATUTORY_PLANS = (SendPlan.EHCP, SendPlan.IDP)


def orders_ended(period: Period, team_ids=None):
    """The cohort: court orders whose case ended in the period."""
    cases = YjsCase.objects.filter(case_type__in=COURT_ORDER_TYPES, end_date__range=(period.start, period.end))
    return for_teams(cases, "team", team_ids)


def held_on(model, field: str, day: str = "end_date") -> Subquery:
    """Per order: ``field`` of the child's record of ``model`` that held on the order's ``day``."""
    latest = model.objects.filter(child=OuterRef("child_id"), from_date__lte=OuterRef(day)).order_by(
        "-from_date", "-id"
    )
    return Subquery(latest.values(field)[:1])


def held_at_start(model, field: str) -> Coalesce:
    """Per order: ``field`` of the record that held on its start, or else the first made during it."""
    first = model.objects.filter(
        child=OuterRef("child_id"), from_date__gt=OuterRef("start_date"), from_date__lte=OuterRef("end_date")
    ).order_by("from_date", "id")
    return Coalesce(held_on(model, field, "start_date"), Subquery(first.values(field)[:1]))


def _note(more: str) -> str:
    return (
        "Court orders (referral orders, youth rehabilitation orders, detention and training orders) ended in the "
        f"period; {more}"
    )


def accommodation_end_of_order(period: Period, team_ids=None) -> Figure:
    t = (
        orders_ended(period, team_ids)
        .annotate(suitable=held_on(Accommodation, "suitable"))
        .aggregate(all=Count("pk"), suitable=Count("pk", filter=Q(suitable=True)))
    )
    return percentage(
        "accommodation_end_of_order",
        "In suitable accommodation at the end of a court order",
        t["suitable"],
        t["all"],
        note=_note("the latest accommodation record on or before the end of the order."),
    )


def _ete_hours(period: Period, team_ids, *, at_start: bool) -> Figure:
    held = (lambda name: held_at_start(Education, name)) if at_start else (lambda name: held_on(Education, name))
    t = (
        orders_ended(period, team_ids)
        .annotate(offered=held("hours_offered"), attended=held("hours_attended"))
        .aggregate(offered=Coalesce(Sum("offered"), 0), attended=Coalesce(Sum("attended"), 0))
    )
    when = "start" if at_start else "end"
    return percentage(
        f"ete_hours_{when}",
        f"Hours of education, training or employment attended, of hours offered a week, at the {when} of a court order",
        t["attended"],
        t["offered"],
        note=_note(
            "hours a week summed over the orders with an education record: the one that held when the order "
            "started (or the first during it)."
            if at_start
            else "hours a week summed over the orders with an education record on or before the end."
        ),
    )


def ete_hours_start(period: Period, team_ids=None) -> Figure:
    return _ete_hours(period, team_ids, at_start=True)


def ete_hours_end(period: Period, team_ids=None) -> Figure:
    return _ete_hours(period, team_ids, at_start=False)


def _send(period: Period, team_ids) -> dict:
    return (
        orders_ended(period, team_ids)
        .annotate(send=held_on(Education, "send_identified"), plan=held_on(Education, "send_plan"))
        .aggregate(
            all=Count("pk"),
            send=Count("pk", filter=Q(send=True)),
            plan=Count("pk", filter=Q(send=True) & ~Q(plan=SendPlan.NONE)),
        )
    )


def send_end_of_order(period: Period, team_ids=None) -> Figure:
    t = _send(period, team_ids)
    return percentage(
        "send_end_of_order",
        "SEND or ALN identified at the end of a court order",
        t["send"],
        t["all"],
        note=_note("the latest education record on or before the end of the order."),
    )


def send_plan_end_of_order(period: Period, team_ids=None) -> Figure:
    t = _send(period, team_ids)
    return percentage(
        "send_plan_end_of_order",
        "With SEND or ALN identified at the end of a court order: a formal plan (EHCP or equivalent) in place",
        t["plan"],
        t["send"],
        note="Denominator: court orders ended in the period with SEND or ALN identified at the end.",
    )


def _need(period: Period, team_ids, model, receiving: str) -> dict:
    return (
        orders_ended(period, team_ids)
        .annotate(need=held_on(model, "need_identified"), receiving=held_on(model, receiving))
        .aggregate(
            all=Count("pk"),
            need=Count("pk", filter=Q(need=True)),
            receiving=Count("pk", filter=Q(need=True, receiving=True)),
        )
    )


def _need_figures(period: Period, team_ids, *, code: str, title: str, model, receiving: str, what: str):
    t = _need(period, team_ids, model, receiving)
    return (
        percentage(
            f"{code}_need",
            f"{title}: need identified at the end of a court order",
            t["need"],
            t["all"],
            note=_note(f"the latest {title.lower()} record on or before the end of the order."),
        ),
        percentage(
            f"{code}_intervention",
            f"{title}: of those with a need identified, {what}",
            t["receiving"],
            t["need"],
            note=f"Denominator: court orders ended in the period with a {title.lower()} need identified at the end.",
        ),
    )


def mental_health(period: Period, team_ids=None) -> list[Figure]:
    return list(
        _need_figures(
            period,
            team_ids,
            code="mental_health",
            title="Mental health and emotional wellbeing",
            model=MentalHealth,
            receiving="receiving_support",
            what="receiving support or an intervention",
        )
    )


def substance_misuse(period: Period, team_ids=None) -> list[Figure]:
    return list(
        _need_figures(
            period,
            team_ids,
            code="substance_misuse",
            title="Substance misuse",
            model=SubstanceMisuse,
            receiving="receiving_intervention",
            what="receiving an intervention",
        )
    )


def wider_services(period: Period, team_ids=None) -> Figure:
    social_care = held_on(SocialCareStatus, "status")
    t = (
        orders_ended(period, team_ids)
        .annotate(social_care=social_care, plan=held_on(Education, "send_plan"))
        .aggregate(
            all=Count("pk"),
            linked=Count("pk", filter=Q(social_care__in=WIDER_SERVICES_STATUSES) | Q(plan__in=STATUTORY_PLANS)),
        )
    )
    return percentage(
        "wider_services",
        "Links to wider services at the end of a court order: child in need, child protection plan, looked after "
        "or an EHCP",
        t["linked"],
        t["all"],
        note=_note("children's social care status and education record on the day the order ended."),
    )


def serious_violence_offences(period: Period, team_ids=None):
    """Proven offences in the period (``serious``: those of serious violence), as a queryset of offences."""
    cautioned = Decision.objects.filter(outcome__statutory=True, decided_on__range=(period.start, period.end))
    offences = Offence.objects.filter(
        Q(case__case_type__in=COURT_ORDER_TYPES, case__start_date__range=(period.start, period.end))
        | Q(case__in=cautioned.values("referral__case"))
    )
    return for_teams(offences, "case__team", team_ids).annotate(group=Lower("offence_group"))


SERIOUS = Q(group__in=SERIOUS_VIOLENCE_GROUPS, gravity_score__gte=SERIOUS_VIOLENCE_GRAVITY)


def serious_violence(period: Period, team_ids=None) -> Figure:
    serious = serious_violence_offences(period, team_ids).filter(SERIOUS).count()
    population = population_total(period)
    figure = Figure(
        "serious_violence",
        "Proven serious violence offences per 10,000 children aged 10–17",
        Unit.PER_10K,
        serious,
        population,
        share(serious, population, 10_000),
        note="Violence against the person, robbery and drug offences with a gravity score of 5 or more, proven by a "
        "youth caution, youth conditional caution or court order in the period.",
    )
    if population is None:
        figure.note += " Enter the local 10–17 population to calculate the rate."
    return figure


def serious_violence_share(period: Period, team_ids=None) -> Figure:
    t = serious_violence_offences(period, team_ids).aggregate(all=Count("pk"), serious=Count("pk", filter=SERIOUS))
    return percentage(
        "serious_violence_share",
        "Serious violence offences among all proven offences",
        t["serious"],
        t["all"],
        note="Offences proven by a youth caution, youth conditional caution or court order in the period.",
    )


def needs_figures(period: Period, team_ids=None) -> list[Figure]:
    """The section's figures, each with the previous period's beside it."""
    one = [
        accommodation_end_of_order,
        ete_hours_start,
        ete_hours_end,
        send_end_of_order,
        send_plan_end_of_order,
    ]
    figures = [with_previous(lambda p, f=f: f(p, team_ids), period) for f in one]
    for pair in (mental_health, substance_misuse):
        figures += all_with_previous(lambda p, pair=pair: pair(p, team_ids), period)
    for f in (wider_services, serious_violence, serious_violence_share):
        figures.append(with_previous(lambda p, f=f: f(p, team_ids), period))
    return figures


__all__ = [
    "SERIOUS_VIOLENCE_GROUPS",
    "accommodation_end_of_order",
    "ete_hours_end",
    "ete_hours_start",
    "mental_health",
    "needs_figures",
    "orders_ended",
    "send_end_of_order",
    "send_plan_end_of_order",
    "serious_violence",
    "serious_violence_share",
    "substance_misuse",
    "wider_services",
]
