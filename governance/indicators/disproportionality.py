"""Disproportionality by ethnicity and gender against the local 10–17 population."""

from django.db.models import Case, CharField, Sum, Value, When
from psycopg import sql

from cases.models import Child, Ethnicity, Gender

from ..models import LocalPopulation
from .figures import Figure, Period, Unit, rounded, share
from .population import population_year
from .yjb import cohort_sql, fetch_rows

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
    cohort, params = cohort_sql(period, team_ids)
    children_by_ethnicity: dict[str, int] = {}
    children_by_gender: dict[str, int] = {}
    # One row per ethnicity code and gender (a few dozen), however many children.
    for ethnicity, gender, count in fetch_rows(
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
