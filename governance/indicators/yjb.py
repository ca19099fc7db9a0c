"""The Youth Justice Board's key performance indicators."""

from datetime import timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from psycopg import sql

from cases.models import COURT_ORDER_TYPES, CaseType, Child, EducationStatus, Offence, Victim
from cases.models import Case as YjsCase
from oocd import selectors as oocd_selectors
from oocd.models import Decision

from ..models import BoardAttendance
from .figures import Figure, Period, Unit, for_teams, percentage, share, share_met
from .population import population_total


def first_time_entrants(period: Period, team_ids=None) -> Figure:
    """Children whose first statutory outcome (youth caution, youth conditional caution,
    conviction) falls in the period, per 100,000 children aged 10–17 living in the area."""
    entrants = oocd_selectors.first_time_entrants(start=period.start, end=period.end, team_ids=team_ids).count()
    population = population_total(period)
    figure = Figure(
        "first_time_entrants",
        "First-time entrants per 100,000 children aged 10–17",
        Unit.PER_100K,
        entrants,
        population,
        share(entrants, population, 100_000),
    )
    if population is None:
        figure.note = "Enter the local 10–17 population to calculate the rate."
    return figure


def _statutory_decisions(period: Period, team_ids):
    return for_teams(
        Decision.objects.filter(outcome__statutory=True, decided_on__range=(period.start, period.end)),
        "referral__case__team",
        team_ids,
    )


def _court_orders(period: Period, team_ids):
    return for_teams(
        YjsCase.objects.filter(case_type__in=COURT_ORDER_TYPES, start_date__range=(period.start, period.end)),
        "team",
        team_ids,
    )


def cohort_sql(period: Period, team_ids) -> tuple[sql.Composable, list]:
    """SQL for the children with an outcome in the period (a statutory out-of-court outcome or a
    court order), one row each: ``child_id`` and ``index_date``, the date of their first one.

    The ORM lists the two kinds of outcome; the database groups them in one pass. (Annotating
    each child with the earlier of two correlated subqueries made PostgreSQL run them again for
    every offence the reoffending check looked at: seconds, on 200,000 children.)"""
    decisions = _statutory_decisions(period, team_ids).values_list("referral__child_id", "decided_on")
    orders = _court_orders(period, team_ids).values_list("child_id", "start_date")
    outcomes, params = decisions.union(orders, all=True).order_by().query.sql_with_params()
    query = sql.SQL(
        "SELECT child_id, min(day) AS index_date FROM ({}) AS outcomes (child_id, day) GROUP BY child_id"
    ).format(sql.SQL(outcomes))
    return query, list(params)


def fetch_rows(query: sql.Composable, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.connection), params)
        return cursor.fetchall()


def reoffending(period: Period, team_ids=None) -> Figure:
    cohort, params = cohort_sql(period, team_ids)
    [(size, reoffended)] = fetch_rows(
        sql.SQL(
            """SELECT count(*), count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM {offence} offence JOIN {case} yjs_case ON yjs_case.id = offence.case_id
                    WHERE yjs_case.child_id = cohort.child_id AND offence.offence_date > cohort.index_date
                      AND offence.offence_date <= (cohort.index_date + interval '12 months')::date))
                 FROM ({cohort}) AS cohort"""
        ).format(
            offence=sql.Identifier(Offence._meta.db_table), case=sql.Identifier(YjsCase._meta.db_table), cohort=cohort
        ),
        params,
    )
    figure = percentage(
        "reoffending",
        "Reoffending: children with a further offence within 12 months of their outcome",
        reoffended,
        size,
        note="Cohort: children with a youth caution, youth conditional caution or court order in the period.",
    )
    if period.end + timedelta(days=366) > timezone.localdate():
        figure.note += " The 12-month follow-up is not complete yet, so this figure will rise."
    return figure


def _court_cases_started(period: Period, team_ids):
    return for_teams(YjsCase.objects.filter(start_date__range=(period.start, period.end)), "team", team_ids)


def custodial_sentences(period: Period, team_ids=None) -> Figure:
    totals = _court_cases_started(period, team_ids).aggregate(
        custodial=Count("pk", filter=Q(case_type=CaseType.DETENTION_AND_TRAINING_ORDER)),
        orders=Count("pk", filter=Q(case_type__in=COURT_ORDER_TYPES)),
    )
    return percentage(
        "use_of_custody",
        "Use of custody: custodial sentences (detention and training orders) among court orders",
        totals["custodial"],
        totals["orders"],
    )


def remands(period: Period, team_ids=None) -> Figure:
    totals = _court_cases_started(period, team_ids).aggregate(
        remand=Count("pk", filter=Q(case_type=CaseType.REMAND)),
        all=Count("pk", filter=Q(case_type__in=[CaseType.REMAND, CaseType.BAIL_SUPPORT])),
    )
    return percentage(
        "remands", "Remands to youth detention among remand and bail support cases", totals["remand"], totals["all"]
    )


def board_attendance(period: Period, team_ids=None) -> Figure:
    t = BoardAttendance.objects.filter(meeting__held_on__range=(period.start, period.end)).aggregate(
        expected=Count("pk"), attended=Count("pk", filter=Q(attended=True))
    )
    return percentage("board_attendance", "Board attendance: members present at meetings", t["attended"], t["expected"])


def victims(period: Period, team_ids=None) -> list[Figure]:
    linked = for_teams(
        Victim.objects.filter(created_at__gte=period.since, created_at__lt=period.until), "case__team", team_ids
    )
    t = linked.aggregate(
        all=Count("pk"),
        contacted=Count(
            "pk", filter=Q(contacted_before_decision_at__isnull=False) | Q(informed_of_outcome_at__isnull=False)
        ),
        rj=Count("pk", filter=Q(restorative_justice="took_part")),
    )
    return [
        percentage(
            "victims_engaged",
            "Victims engaged: contacted before the decision or told the outcome",
            t["contacted"],
            t["all"],
        ),
        percentage("victims_restorative_justice", "Victims taking part in restorative justice", t["rj"], t["all"]),
    ]


def _children_worked_with(period: Period, team_ids):
    cases = for_teams(
        YjsCase.objects.filter(child=OuterRef("pk"), start_date__lte=period.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=period.start)
        ),
        "team",
        team_ids,
    )
    return Child.objects.filter(Exists(cases))


def send_with_plan(period: Period, team_ids=None) -> Figure:
    t = (
        _children_worked_with(period, team_ids)
        .filter(special_educational_needs=True)
        .aggregate(send=Count("pk"), ehcp=Count("pk", filter=Q(education_health_care_plan=True)))
    )
    return percentage(
        "send_with_plan",
        "Children with special educational needs who have an education, health and care plan",
        t["ehcp"],
        t["send"],
        note="Children with a case open at any time in the period; SEND and EHCP as now recorded.",
    )


SUITABLE_ETE = [
    EducationStatus.SCHOOL,
    EducationStatus.ALTERNATIVE_PROVISION,
    EducationStatus.COLLEGE,
    EducationStatus.TRAINING,
    EducationStatus.EMPLOYMENT,
]


def ete_at_end_of_order(period: Period, team_ids=None) -> Figure:
    ended = for_teams(
        YjsCase.objects.filter(case_type__in=COURT_ORDER_TYPES, end_date__range=(period.start, period.end)),
        "team",
        team_ids,
    )
    return share_met(
        "ete_end_of_order",
        "In suitable education, training or employment at the end of a court order",
        ended,
        Q(child__education_status__in=SUITABLE_ETE),
        note="The child's status as now recorded: the record keeps no history of it yet.",
    )
