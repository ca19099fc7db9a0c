from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as bad_request_page
from django.views.defaults import page_not_found

from . import health
from .roles import Role
from .work import work_cards, work_shown


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
    """The person's work (DESIGN.md §11): cards by kind with counts, then the lists; then the parts
    of the service they may use."""
    user = request.user
    today = timezone.localdate()
    cards = work_cards(user=user, today=today)
    work_shown(user=user, items=[item for card in cards for item in card.items], request=request, via="home")
    for card in cards:
        card.rows = [{"item": item, "overdue": item.overdue(today), "today": item.due == today} for item in card.items]
    due_cards = [card for card in cards if not card.news]
    news_cards = [card for card in cards if card.news]
    if user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        heading = "Overdue across the service"
    elif user.has_role(Role.TEAM_MANAGER):
        heading = "Your team's work"
    else:
        heading = "Your work"
    return render(
        request,
        "home.html",
        {
            "cards": due_cards + news_cards,
            "due_cards": due_cards,
            "news_cards": news_cards,
            "work_heading": heading,
            "due_soon_days": settings.MY_WORK_DUE_SOON_DAYS,
            "today": today,
        },
    )


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
