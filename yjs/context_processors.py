from django.conf import settings
from django.utils.functional import cached_property

from .navigation import navigation_for
from .notifications import permissions as notification_permissions
from .notifications.selectors import unread_count


class UnreadNotifications:
    """The header's count of the person's unread notifications, counted when a page shows it (once)."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(user=self.user)


def service(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(user, request.path) if user is not None else [],
        "unread_notifications": UnreadNotifications(user)
        if user is not None and notification_permissions.has_notifications(user)
        else None,
    }
