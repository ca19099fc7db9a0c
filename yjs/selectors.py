"""What every app's selectors do the same way."""

from typing import TypeVar

from django.db import models
from django.db.models import OuterRef, Sum
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def sum_per_row(rows: models.QuerySet, field: str, *, per: str) -> models.QuerySet:
    """A subquery of the sum of ``field`` over the ``rows`` of the outer query's row (``per``: their
    key to it), for ``Subquery``; none (NULL) where it has none."""
    return rows.filter(**{per: OuterRef("pk")}).order_by().values(per).annotate(total=Sum(field)).values("total")


def one_or_404(rows: models.QuerySet[M], pk: int, noun: str) -> M:
    """The row ``pk`` among ``rows`` (those the user may see), or 404 ("No such …") when the user
    may not know it exists: a row hidden from them answers as one that is not there."""
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404(f"No such {noun}")
    return row
