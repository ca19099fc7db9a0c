from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as bad_request_page
from django.views.defaults import page_not_found

from . import health


def not_found(request, exception):
    """A path that matches nothing: JSON under /api/ (DESIGN.md §4: the API's errors are JSON)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def bad_request(request, exception):
    """A request Django refuses (a body too large, too many fields): JSON under /api/."""
    if request.path.startswith("/api/"):
        if isinstance(exception, RequestDataTooBig):
            limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            detail = f"The request body is too large. Send at most {limit}."
        elif isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
            detail = "The request has too many fields or files."
        else:
            detail = "Bad request."
        return JsonResponse({"detail": detail}, status=400)
    return bad_request_page(request, exception)


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
