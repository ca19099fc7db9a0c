"""Server time of the main pages on the large data set.

Each page is requested through Django's whole stack in this process (``django.test.Client``:
middleware, session, the view, its queries and the template), signed in as the user who uses it,
after one warm-up request, ``REPEATS`` times (the child record: one of ``REPEATS`` children each
time). Figures per page: p50, p95 and max in milliseconds, and the SQL statements one request runs.

- caseload: ``/cases/`` as the demo case worker (North);
- manager dashboard: ``/cases/dashboard/`` as the team manager (North);
- child record: ``/cases/children/<id>/`` as the case worker, for children of their caseload,
  and ``child_record_busiest`` for the children with the most custody records;
- custody list: ``/custody/`` as the police officer (since the last working day, the default),
  ``custody_list_month`` the last 30 days, ``custody_list_deep_page`` its 20th page;
- home (the person's work, ``yjs.work``): ``/`` as each role, ``home_caseworker``, ``home_manager``,
  ``home_police``, ``home_head`` and ``home_board``.
"""

from __future__ import annotations

import time
from datetime import timedelta

from bench.common import large_data_set, summary, write_result

REPEATS = 20


def run() -> None:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cases import selectors
    from custody.models import CustodyRecord
    from yjs.models import User

    data = large_data_set()
    users = {name: User.objects.get(username=name) for name in ("caseworker", "manager", "police", "head", "board")}
    caseload = [row.case.child_id for row in selectors.caseload(user=users["caseworker"])][:REPEATS]
    busiest = list(
        CustodyRecord.objects.filter(child__in=selectors.child_list(user=users["caseworker"]))
        .values("child")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("child", flat=True)[:REPEATS]
    )
    month = (timezone.localdate() - timedelta(days=30)).strftime("%d/%m/%Y")
    pages = {
        "caseload": ("caseworker", ["/cases/"]),
        "manager_dashboard": ("manager", ["/cases/dashboard/"]),
        "child_record": ("caseworker", [f"/cases/children/{pk}/" for pk in caseload]),
        "child_record_busiest": ("caseworker", [f"/cases/children/{pk}/" for pk in busiest]),
        "custody_list": ("police", ["/custody/"]),
        "custody_list_month": ("police", [f"/custody/?since={month}"]),
        "custody_list_deep_page": ("police", [f"/custody/?since={month}&page=20"]),
        **{f"home_{username}": (username, ["/"]) for username in users},
    }
    results = {}
    for name, (username, paths) in pages.items():
        client = Client()
        client.force_login(users[username])
        answer = client.get(paths[0])  # warm up
        if answer.status_code != 200:
            raise RuntimeError(f"{name}: {paths[0]} answered {answer.status_code}")
        timings = []
        for number in range(REPEATS):
            path = paths[number % len(paths)]
            started = time.perf_counter()
            answer = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                raise RuntimeError(f"{name}: {path} answered {answer.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(paths[0])
        results[name] = {"user": username, "example": paths[0], **summary(timings), "sql_queries": len(captured)}
    figures = {"data_set": data["counts"], "repeats": REPEATS, "pages": results}
    write_result("pages", figures)
    print()
    print(f"Pages, server time in this process ({REPEATS} requests each)")
    print(f"{'page':26}{'user':>12}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'queries':>9}")
    for name, row in results.items():
        print(
            f"{name:26}{row['user']:>12}{row['p50_ms']:>10.1f}{row['p95_ms']:>10.1f}{row['max_ms']:>10.1f}"
            f"{row['sql_queries']:>9}"
        )
