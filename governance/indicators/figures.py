"""A figure of the board report: numerator, denominator and value, for a period and the one before."""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yjs.rounding import hours, rounded


class Unit:
    PER_100K = "per_100k"
    PER_10K = "per_10k"  # --- family --- (serious violence, as the YJB gives it)
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


def share(numerator: int | None, denominator: int | None, scale: int = 100) -> float | None:
    if not denominator or numerator is None:
        return None
    return rounded(Decimal(numerator) * scale / Decimal(denominator))


def percentage(code: str, label: str, numerator: int | None, denominator: int | None, **more) -> Figure:
    """A figure whose value is the numerator as a percentage of the denominator."""
    return Figure(code, label, Unit.PERCENT, numerator, denominator, share(numerator, denominator), **more)


def share_met(code: str, label: str, rows: QuerySet, met: Q, *, note: str) -> Figure:
    """The rows that meet ``met`` as a percentage of all the rows, counted in one statement."""
    t = rows.aggregate(all=Count("pk"), met=Count("pk", filter=met))
    return percentage(code, label, t["met"], t["all"], note=note)


def average_hours(code: str, label: str, count: int | None, mean: timedelta | None) -> Figure:
    """A figure whose value is a mean duration in hours, over ``count`` (the denominator)."""
    return Figure(code, label, Unit.HOURS, None, count, hours(mean))


def for_teams(queryset, path: str, team_ids):
    return queryset.filter(**{f"{path}__in": team_ids}) if team_ids else queryset


def with_previous(current: Callable[[Period], Figure], period: Period) -> Figure:
    """The figure for the period, with the previous period's numbers beside it."""
    figure = current(period)
    before = current(period.previous)
    figure.previous = {"numerator": before.numerator, "denominator": before.denominator, "value": before.value}
    return figure


def all_with_previous(rows: Callable[[Period], list[Figure]], period: Period) -> list[Figure]:
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
