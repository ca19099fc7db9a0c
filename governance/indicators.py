"""The board report's figures for a period and team(s), each computed by the database.

Every figure is a ``Figure``: numerator, denominator and value, with the previous period
(the same number of days just before) beside it. Queries aggregate (COUNT, SUM, AVG with
FILTER) or group in the database; no function here loops over rows of children or cases.

Where the data model cannot support an indicator yet (mental health and substance misuse
need → offered → attending, suitable accommodation, links to wider services, serious
violence), the figure says "Not recorded yet" with a note, and carries no numbers.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from psycopg import sql

from cases.models import (
    COURT_ORDER_TYPES,
    Assessment,
    CaseType,
    Child,
    EducationStatus,
    Ethnicity,
    Gender,
    Offence,
    Victim,
)
from cases.models import Case as YjsCase
from custody.models import CustodyOutcome, CustodyRecord, S386Status
from intelligence import selectors as intelligence_selectors
from oocd import selectors as oocd_selectors
from oocd.models import Condition, ConditionStatus, Decision, Outcome

from .models import BoardAttendance, LocalPopulation


class Unit:
    PER_100K = "per_100k"
    PER_1000 = "per_1000"
    PERCENT = "percent"
    HOURS = "hours"
    COUNT = "count"
    RATIO = "ratio"


@dataclass
class Figure:
    code: str
    label: str
    unit: str = Unit.PERCENT
    numerator: int | None = None
    denominator: int | None = None
    value: float | None = None
    previous: dict = field(default_factory=dict)
    note: str = ""
    recorded: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def previous(self) -> "Period":
        """The same number of whole months just before (for a period of whole months), else days."""
        end = self.start - timedelta(days=1)
        if self.start.day == 1 and (self.end + timedelta(days=1)).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            index = self.start.year * 12 + self.start.month - 1 - months
            return Period(date(index // 12, index % 12 + 1, 1), end)
        return Period(end - (self.end - self.start), end)

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))


def rounded(value: float | Decimal | None, places: int = 1) -> float | None:
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def share(numerator: int | None, denominator: int | None, scale: int = 100) -> float | None:
    if not denominator or numerator is None:
        return None
    return rounded(Decimal(numerator) * scale / Decimal(denominator))


def hours(duration: timedelta | None) -> float | None:
    return None if duration is None else rounded(duration.total_seconds() / 3600)


def _teams(queryset, path: str, team_ids):
    return queryset.filter(**{f"{path}__in": team_ids}) if team_ids else queryset


def _in_both(current: Callable[[Period], Figure], period: Period) -> Figure:
    """The figure for the period, with the previous period's numbers beside it."""
    figure = current(period)
    before = current(period.previous)
    figure.previous = {"numerator": before.numerator, "denominator": before.denominator, "value": before.value}
    return figure


def _both(rows: Callable[[Period], list[Figure]], period: Period) -> list[Figure]:
    """A list of figures (a breakdown), each with the previous period's numbers by code."""
    now, before = rows(period), {figure.code: figure for figure in rows(period.previous)}
    for figure in now:
        old = before.get(figure.code)
        figure.previous = (
            {"numerator": old.numerator, "denominator": old.denominator, "value": old.value}
            if old
            else {"numerator": None, "denominator": None, "value": None}
        )
    return now


# --- Population ---------------------------------------------------------------------------


def population_year(period: Period) -> int | None:
    """The latest year of population figures not after the period's end."""
    years = LocalPopulation.objects.filter(year__lte=period.end.year).order_by("-year").values_list("year", flat=True)
    return years.first() or LocalPopulation.objects.order_by("year").values_list("year", flat=True).first()


def population_total(period: Period) -> int | None:
    year = population_year(period)
    if year is None:
        return None
    return LocalPopulation.objects.filter(year=year).aggregate(total=Sum("children"))["total"]


