"""Child search with 100,000 children: is it under 200 ms (p95) on this machine?

Loads the demo data at the scale that gives 100,000 children (``cases.demo``, in the
benchmark database; kept for later runs), then times ``cases.selectors.child_search``
as the demo case worker (North: sees about half the children) and as the police
officer (sees every child) for exact surnames, misspelt surnames, forename and
surname, date of birth, name and date of birth, and PNC ID. The baseline is a plain
exact-surname lookup on the child table, timed in the same run.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from bench.common import summary, vacuum_analyze, write_result

TARGET_CHILDREN = 100_000
REPEATS = 3
P95_BUDGET_MS = 200
COMMON_SURNAMES = ["Smith", "Jones", "Brown", "Khan", "Ahmed"]
KINDS = [
    "exact_surname",
    "misspelt_surname",
    "forename_surname",
    "misspelt_full_name",
    "date_of_birth",
    "surname_and_date_of_birth",
    "pnc_id",
]


def run() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases import selectors
    from cases.demo import CHILDREN_PER_UNIT, load_cases_demo
    from cases.models import Case, Child, ChildAlias, ChildSearchKey, Flag
    from yjs.demo import load_demo_users
    from yjs.models import User

    load_seconds = None
    if Child.objects.count() < TARGET_CHILDREN:
        print(f"Loading {TARGET_CHILDREN:,} children (a few minutes, once)…", flush=True)
        started = time.perf_counter()
        load_demo_users()
        print(load_cases_demo(scale=math.ceil(TARGET_CHILDREN / CHILDREN_PER_UNIT)), flush=True)
        load_seconds = round(time.perf_counter() - started, 1)
    vacuum_analyze(Child, ChildSearchKey, Case, ChildAlias, Flag)

    queries, intended = _queries(Child)

    def as_user(username: str) -> Callable[[str], list]:
        def search(query: str) -> list:
            user = User.objects.get(username=username)  # fresh: roles and teams are read per request
            return selectors.child_search(user=user, query=query)

        return search

    searchers = {"case_worker": as_user("caseworker"), "police_officer": as_user("police")}
    figures: dict = {
        "children": Child.objects.count(),
        "search_keys": ChildSearchKey.objects.count(),
        "load_seconds": load_seconds,
        "repeats": REPEATS,
        "queries": queries,
    }
    for role, search in searchers.items():
        for items in queries.values():  # warm the caches once
            for query in items:
                search(query)
        timings: dict[str, list[float]] = {kind: [] for kind in queries}
        found: dict[str, list[int]] = {kind: [] for kind in queries}
        hits: dict[str, list[bool]] = {kind: [] for kind in queries}
        for _ in range(REPEATS):
            for kind, items in queries.items():
                for query in items:
                    started = time.perf_counter()
                    results = search(query)
                    timings[kind].append((time.perf_counter() - started) * 1000)
                    found[kind].append(len(results))
                    hits[kind].append(any(intended[query](result.child) for result in results))
        everything = [ms for values in timings.values() for ms in values]
        with CaptureQueriesContext(connection) as captured:
            search(queries["forename_surname"][0])
        figures[role] = {
            "all": summary(everything),
            "by_kind": {
                kind: summary(values)
                | {
                    "mean_results": round(sum(found[kind]) / len(found[kind]), 1),
                    "found_intended_percent": round(100 * sum(hits[kind]) / len(hits[kind])),
                }
                for kind, values in timings.items()
            },
            "sql_queries_per_search": len(captured),
        }

    baseline = []
    exact_index = []
    for _ in range(REPEATS + 1):
        for surname in queries["exact_surname"]:
            started = time.perf_counter()
            list(Child.objects.filter(surname__iexact=surname)[:20])
            baseline.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            list(Child.objects.filter(surname=surname)[:20])
            exact_index.append((time.perf_counter() - started) * 1000)
    figures["baseline_surname_iexact"] = summary(baseline[len(queries["exact_surname"]) :])
    figures["baseline_surname_exact_indexed"] = summary(exact_index[len(queries["exact_surname"]) :])
    base = figures["baseline_surname_iexact"]["p50_ms"]
    for role in searchers:
        figures[role]["p50_ratio_to_baseline"] = round(figures[role]["all"]["p50_ms"] / base, 1) if base else None
    worst = max(figures[role]["all"]["p95_ms"] for role in searchers)
    figures["p95_budget_ms"] = P95_BUDGET_MS
    figures["within_budget"] = worst <= P95_BUDGET_MS
    write_result("child_search", figures)
    _print_table(figures, list(searchers))


def _queries(child_model) -> tuple[dict[str, list[str]], dict[str, Callable]]:
    """A fixed set of queries drawn from the loaded children with a fixed seed, and for
    each a test of whether a result is what was looked for (the sampled child, or a
    child with the same name or date of birth)."""
    from cases.search import normalise

    rng = random.Random(2026)
    ids = list(child_model.objects.order_by("id").values_list("id", flat=True))
    sample = list(child_model.objects.filter(id__in=rng.sample(ids, 400)).order_by("id"))
    with_pnc = [child for child in sample if child.pnc_id]
    queries: dict[str, list[str]] = {kind: [] for kind in KINDS}
    intended: dict[str, Callable] = {}

    def add(kind: str, query: str, test: Callable) -> None:
        queries[kind].append(query)
        intended[query] = test

    def surname_is(surname: str) -> Callable:
        return lambda child: normalise(child.surname) == normalise(surname)

    def named(forename: str, surname: str) -> Callable:
        return lambda child: surname_is(surname)(child) and normalise(child.forenames).split()[0] == normalise(forename)

    for surname in COMMON_SURNAMES + [child.surname for child in sample[:5]]:
        add("exact_surname", surname, surname_is(surname))
        add("misspelt_surname", _misspell(surname, rng), surname_is(surname))
    for child in sample[5:15]:
        forename = child.forenames.split()[0]
        add("forename_surname", f"{forename} {child.surname}", named(forename, child.surname))
    for child in sample[15:20]:
        forename = child.forenames.split()[0]
        add("misspelt_full_name", f"{_misspell(forename, rng)} {child.surname}", named(forename, child.surname))
    for child in sample[20:25]:
        dob = child.date_of_birth
        add("date_of_birth", f"{dob:%d/%m/%Y}", lambda found, dob=dob: found.date_of_birth == dob)
    for child in sample[25:28]:
        query = f"{child.surname} {child.date_of_birth:%d/%m/%Y}"
        add("surname_and_date_of_birth", query, lambda found, pk=child.pk: found.pk == pk)
    for child in with_pnc[:5]:
        add("pnc_id", child.pnc_id, lambda found, pk=child.pk: found.pk == pk)
    return queries, intended


def _misspell(name: str, rng: random.Random) -> str:
    """One typing slip: two letters swapped, one left out, or one doubled."""
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 2)
    slip = rng.choice(["swap", "drop", "double"])
    if slip == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if slip == "drop":
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def _print_table(figures: dict, roles: list[str]) -> None:
    print()
    print(f"Child search, {figures['children']:,} children ({figures['search_keys']:,} search keys)")
    print(f"{'':28}" + "".join(f"{role + ' p50/p95/max ms, found':>40}" for role in roles))
    kinds = figures[roles[0]]["by_kind"]
    for kind in [*kinds, "all"]:
        cells = []
        for role in roles:
            row = figures[role]["all"] if kind == "all" else figures[role]["by_kind"][kind]
            hit = f"{row['found_intended_percent']:>4}%" if "found_intended_percent" in row else "     "
            cells.append(f"{row['p50_ms']:>10.1f} {row['p95_ms']:>10.1f} {row['max_ms']:>10.1f} {hit}")
        print(f"{kind:28}" + "".join(f"{cell:>40}" for cell in cells))
    base = figures["baseline_surname_iexact"]
    print(f"baseline surname__iexact p50/p95/max ms: {base['p50_ms']} / {base['p95_ms']} / {base['max_ms']}")
    indexed = figures["baseline_surname_exact_indexed"]
    print(f"indexed surname exact p50/p95/max ms:    {indexed['p50_ms']} / {indexed['p95_ms']} / {indexed['max_ms']}")
    for role in roles:
        print(f"{role}: p50 is {figures[role]['p50_ratio_to_baseline']}× the baseline")
    verdict = "within" if figures["within_budget"] else "OVER"
    print(f"p95 budget {figures['p95_budget_ms']} ms: {verdict}")
