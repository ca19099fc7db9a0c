"""Telling people things (DESIGN.md §11): every notification is listed in the application, and
emailed to those who have not chosen otherwise for its kind."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from yjs.models import Notification, NotificationPreference, User


def notify(
    *, recipients: Iterable[User], kind: str, subject: str, body: str = "", link: str = ""
) -> list[Notification]:
    """One notification per active recipient (each once, whatever the iterable repeats), emailed to
    those who want email of ``kind`` and have an address. Call it inside the transaction of what it
    tells of: the rows commit with it; the email is sent once the transaction commits."""
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if not people:
        return []
    no_email = set(
        NotificationPreference.objects.filter(user_id__in=people, kind=kind, email=False).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            subject=subject[:200],
            body=body,
            link=link[:300],
            emailed_at=now if person.email and person.pk not in no_email else None,
        )
        for person in people.values()
    )
    to = [person.email for person in people.values() if person.email and person.pk not in no_email]
    if to:
        url = settings.SITE_URL.rstrip("/") + link if link else ""
        text = "\n\n".join(part for part in (body, url) if part)
        for address in to:  # one email each: no recipient sees another's address
            message = EmailMessage(subject=subject, body=text, to=[address])
            transaction.on_commit(message.send)
    return notifications
