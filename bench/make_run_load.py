"""Load on `make run` as a newcomer starts it: no answer may be a 5xx (issue #17, finding 14).

    make run &                                   # in one terminal
    .venv/bin/python -m bench.make_run_load      # http://127.0.0.1:8000/ by default

Signs in as the demo police officer and the demo case worker for API tokens
(``POST /api/v1/auth/token/``), then for 10 and then 50 clients keeps wrk busy for
``MAKE_RUN_LOAD_SECONDS`` (10) seconds on each endpoint: the lists of children, cases,
information requests, custody records and decisions (pages 1–5), child search, the health
check and the sign-in page (the pages that answer 200 before the load starts).
Prints requests per second, p50 and p95 and the errors by kind
(an answer that is not 2xx/3xx is a ``status`` error), and exits 1 if there was any.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from bench.bench_api_load import wrk

SECONDS = int(os.environ.get("MAKE_RUN_LOAD_SECONDS", "10"))
CLIENTS = (10, 50)
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
PAGES = range(1, 6)
ENDPOINTS = {
    "children": ("caseworker", [f"/api/v1/children/?page={page}" for page in PAGES]),
    "cases": ("caseworker", [f"/api/v1/cases/?page={page}" for page in PAGES]),
    "child search": ("caseworker", [f"/api/v1/children/?search={name}" for name in ("smith", "khan", "jones")]),
    "information requests": ("police", [f"/api/v1/intelligence/requests/?page={page}" for page in PAGES]),
    "custody records": ("police", [f"/api/v1/custody/records/?page={page}" for page in PAGES]),
    "decisions": ("police", [f"/api/v1/oocd/decisions/?page={page}" for page in PAGES]),
    "health": (None, ["/healthz"]),
    "sign-in page": (None, ["/accounts/login/"]),
}


def token(base_url: str, username: str) -> str:
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    request = urllib.request.Request(  # noqa: S310 (our own server's address)
        f"{base_url}/api/v1/auth/token/", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.load(answer)["token"]


def existing(base_url: str, token: str, paths: list[str]) -> list[str]:
    """The paths that answer 200 now (a list's later pages exist only as far as the data goes), so
    that every error under load is one the load caused."""
    found = []
    for path in paths:
        request = urllib.request.Request(f"{base_url}{path}", headers={"Authorization": f"Token {token}"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30):  # noqa: S310
                found.append(path)
        except urllib.error.HTTPError:
            continue
    return found


def main(argv: list[str]) -> int:
    base_url = (argv[0] if argv else "http://127.0.0.1:8000").rstrip("/")
    tokens = {user: token(base_url, user) for user in {user for user, _ in ENDPOINTS.values() if user}}
    endpoints = {
        name: (user, existing(base_url, tokens.get(user, ""), paths)) for name, (user, paths) in ENDPOINTS.items()
    }
    errors = 0
    with tempfile.TemporaryDirectory() as folder:
        for clients in CLIENTS:
            for name, (user, paths) in endpoints.items():
                path_file = Path(folder) / "paths.txt"
                path_file.write_text("\n".join(paths) + "\n")
                figures = wrk(base_url, tokens.get(user, ""), path_file, clients=clients, seconds=SECONDS)
                errors += figures["errors"]
                kinds = {kind: n for kind, n in figures["errors_by_kind"].items() if n}
                print(
                    f"{clients:>3} clients  {name:22} {figures['requests']:>6} requests "
                    f"{figures['requests_per_second']:7.1f}/s  p50 {figures['p50_ms']:7.1f}  "
                    f"p95 {figures['p95_ms']:7.1f} ms  errors {figures['errors']} {kinds or ''}",
                    flush=True,
                )
    print(f"{'No errors' if not errors else f'{errors} errors'} at {', '.join(map(str, CLIENTS))} clients")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