# --- YJB indicators -------------------------------------------------------------------------


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
    return _teams(
        Decision.objects.filter(outcome__statutory=True, decided_on__range=(period.start, period.end)),
        "referral__case__team",
        team_ids,
    )


def _court_orders(period: Period, team_ids):
    return _teams(
        YjsCase.objects.filter(case_type__in=COURT_ORDER_TYPES, start_date__range=(period.start, period.end)),
        "team",
        team_ids,
    )


def _cohort_sql(period: Period, team_ids) -> tuple[sql.Composable, list]:
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


def _rows(query: sql.Composable, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.connection), params)
        return cursor.fetchall()


def reoffending(period: Period, team_ids=None) -> Figure:
    cohort, params = _cohort_sql(period, team_ids)
    [(size, reoffended)] = _rows(
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
    figure = Figure(
        "reoffending",
        "Reoffending: children with a further offence within 12 months of their outcome",
        Unit.PERCENT,
        reoffended,
        size,
        share(reoffended, size),
        note="Cohort: children with a youth caution, youth conditional caution or court order in the period.",
    )
    if period.end + timedelta(days=366) > timezone.localdate():
        figure.note += " The 12-month follow-up is not complete yet, so this figure will rise."
    return figure


def _court_cases_started(period: Period, team_ids):
    return _teams(YjsCase.objects.filter(start_date__range=(period.start, period.end)), "team", team_ids)


def custodial_sentences(period: Period, team_ids=None) -> Figure:
    totals = _court_cases_started(period, team_ids).aggregate(
        custodial=Count("pk", filter=Q(case_type=CaseType.DETENTION_AND_TRAINING_ORDER)),
        orders=Count("pk", filter=Q(case_type__in=COURT_ORDER_TYPES)),
    )
    return Figure(
        "use_of_custody",
        "Use of custody: custodial sentences (detention and training orders) among court orders",
        Unit.PERCENT,
        totals["custodial"],
        totals["orders"],
        share(totals["custodial"], totals["orders"]),
    )


def remands(period: Period, team_ids=None) -> Figure:
    totals = _court_cases_started(period, team_ids).aggregate(
        remand=Count("pk", filter=Q(case_type=CaseType.REMAND)),
        all=Count("pk", filter=Q(case_type__in=[CaseType.REMAND, CaseType.BAIL_SUPPORT])),
    )
    return Figure(
        "remands",
        "Remands to youth detention among remand and bail support cases",
        Unit.PERCENT,
        totals["remand"],
        totals["all"],
        share(totals["remand"], totals["all"]),
    )


# --- Out-of-court disposals -----------------------------------------------------------------


def _decisions(period: Period, team_ids):
    return _teams(
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
    return [Figure(f"oocd_outcome:{code}", name, Unit.PERCENT, n, total, share(n, total)) for code, name, n in rows]


def police_only(period: Period, team_ids=None) -> Figure:
    totals = _decisions(period, team_ids).aggregate(all=Count("pk"), police=Count("pk", filter=Q(police_only=True)))
    return Figure(
        "police_only",
        "Out-of-court decisions the police gave without the joint panel",
        Unit.PERCENT,
        totals["police"],
        totals["all"],
        share(totals["police"], totals["all"]),
    )


def _delivered() -> Q:
    """``Decision.is_delivered`` as a filter."""
    return Q(
        implications_explained_at__isnull=False,
        delivered_at__isnull=False,
        delivered_by__isnull=False,
        signed_document__gt="",
    ) & (Q(victim_informed_at__isnull=False) | Q(referral__has_victim=False))


def oocd_completion(period: Period, team_ids=None) -> Figure:
    """Disposals to deliver (gravity 2–4: outcome 22, community resolution, cautions) decided in the
    period that were delivered and whose conditions were all complied with."""
    unmet = Condition.objects.filter(decision=OuterRef("pk")).exclude(status=ConditionStatus.COMPLIED)
    totals = (
        _decisions(period, team_ids)
        .filter(outcome__gravity_score__range=(2, 4))
        .aggregate(all=Count("pk"), completed=Count("pk", filter=_delivered() & ~Q(Exists(unmet))))
    )
    return Figure(
        "oocd_completion",
        "Out-of-court disposals delivered and completed (conditions complied with)",
        Unit.PERCENT,
        totals["completed"],
        totals["all"],
        share(totals["completed"], totals["all"]),
    )


# --- Custody --------------------------------------------------------------------------------


def _detentions(period: Period):
    return CustodyRecord.objects.filter(detained_at__gte=period.since, detained_at__lt=period.until)


def custody_figures(period: Period, team_ids=None) -> list[Figure]:
    """Children detained in police custody in the area (the feed is not by team)."""
    records = _detentions(period)
    detained = ExpressionWrapper(F("released_at") - F("detained_at"), output_field=DurationField())
    waited = ExpressionWrapper(F("aa_arrived_at") - F("aa_requested_at"), output_field=DurationField())
    after_charge = ExpressionWrapper(F("released_at") - F("charged_at"), output_field=DurationField())
    tz = timezone.get_current_timezone()
    overnight = Q(charged_at__isnull=False) & (
        Q(released_at__isnull=False, released_date__gt=F("charged_date"))
        | Q(released_at__isnull=True, outcome=CustodyOutcome.CHARGED_DETAINED)
    )
    totals = records.annotate(
        released_date=TruncDate("released_at", tzinfo=tz), charged_date=TruncDate("charged_at", tzinfo=tz)
    ).aggregate(
        detentions=Count("pk"),
        released=Count("pk", filter=Q(released_at__isnull=False)),
        mean_detained=Avg(detained, filter=Q(released_at__isnull=False)),
        over_24=Count("pk", filter=Q(released_at__gt=F("detained_at") + timedelta(hours=24))),
        aa_requested=Count("pk", filter=Q(aa_requested_at__isnull=False)),
        aa_arrived=Count("pk", filter=Q(aa_requested_at__isnull=False, aa_arrived_at__isnull=False)),
        mean_aa_wait=Avg(waited, filter=Q(aa_requested_at__isnull=False, aa_arrived_at__isnull=False)),
        aa_over_2=Count("pk", filter=Q(aa_arrived_at__gt=F("aa_requested_at") + timedelta(hours=2))),
        charged=Count("pk", filter=Q(charged_at__isnull=False)),
        mean_after_charge=Avg(after_charge, filter=Q(charged_at__isnull=False, released_at__isnull=False)),
        charged_detained=Count("pk", filter=Q(outcome=CustodyOutcome.CHARGED_DETAINED)),
        overnight=Count("pk", filter=overnight),
        s38_requested=Count("pk", filter=~Q(s38_6="")),
        s38_secured=Count("pk", filter=Q(s38_6=S386Status.SECURED)),
    )
    t = totals
    return [
        Figure("custody_detentions", "Detentions of children in police custody", Unit.COUNT, t["detentions"]),
        Figure(
            "custody_hours",
            "Average hours detained (released children)",
            Unit.HOURS,
            None,
            t["released"],
            hours(t["mean_detained"]),
        ),
        Figure(
            "custody_over_24",
            "Detentions longer than 24 hours",
            Unit.PERCENT,
            t["over_24"],
            t["released"],
            share(t["over_24"], t["released"]),
        ),
        Figure(
            "aa_wait_hours",
            "Average appropriate adult waiting time (hours)",
            Unit.HOURS,
            None,
            t["aa_arrived"],
            hours(t["mean_aa_wait"]),
        ),
        Figure(
            "aa_wait_over_2",
            "Appropriate adult waits longer than 2 hours",
            Unit.PERCENT,
            t["aa_over_2"],
            t["aa_arrived"],
            share(t["aa_over_2"], t["aa_arrived"]),
        ),
        Figure(
            "held_after_charge_hours",
            "Average hours held after charge",
            Unit.HOURS,
            None,
            t["charged"],
            hours(t["mean_after_charge"]),
        ),
        Figure(
            "overnight_after_charge",
            "Charged children held overnight in a cell",
            Unit.PERCENT,
            t["overnight"],
            t["charged"],
            share(t["overnight"], t["charged"]),
        ),
        Figure(
            "s38_6_requested",
            "PACE s38(6) transfer requested for children charged and detained",
            Unit.PERCENT,
            t["s38_requested"],
            t["charged_detained"],
            share(t["s38_requested"], t["charged_detained"]),
        ),
        Figure(
            "s38_6_secured",
            "PACE s38(6) transfers secured when requested",
            Unit.PERCENT,
            t["s38_secured"],
            t["s38_requested"],
            share(t["s38_secured"], t["s38_requested"]),
        ),
    ]


# --- Information requests, assessments, caseloads --------------------------------------------


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
    due = _teams(Assessment.objects.filter(due_date__range=(period.start, period.end)), "case__team", team_ids)
    t = due.aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(completed_date__lte=F("due_date"))),
        completed=Count("pk", filter=Q(completed_date__isnull=False)),
        countersigned=Count("pk", filter=Q(countersigned_at__isnull=False)),
    )
    return [
        Figure(
            "assessments_on_time",
            "Assessments due in the period completed on time",
            Unit.PERCENT,
            t["on_time"],
            t["due"],
            share(t["on_time"], t["due"]),
        ),
        Figure(
            "assessments_countersigned",
            "Completed assessments countersigned",
            Unit.PERCENT,
            t["countersigned"],
            t["completed"],
            share(t["countersigned"], t["completed"]),
        ),
    ]


