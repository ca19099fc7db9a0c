"""Reads of a person's own notifications: nobody reads another's (404)."""

from django.db.models import QuerySet

from yjs.models import Notification, NotificationKind, NotificationPreference, User
from yjs.selectors import one_or_404

from . import permissions


def notification_list(*, user: User, unread: bool | None = None, kind: str = "") -> QuerySet[Notification]:
    """The person's notifications, newest first; ``unread`` True (or False) for those not read (or read)."""
    if not permissions.has_notifications(user):
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=user)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-created_at", "-id")


def notification_get(*, user: User, notification_id: int) -> Notification:
    return one_or_404(notification_list(user=user), notification_id, "notification")


def unread_count(*, user: User) -> int:
    """One count through the index of unread notifications (``notification_unread``)."""
    if not permissions.has_notifications(user):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_preferences(*, user: User) -> dict[str, bool]:
    """Each kind, whether the person wants it emailed (no choice recorded: yes)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, True) for kind in NotificationKind.values}
