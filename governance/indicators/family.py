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

from .figures import Figure, Period, Unit, all_with_previous, for_teams, percentage, share
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


def needs_totals(period: Period, team_ids=None) -> dict[str, int]:
    """What held at the end (and the start) of each order of the cohort, counted in one statement."""
    orders = orders_ended(period, team_ids).annotate(
        held_suitable=held_on(Accommodation, "suitable"),
        held_offered_start=held_at_start(Education, "hours_offered"),
        held_attended_start=held_at_start(Education, "hours_attended"),
        held_offered_end=held_on(Education, "hours_offered"),
        held_attended_end=held_on(Education, "hours_attended"),
        held_send=held_on(Education, "send_identified"),
        held_plan=held_on(Education, "send_plan"),
        held_mental_health=held_on(MentalHealth, "need_identified"),
        held_mental_health_support=held_on(MentalHealth, "receiving_support"),
        held_substances=held_on(SubstanceMisuse, "need_identified"),
        held_substances_intervention=held_on(SubstanceMisuse, "receiving_intervention"),
        held_social_care=held_on(SocialCareStatus, "status"),
    )
    return orders.aggregate(
        orders=Count("pk"),
        suitable=Count("pk", filter=Q(held_suitable=True)),
        offered_start=Coalesce(Sum("held_offered_start"), 0),
        attended_start=Coalesce(Sum("held_attended_start"), 0),
        offered_end=Coalesce(Sum("held_offered_end"), 0),
        attended_end=Coalesce(Sum("held_attended_end"), 0),
        send=Count("pk", filter=Q(held_send=True)),
        plan=Count("pk", filter=Q(held_send=True) & ~Q(held_plan=SendPlan.NONE)),
        mental_health=Count("pk", filter=Q(held_mental_health=True)),
        mental_health_support=Count("pk", filter=Q(held_mental_health=True, held_mental_health_support=True)),
        substances=Count("pk", filter=Q(held_substances=True)),
        substances_intervention=Count("pk", filter=Q(held_substances=True, held_substances_intervention=True)),
        linked=Count("pk", filter=Q(held_social_care__in=WIDER_SERVICES_STATUSES) | Q(held_plan__in=STATUTORY_PLANS)),
    )


def _needs_rows(t: dict[str, int]) -> list[Figure]:
    """The needs figures from the cohort's totals (``needs_totals``)."""
    return [
        percentage(
            "accommodation_end_of_order",
            "In suitable accommodation at the end of a court order",
            t["suitable"],
            t["orders"],
            note=_note("the latest accommodation record on or before the end of the order."),
        ),
        percentage(
            "ete_hours_start",
            "Hours of education, training or employment attended, of hours offered a week, at the start of a "
            "court order",
            t["attended_start"],
            t["offered_start"],
            note=_note(
                "hours a week summed over the orders with an education record: the one that held when the order "
                "started (or else the first during it)."
            ),
        ),
        percentage(
            "ete_hours_end",
            "Hours of education, training or employment attended, of hours offered a week, at the end of a court order",
            t["attended_end"],
            t["offered_end"],
            note=_note("hours a week summed over the orders with an education record on or before the end."),
        ),
        percentage(
            "send_end_of_order",
            "SEND or ALN identified at the end of a court order",
            t["send"],
            t["orders"],
            note=_note("the latest education record on or before the end of the order."),
        ),
        percentage(
            "send_plan_end_of_order",
            "With SEND or ALN identified at the end of a court order: a formal plan (EHCP or equivalent) in place",
            t["plan"],
            t["send"],
            note="Denominator: court orders ended in the period with SEND or ALN identified at the end.",
        ),
        *_need_rows(
            t, "mental_health", "Mental health and emotional wellbeing", "receiving support or an intervention"
        ),
        *_need_rows(t, "substances", "Substance misuse", "receiving an intervention", code="substance_misuse"),
        percentage(
            "wider_services",
            "Links to wider services at the end of a court order: child in need, child protection plan, looked "
            "after or an EHCP",
            t["linked"],
            t["orders"],
            note=_note("children's social care status and education record on the day the order ended."),
        ),
    ]