def caseloads(period: Period, team_ids=None) -> list[Figure]:
    """Cases open at the end of the period, per team: cases per allocated worker, and the
    highest caseload of one worker (grouped by the database: one row per team and worker)."""
    open_cases = _teams(
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
            Figure(
                f"caseload_unallocated:{name}",
                f"{name}: open cases not allocated",
                Unit.PERCENT,
                team["unallocated"],
                team["cases"],
                share(team["unallocated"], team["cases"]),
            ),
        ]
    return figures


def board_attendance(period: Period, team_ids=None) -> Figure:
    t = BoardAttendance.objects.filter(meeting__held_on__range=(period.start, period.end)).aggregate(
        expected=Count("pk"), attended=Count("pk", filter=Q(attended=True))
    )
    return Figure(
        "board_attendance",
        "Board attendance: members present at meetings",
        Unit.PERCENT,
        t["attended"],
        t["expected"],
        share(t["attended"], t["expected"]),
    )


# --- Victims, SEND, ETE ---------------------------------------------------------------------


def victims(period: Period, team_ids=None) -> list[Figure]:
    linked = _teams(
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
        Figure(
            "victims_engaged",
            "Victims engaged: contacted before the decision or told the outcome",
            Unit.PERCENT,
            t["contacted"],
            t["all"],
            share(t["contacted"], t["all"]),
        ),
        Figure(
            "victims_restorative_justice",
            "Victims taking part in restorative justice",
            Unit.PERCENT,
            t["rj"],
            t["all"],
            share(t["rj"], t["all"]),
        ),
    ]


