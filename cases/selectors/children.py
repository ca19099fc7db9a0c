"""Reads for children: lists, one child, and search by name, PNC ID or date of birth."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import CharField, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Concat

from yjs.models import User
from yjs.selectors import one_or_404

from .. import permissions
from ..models import (
    Child,
    ChildAlias,
    ChildSearchKey,
    Flag,
)
from ..search import closeness, key_weight, name_keys, similarity


def _aliases() -> Prefetch:
    return Prefetch("aliases", queryset=ChildAlias.objects.order_by("id"))


def _active_flags() -> Prefetch:
    return Prefetch("flags", queryset=Flag.objects.filter(removed_at__isnull=True), to_attr="active_flags")


def child_list(*, user: User) -> QuerySet[Child]:
    return permissions.visible_children(user).prefetch_related(*child_related())


def child_page(*, user: User) -> QuerySet[Child]:
    """The children the user may see, for an API list written by ``ListWriter`` with
    ``child_related()``."""
    return permissions.visible_children(user)


def child_related() -> list[Prefetch]:
    """What a child is shown with: aliases and active flags."""
    return [_aliases(), _active_flags()]


def child_get(*, user: User, child_id: int) -> Child:
    """The child, or 404 when the user may not know it exists."""
    return one_or_404(child_list(user=user), child_id, "child")


@dataclass(frozen=True)
class SearchResult:
    child: Child
    score: float


def child_search(
    *, user: User, query: str, limit: int = 20, candidates: int = 100, related: bool = True
) -> list[SearchResult]:
    """Children by name (typo-tolerant, aliases included), PNC ID or date of birth.

    With ``related=False`` the children come without their aliases and flags, for an API list
    whose writer reads them for the page (``cases.apis.CHILD_PAGE``)."""
    query = (query or "").strip()
    if not query:
        return []
    visible = permissions.visible_children(user)
    date_of_birth, words = _split_date(query)
    if date_of_birth:
        visible = visible.filter(date_of_birth=date_of_birth)
    shown = visible.prefetch_related(*child_related()) if related else visible
    if _looks_like_pnc_id(query):
        # Exact matches, so the pnc_id index answers (PNC IDs are upper case; iexact would scan).
        matches = shown.filter(pnc_id__in={query, query.upper()})
        return [SearchResult(child, 100.0) for child in matches[:limit]]
    if not words:
        return [SearchResult(child, 100.0) for child in shown.order_by("surname", "forenames")[:limit]]

    keys = name_keys([words])
    if not keys:
        return []
    # Visibility (and the date of birth) are checked in SQL only when they narrow: for a user who
    # sees every child, every candidate is visible.
    narrowed = date_of_birth is not None or not permissions.sees_every_child(user)
    ids = _ranked_candidates(keys, visible if narrowed else None, candidates)
    best = _best_named(words, ids, limit)
    # Visible (and born on the date) already: the ids were chosen through ``visible``. Only the
    # children shown are read whole (with their flags), not every candidate.
    rows = Child.objects.filter(pk__in=list(best))
    children = {child.pk: child for child in (rows.prefetch_related(*child_related()) if related else rows)}
    return [SearchResult(children[pk], score) for pk, score in best.items() if pk in children]


def _best_named(words: str, ids: list[int], limit: int) -> dict[int, float]:
    """The ``limit`` candidates whose names are most like ``words``, best first, with their
    scores: each candidate's names and aliases read as plain text in one query."""
    aliases = ArraySubquery(
        ChildAlias.objects.filter(child=OuterRef("pk"))
        .order_by("id")
        .values(name=Concat("forenames", Value(" "), "surname", output_field=CharField()))
    )
    candidates = (
        Child.objects.filter(pk__in=ids)
        .annotate(alias_names=aliases)
        .values_list("pk", "forenames", "surname", "preferred_name", "alias_names")
    )
    scored = []
    for pk, forenames, surname, preferred_name, alias_names in candidates:
        # Whole names only: a bare surname would score every namesake 100 for "Zara Smith".
        names = [f"{forenames} {surname}"]
        if preferred_name:
            names.append(f"{preferred_name} {surname}")
        names += [name.strip() for name in alias_names]
        score = similarity(words, names)
        if score >= settings.CHILD_SEARCH_MIN_SCORE:
            # Equal scores (the query's words all found) go to the closest whole name first.
            scored.append(((-score, -closeness(words, names), surname, forenames), pk, score))
    scored.sort()
    return {pk: score for _, pk, score in scored[:limit]}


def _ranked_candidates(keys: set[str], visible: QuerySet[Child] | None, limit: int) -> list[int]:
    """The ids of the best-scoring children that share keys with the query and are in ``visible``.

    A child's score is the weighted number of search keys it shares with the query, summed
    from the key index alone with each key's weight passed beside it (rather than worked out
    from every matching row's text). The scores are ordered first, then the visibility check
    runs down that order only until ``limit`` children pass: a few hundred index probes rather
    than one per matching child (thousands for "Smith"). The outer ``ORDER BY`` is what
    PostgreSQL already reads the scores in, and says so: a hash join could reorder them.
    """
    table = connection.ops.quote_name(ChildSearchKey._meta.db_table)
    statement = (
        "SELECT child_id FROM (SELECT k.child_id, SUM(q.weight) AS score "  # noqa: S608 (constants)
        f"FROM unnest(%s::text[], %s::integer[]) AS q(key, weight) JOIN {table} k ON k.key = q.key "
        "GROUP BY k.child_id ORDER BY score DESC, k.child_id) AS scored"
    )
    ordered = sorted(keys)
    params: list = [ordered, [key_weight(key) for key in ordered]]
    if visible is not None:
        if visible.query.is_empty():
            return []
        visible_sql, visible_params = visible.order_by().values("pk").query.sql_with_params()
        statement += f" WHERE child_id IN ({visible_sql})"
        params += list(visible_params)
    with connection.cursor() as cursor:
        cursor.execute(f"{statement} ORDER BY score DESC, child_id LIMIT %s", [*params, limit])
        return [child_id for (child_id,) in cursor.fetchall()]


def _split_date(query: str) -> tuple[date | None, str]:
    words = []
    found = None
    for word in query.split():
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                found = datetime.strptime(word, fmt).date()
                break
            except ValueError:
                continue
        else:
            words.append(word)
    return found, " ".join(words)


def _looks_like_pnc_id(query: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{2,4}/\d{1,7}[A-Za-z]", query))
