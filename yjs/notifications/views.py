"""The notification pages (DESIGN.md §11): the person's own list (newest first, unread marked,
filtered by unread and kind), opening one (which marks it read and goes to its page), marking all
read, and the choice of email for each kind. Thin: reads through ``selectors``, writes through
``services``."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yjs.models import NotificationKind
from yjs.pages import GET_AND_POST, page, paginate, posted, require, submit

from . import permissions, selectors, services
from .forms import EmailPreferencesForm, NotificationFilterForm


def _require_notifications(user) -> None:
    require(permissions.has_notifications(user), "A service account has no notifications.")


def _sub_navigation(current: str) -> list[dict]:
    items = [("index", "Notifications"), ("preferences", "Email preferences")]
    return [
        {"url": reverse(f"notifications:{name}"), "label": label, "current": name == current} for name, label in items
    ]


@require_GET
def index(request) -> HttpResponse:
    user = request.user
    _require_notifications(user)
    form = NotificationFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    shown = paginate(request, selectors.notification_list(user=user, **filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/index.html",
        {
            "sub_navigation": _sub_navigation("index"),
            "form": form,
            "page": shown,
            "notifications": list(shown),
            "query": query.urlencode(),
            "filtered": any(filters.values()),
        },
    )


def _safe_link(request, link: str) -> str:
    """The notification's page: a path of this site only."""
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return reverse("notifications:index")


@require_GET
def notification_open(request, notification_id: int) -> HttpResponse:
    """Opening a notification marks it read and goes to the page it is about."""
    _require_notifications(request.user)
    notification = selectors.notification_get(user=request.user, notification_id=notification_id)
    services.notification_read(notification=notification, by=request.user)
    return redirect(_safe_link(request, notification.link))


@require_POST
def read_all(request) -> HttpResponse:
    _require_notifications(request.user)
    count = services.notifications_read_all(by=request.user)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    return redirect("notifications:index")


@require_http_methods(GET_AND_POST)
def preferences(request) -> HttpResponse:
    user = request.user
    _require_notifications(user)
    chosen = selectors.email_preferences(user=user)
    form = EmailPreferencesForm(posted(request), initial={"email": [kind for kind, wanted in chosen.items() if wanted]})
    saved = reverse("notifications:preferences")
    if done := submit(request, form, services.notification_preferences_set, "Email preferences saved", saved):
        return done
    return render(
        request,
        "notifications/preferences.html",
        {
            "sub_navigation": _sub_navigation("preferences"),
            "form": form,
            "kinds": NotificationKind.choices,
            "title": "Email preferences",
            "button_label": "Save preferences",
            "back_url": reverse("notifications:index"),
        },
    )


urlpatterns = [
    page("", index),
    page("<int:notification_id>/", notification_open),
    page("read-all/", read_all),
    page("preferences/", preferences),
]