def _children_worked_with(period: Period, team_ids):
    cases = _teams(
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
    return Figure(
        "send_with_plan",
        "Children with special educational needs who have an education, health and care plan",
        Unit.PERCENT,
        t["ehcp"],
        t["send"],
        share(t["ehcp"], t["send"]),
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
    ended = _teams(
        YjsCase.objects.filter(case_type__in=COURT_ORDER_TYPES, end_date__range=(period.start, period.end)),
        "team",
        team_ids,
    )
    t = ended.aggregate(all=Count("pk"), suitable=Count("pk", filter=Q(child__education_status__in=SUITABLE_ETE)))
    return Figure(
        "ete_end_of_order",
        "In suitable education, training or employment at the end of a court order",
        Unit.PERCENT,
        t["suitable"],
        t["all"],
        share(t["suitable"], t["all"]),
        note="The child's status as now recorded: the record keeps no history of it yet.",
    )


NOT_RECORDED = [
    ("mental_health", "Mental health: need identified, support offered, attending"),
    ("substance_misuse", "Substance misuse: need identified, support offered, attending"),
    ("accommodation", "Suitable accommodation at the end of an order"),
    ("wider_services", "Links to wider services"),
    ("serious_violence", "Serious violence offences"),
]


def not_recorded() -> list[Figure]:
    return [
        Figure(
            code,
            label,
            Unit.PERCENT,
            note="Not recorded yet: the case record has no field for this, so no figure is shown.",
            recorded=False,
            previous={"numerator": None, "denominator": None, "value": None},
        )
        for code, label in NOT_RECORDED
    ]


# --- Disproportionality --------------------------------------------------------------------

ETHNIC_GROUPS = {
    "white_british": ("White British", [Ethnicity.WHITE_BRITISH]),
    "white_other": ("White other", [Ethnicity.WHITE_IRISH, Ethnicity.WHITE_GYPSY_TRAVELLER, Ethnicity.WHITE_OTHER]),
    "mixed": ("Mixed or multiple", [e for e in Ethnicity if e.value.startswith("M")]),
    "asian": ("Asian", [e for e in Ethnicity if e.value.startswith("A")]),
    "black": ("Black", [e for e in Ethnicity if e.value.startswith("B")]),
    "other": ("Other ethnic group", [e for e in Ethnicity if e.value.startswith("O")]),
    "not_stated": ("Not stated", [Ethnicity.NOT_STATED]),
}


def _ethnic_group() -> Case:
    return Case(
        *(When(ethnicity__in=codes, then=Value(key)) for key, (_label, codes) in ETHNIC_GROUPS.items()),
        default=Value("not_stated"),
        output_field=CharField(),
    )


GROUP_OF_ETHNICITY = {code: key for key, (_label, codes) in ETHNIC_GROUPS.items() for code in codes}


def disproportionality(period: Period, team_ids=None) -> list[Figure]:
    """Children with an outcome in the period per 1,000 children aged 10–17 of the same
    ethnic group or gender, and the relative rate against White British children / all children."""
    cohort, params = _cohort_sql(period, team_ids)
    children_by_ethnicity: dict[str, int] = {}
    children_by_gender: dict[str, int] = {}
    # One row per ethnicity code and gender (a few dozen), however many children.
    for ethnicity, gender, count in _rows(
        sql.SQL(
            """SELECT child.ethnicity, child.gender, count(*)
                 FROM ({cohort}) AS cohort JOIN {child} child ON child.id = cohort.child_id GROUP BY 1, 2"""
        ).format(cohort=cohort, child=sql.Identifier(Child._meta.db_table)),
        params,
    ):
        group = GROUP_OF_ETHNICITY.get(ethnicity, "not_stated")
        children_by_ethnicity[group] = children_by_ethnicity.get(group, 0) + count
        children_by_gender[gender] = children_by_gender.get(gender, 0) + count
    year = population_year(period)
    population = LocalPopulation.objects.filter(year=year)
    population_by_ethnicity = {
        row["group"]: row["n"]
        for row in population.annotate(group=_ethnic_group()).values("group").annotate(n=Sum("children"))
    }
    population_by_gender = {row["gender"]: row["n"] for row in population.values("gender").annotate(n=Sum("children"))}
    all_children = sum(children_by_ethnicity.values())
    all_population = sum(population_by_ethnicity.values())
    overall = share(all_children, all_population, 1000)
    reference = share(children_by_ethnicity.get("white_british", 0), population_by_ethnicity.get("white_british"), 1000)

    def relative(rate: float | None, to: float | None) -> float | None:
        return rounded(rate / to, 2) if rate is not None and to else None

    figures = [
        Figure("disproportionality:all", "All children", Unit.PER_1000, all_children, all_population or None, overall)
    ]
    for key, (label, _codes) in ETHNIC_GROUPS.items():
        count, people = children_by_ethnicity.get(key, 0), population_by_ethnicity.get(key)
        rate = share(count, people, 1000)
        figures.append(Figure(f"disproportionality:{key}", label, Unit.PER_1000, count, people, rate))
        if key != "white_british":
            figures.append(
                Figure(
                    f"relative_rate:{key}",
                    f"{label}: rate relative to White British children",
                    Unit.RATIO,
                    value=relative(rate, reference),
                )
            )
    for code, label in Gender.choices:
        count, people = children_by_gender.get(code, 0), population_by_gender.get(code)
        rate = share(count, people, 1000)
        figures.append(Figure(f"disproportionality:gender_{code}", label, Unit.PER_1000, count, people, rate))
        figures.append(
            Figure(
                f"relative_rate:gender_{code}",
                f"{label}: rate relative to all children",
                Unit.RATIO,
                value=relative(rate, overall),
            )
        )
    if year is None:
        figures[0].note = "Enter the local 10–17 population to calculate rates."
    return figures


# --- Everything -----------------------------------------------------------------------------

SECTIONS = [
    ("yjb", "Youth Justice Board key performance indicators"),
    ("oocd", "Out-of-court disposals"),
    ("disproportionality", "Disproportionality by ethnicity and gender"),
    ("custody", "Children in police custody"),
    ("information_requests", "Information requests to the police"),
    ("assessments", "Assessment timeliness and countersigning"),
    ("caseloads", "Caseloads"),
    ("not_recorded", "Indicators not recorded yet"),
]


def board_figures(*, start: date, end: date, team_ids=None, user=None, progress=None) -> dict[str, list[dict]]:
    """Every section's figures for the period (and, beside each, the previous period)."""
    period = Period(start, end)
    step = progress or (lambda _percent, _message: None)
    sections: dict[str, list[Figure]] = {}
    step(10, "Counting first-time entrants and reoffending")
    sections["yjb"] = [
        _in_both(lambda p: first_time_entrants(p, team_ids), period),
        _in_both(lambda p: reoffending(p, team_ids), period),
        _in_both(lambda p: custodial_sentences(p, team_ids), period),
        _in_both(lambda p: remands(p, team_ids), period),
        _in_both(lambda p: ete_at_end_of_order(p, team_ids), period),
        _in_both(lambda p: send_with_plan(p, team_ids), period),
        _in_both(lambda p: oocd_completion(p, team_ids), period),
        _in_both(lambda p: board_attendance(p, team_ids), period),
        *_both(lambda p: victims(p, team_ids), period),
    ]
    step(30, "Counting out-of-court disposals")
    sections["oocd"] = [
        _in_both(lambda p: police_only(p, team_ids), period),
        *_both(lambda p: oocd_outcomes(p, team_ids), period),
    ]
    step(40, "Comparing with the local population")
    sections["disproportionality"] = _both(lambda p: disproportionality(p, team_ids), period)
    step(50, "Counting custody figures")
    sections["custody"] = _both(lambda p: custody_figures(p, team_ids), period)
    step(60, "Counting information requests")
    sections["information_requests"] = _both(lambda p: information_requests(p, team_ids, user=user), period)
    step(65, "Counting assessments and caseloads")
    sections["assessments"] = _both(lambda p: assessments(p, team_ids), period)
    sections["caseloads"] = _both(lambda p: caseloads(p, team_ids), period)
    sections["not_recorded"] = not_recorded()
    return {key: [figure.as_dict() for figure in figures] for key, figures in sections.items()}