def _need_rows(t: dict[str, int], key: str, title: str, what: str, *, code: str = "") -> list[Figure]:
    code = code or key
    support = "mental_health_support" if key == "mental_health" else "substances_intervention"
    return [
        percentage(
            f"{code}_need",
            f"{title}: need identified at the end of a court order",
            t[key],
            t["orders"],
            note=_note(f"the latest {title.lower()} record on or before the end of the order."),
        ),
        percentage(
            f"{code}_intervention",
            f"{title}: of those with a need identified, {what}",
            t[support],
            t[key],
            note=f"Denominator: court orders ended in the period with a {title.lower()} need identified at the end.",
        ),
    ]


def _figure(code: str):
    """The figure ``code`` of the needs figures, as a function of the period (and teams)."""

    def figure(period: Period, team_ids=None) -> Figure:
        return next(f for f in _needs_rows(needs_totals(period, team_ids)) if f.code == code)

    figure.__name__ = code
    figure.__doc__ = f"The ``{code}`` figure (``needs_totals``)."
    return figure


accommodation_end_of_order = _figure("accommodation_end_of_order")
ete_hours_start = _figure("ete_hours_start")
ete_hours_end = _figure("ete_hours_end")
send_end_of_order = _figure("send_end_of_order")
send_plan_end_of_order = _figure("send_plan_end_of_order")
wider_services = _figure("wider_services")


def _of(prefix: str, period: Period, team_ids) -> list[Figure]:
    return [figure for figure in _needs_rows(needs_totals(period, team_ids)) if figure.code.startswith(prefix)]


def mental_health(period: Period, team_ids=None) -> list[Figure]:
    """Need identified at the end of the order; of those, receiving support or an intervention."""
    return _of("mental_health_", period, team_ids)


def substance_misuse(period: Period, team_ids=None) -> list[Figure]:
    """Need identified at the end of the order; of those, receiving an intervention."""
    return _of("substance_misuse_", period, team_ids)


def serious_violence_offences(period: Period, team_ids=None):
    """Proven offences in the period (``serious``: those of serious violence), as a queryset of offences."""
    cautioned = Decision.objects.filter(outcome__statutory=True, decided_on__range=(period.start, period.end))
    offences = Offence.objects.filter(
        Q(case__case_type__in=COURT_ORDER_TYPES, case__start_date__range=(period.start, period.end))
        | Q(case__in=cautioned.values("referral__case"))
    )
    return for_teams(offences, "case__team", team_ids).annotate(group=Lower("offence_group"))


SERIOUS = Q(group__in=SERIOUS_VIOLENCE_GROUPS, gravity_score__gte=SERIOUS_VIOLENCE_GRAVITY)


def _serious_violence_rows(period: Period, team_ids=None) -> list[Figure]:
    t = serious_violence_offences(period, team_ids).aggregate(all=Count("pk"), serious=Count("pk", filter=SERIOUS))
    population = population_total(period)
    rate = Figure(
        "serious_violence",
        "Proven serious violence offences per 10,000 children aged 10–17",
        Unit.PER_10K,
        t["serious"],
        population,
        share(t["serious"], population, 10_000),
        note="Violence against the person, robbery and drug offences with a gravity score of 5 or more, proven by a "
        "youth caution, youth conditional caution or court order in the period.",
    )
    if population is None:
        rate.note += " Enter the local 10–17 population to calculate the rate."
    return [
        rate,
        percentage(
            "serious_violence_share",
            "Serious violence offences among all proven offences",
            t["serious"],
            t["all"],
            note="Offences proven by a youth caution, youth conditional caution or court order in the period.",
        ),
    ]


def serious_violence(period: Period, team_ids=None) -> Figure:
    return _serious_violence_rows(period, team_ids)[0]


def serious_violence_share(period: Period, team_ids=None) -> Figure:
    return _serious_violence_rows(period, team_ids)[1]


def needs_figures(period: Period, team_ids=None) -> list[Figure]:
    """The section's figures (two statements a period), each with the previous period's beside it."""
    return [
        *all_with_previous(lambda p: _needs_rows(needs_totals(p, team_ids)), period),
        *all_with_previous(lambda p: _serious_violence_rows(p, team_ids), period),
    ]


__all__ = [
    "SERIOUS_VIOLENCE_GROUPS",
    "accommodation_end_of_order",
    "ete_hours_end",
    "ete_hours_start",
    "mental_health",
    "needs_figures",
    "needs_totals",
    "orders_ended",
    "send_end_of_order",
    "send_plan_end_of_order",
    "serious_violence",
    "serious_violence_share",
    "substance_misuse",
    "wider_services",
]
