from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from . import health


def not_found(request, exception):
    """A path that matches nothing: JSON under /api/ (DESIGN.md §4: the API's errors are JSON)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def home(request):
    return render(request, "home.html")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database and the broker answer; 503 naming what failed."""
    checks = health.check()
    failed = [name for name, ok in checks.items() if not ok]
    status = 503 if failed else 200
    return JsonResponse(
        {"status": "ok" if not failed else "unavailable", "checks": checks, "failed": failed}, status=status
    )
