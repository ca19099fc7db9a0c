"""The local population of children aged 10–17, the denominator of rates."""

from django.db.models import Sum

from ..models import LocalPopulation
from .figures import Period


def population_year(period: Period) -> int | None:
    """The latest year of population figures not after the period's end."""
    years = LocalPopulation.objects.filter(year__lte=period.end.year).order_by("-year").values_list("year", flat=True)
    return years.first() or LocalPopulation.objects.order_by("year").values_list("year", flat=True).first()


def population_total(period: Period) -> int | None:
    year = population_year(period)
    if year is None:
        return None
    return LocalPopulation.objects.filter(year=year).aggregate(total=Sum("children"))["total"]
