"""The API under load: gunicorn serving the app on the large data set, driven by wrk.

gunicorn runs as in production (``yjs.settings.production``, 4 sync workers as in the
Dockerfile; HTTPS redirection off, as behind a proxy that ends TLS) against the benchmark
database. For each endpoint, wrk (Debian's ``wrk``; ``bench/wrk_report.lua`` picks the next
path of a list for every request and reports the figures) keeps 1, 10 and then 50 clients
busy for ``SECONDS`` seconds each, every request authenticated with the user's DRF token:

- list endpoints, pages 1–20 (``?page=``) of 50 rows: children and cases as the demo case
  worker (their team's and their own: the visibility rules in every query), information
  requests, custody records and out-of-court decisions as the police officer;
- child search (``/api/v1/children/?search=``) as the case worker: 60 queries drawn from the
  data (surnames, misspelt surnames, forename and surname, date of birth, PNC ID);
- detail endpoints of 200 rows the user may see.

Figures per endpoint and number of clients: requests per second, p50, p95, p99 and max
latency in milliseconds, and errors (connection errors, timeouts, and answers other than
2xx/3xx). The acceptance budget: p95 under 150 ms for the list endpoints and child search
at 10 clients, with no errors.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import large_data_set, stop_process, vacuum_analyze, write_result

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))
CLIENTS = [1, 10, 50]
WORKERS = 4
P95_BUDGET_MS = 150
BUDGET_CLIENTS = 10
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
SEED = 808
# BENCH_ENDPOINTS=child_search,oocd_decisions_list measures only those (a partial run's result
# file says which it measured).
ONLY = {name for name in os.environ.get("BENCH_ENDPOINTS", "").split(",") if name}


def run() -> None:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: `make install` installs it (Debian package wrk)")
    data = large_data_set()
    _settle()
    endpoints, tokens = _endpoints()
    if ONLY:
        endpoints = {name: endpoint for name, endpoint in endpoints.items() if name in ONLY}
    port = _free_port()
    server = _start_gunicorn(port)
    figures: dict = {"data_set": data["counts"], "seconds_per_run": SECONDS, "gunicorn_workers": WORKERS}
    results: dict = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name, (kind, user, paths) in endpoints.items():
                path_file = Path(folder) / f"{name}.txt"
                path_file.write_text("\n".join(paths) + "\n")
                _wrk(port, tokens[user], path_file, clients=2, seconds=2)  # warm up
                results[name] = {"kind": kind, "user": user, "paths": len(paths), "example": paths[0]}
                for clients in CLIENTS:
                    _drain(port)
                    figures_run = _wrk(port, tokens[user], path_file, clients=clients, seconds=SECONDS)
                    results[name][f"clients_{clients}"] = figures_run
                    print(
                        f"  {name:24} {clients:>3} clients: {figures_run['requests_per_second']:8.1f} req/s  "
                        f"p50 {figures_run['p50_ms']:7.1f}  p95 {figures_run['p95_ms']:7.1f}  "
                        f"p99 {figures_run['p99_ms']:7.1f} ms  errors {figures_run['errors']}",
                        flush=True,
                    )
    finally:
        stop_process(server)
        Path(server.log_path).unlink(missing_ok=True)
    figures["endpoints"] = results
    budgeted = {name: row for name, row in results.items() if row["kind"] in ("list", "search")}
    at_budget = {name: row[f"clients_{BUDGET_CLIENTS}"] for name, row in budgeted.items()}
    figures["budget"] = {
        "p95_ms": P95_BUDGET_MS,
        "clients": BUDGET_CLIENTS,
        "worst_p95_ms": max(row["p95_ms"] for row in at_budget.values()),
        "errors": sum(row["errors"] for row in at_budget.values()),
    }
    figures["within_budget"] = figures["budget"]["worst_p95_ms"] < P95_BUDGET_MS and not figures["budget"]["errors"]
    write_result("api_load", figures)
    _print_table(results, figures)


def _endpoints() -> tuple[dict, dict]:
    """Each endpoint: (kind, user, paths), and each user's token."""
    from cases import selectors as case_selectors
    from custody import selectors as custody_selectors
    from intelligence import selectors as intelligence_selectors
    from oocd import selectors as oocd_selectors
    from yjs.api.tokens import api_token_create
    from yjs.models import User

    users = {name: User.objects.get(username=name) for name in ("caseworker", "police")}
    tokens = {name: api_token_create(user=user) for name, user in users.items()}
    rng = random.Random(SEED)
    pages = [f"?page={page}" for page in range(1, 21)]

    def ids(queryset) -> list[int]:
        found = list(queryset.order_by().values_list("pk", flat=True)[:5000])
        return rng.sample(found, min(200, len(found)))

    worker, police = users["caseworker"], users["police"]
    children = ids(case_selectors.child_list(user=worker))
    cases = ids(case_selectors.case_list(user=worker))
    requests = ids(intelligence_selectors.request_list(user=police))
    records = ids(custody_selectors.record_list(user=police))
    decisions = ids(oocd_selectors.decision_list(user=police))
    endpoints = {
        "children_list": ("list", "caseworker", [f"/api/v1/children/{page}" for page in pages]),
        "child_search": ("search", "caseworker", [f"/api/v1/children/?search={q}" for q in _search_queries(rng)]),
        "child_detail": ("detail", "caseworker", [f"/api/v1/children/{pk}/" for pk in children]),
        "cases_list": ("list", "caseworker", [f"/api/v1/cases/{page}" for page in pages]),
        "case_detail": ("detail", "caseworker", [f"/api/v1/cases/{pk}/" for pk in cases]),
        "information_requests_list": ("list", "police", [f"/api/v1/intelligence/requests/{page}" for page in pages]),
        "information_request_detail": (
            "detail",
            "police",
            [f"/api/v1/intelligence/requests/{pk}/" for pk in requests],
        ),
        "custody_records_list": ("list", "police", [f"/api/v1/custody/records/{page}" for page in pages]),
        "custody_record_detail": ("detail", "police", [f"/api/v1/custody/records/{pk}/" for pk in records]),
        "oocd_decisions_list": ("list", "police", [f"/api/v1/oocd/decisions/{page}" for page in pages]),
        "oocd_decision_detail": ("detail", "police", [f"/api/v1/oocd/decisions/{pk}/" for pk in decisions]),
    }
    return endpoints, tokens


def _settle() -> None:
    """The tables the endpoints read, as autovacuum keeps them (the ingest benchmark adds and
    deletes 100,000 records and their children's search keys)."""
    from cases.models import Case, Child, ChildAlias, ChildSearchKey, Flag
    from custody.models import CustodyRecord

    vacuum_analyze(Child, ChildSearchKey, ChildAlias, Case, Flag, CustodyRecord)


def _search_queries(rng: random.Random) -> list[str]:
    from urllib.parse import quote

    from cases.models import Child

    sample = list(Child.objects.filter(known_to_yjs=True).order_by("?")[:60])
    queries = []
    for number, child in enumerate(sample):
        forename = child.forenames.split()[0]
        kind = number % 5
        if kind == 0:
            query = child.surname
        elif kind == 1:
            query = _misspell(child.surname, rng)
        elif kind == 2:
            query = f"{forename} {child.surname}"
        elif kind == 3:
            query = f"{child.date_of_birth:%d/%m/%Y}"
        else:
            query = child.pnc_id or f"{forename} {child.surname}"
        queries.append(quote(query))
    return queries


def _misspell(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yjs.settings.production",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "yjs.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    # gunicorn.conf.py writes the access log to stdout: kept, in a file, as production would.
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        command, env=environment, cwd=Path(__file__).resolve().parent.parent, stdout=log, stderr=subprocess.STDOUT
    )
    server.log_path = log.name
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with {server.returncode}: see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_process(server)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def _drain(port: int) -> None:
    """Wait for the requests wrk left queued when it stopped (a sync worker finishes each one it
    accepted): the next run would otherwise wait behind them."""
    for _ in range(WORKERS):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=300) as answer:
            answer.read()


def _wrk(port: int, token: str, paths: Path, *, clients: int, seconds: int) -> dict:
    return wrk(f"http://127.0.0.1:{port}", token, paths, clients=clients, seconds=seconds)


def wrk(base_url: str, token: str, paths: Path, *, clients: int, seconds: int) -> dict:
    """wrk keeping ``clients`` connections busy for ``seconds`` over the paths in the file (each
    request with the token, when there is one), and its figures."""
    environment = {**os.environ, "BENCH_TOKEN": token, "BENCH_PATHS": str(paths)}
    command = [
        "wrk",
        f"--threads={min(clients, 2)}",
        f"--connections={clients}",
        f"--duration={seconds}s",
        "--timeout=30s",
        f"--script={LUA}",
        base_url,
    ]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)  # noqa: S603
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    errors = sum(
        raw[key] for key in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout")
    )
    return {
        "requests": raw["requests"],
        "requests_per_second": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": errors,
        "errors_by_kind": {key.removeprefix("errors_"): raw[key] for key in raw if key.startswith("errors_")},
    }


def _print_table(results: dict, figures: dict) -> None:
    print()
    print(f"API under load: gunicorn, {WORKERS} workers, wrk {SECONDS} s per run")
    header = "".join(f"{f'{clients} clients: req/s p50 p95 p99 err':>42}" for clients in CLIENTS)
    print(f"{'endpoint':28}{header}")
    for name, row in results.items():
        cells = []
        for clients in CLIENTS:
            one = row[f"clients_{clients}"]
            cells.append(
                f"{one['requests_per_second']:>9.1f} {one['p50_ms']:>7.1f} {one['p95_ms']:>7.1f} "
                f"{one['p99_ms']:>7.1f} {one['errors']:>4}"
            )
        print(f"{name:28}" + "".join(f"{cell:>42}" for cell in cells))
    budget = figures["budget"]
    verdict = "within" if figures["within_budget"] else "OVER"
    print(
        f"Lists and search at {budget['clients']} clients: worst p95 {budget['worst_p95_ms']} ms, "
        f"{budget['errors']} errors; budget p95 < {budget['p95_ms']} ms with no errors: {verdict}"
    )
