"""Telling people things (DESIGN.md §11): every notification is listed in the application, and
emailed to those who have not chosen otherwise for its kind.

What a notification keeps (its subject and body) never names a child: the link leads to the page
about them, which says who they are to those who may see it. An email, which is not kept, may
(``email_subject``, ``email_body``)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from yjs.models import Notification, NotificationKind, NotificationPreference, User
from yjs.services import require

from . import selectors


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
    email_subject: str = "",
    email_body: str = "",
    email_now: bool = False,
) -> list[Notification]:
    """One notification per active recipient (each once, whatever the iterable repeats), emailed to
    those who want email of ``kind`` and have an address. Call it inside the transaction of what it
    tells of: the rows commit with it; the email is sent once the transaction commits.

    The email says ``email_subject`` and ``email_body`` where given (else the subject, and the body
    with the link). ``email_now``: sent at once, inside the transaction, so that a failure to send
    undoes what the transaction recorded and a retry tells again (what records who was told, as the
    custody notices, uses it)."""
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if not people:
        return []
    emailed = {person.pk for person in emailed_of(people=people.values(), kind=kind)}
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            subject=subject[:200],
            body=body,
            link=link[:300],
            emailed_at=now if person.pk in emailed else None,
        )
        for person in people.values()
    )
    to = [person.email for person in people.values() if person.pk in emailed]
    if to:
        url = settings.SITE_URL.rstrip("/") + link if link else ""
        text = email_body or "\n\n".join(part for part in (body, url) if part)
        for address in to:  # one email each: no recipient sees another's address
            message = EmailMessage(subject=email_subject or subject, body=text, to=[address])
            if email_now:
                message.send()
            else:
                transaction.on_commit(message.send)
    return notifications


def emailed_of(*, people: Iterable[User], kind: str) -> list[User]:
    """Those of ``people`` whom a notification of ``kind`` is emailed to: active, with an address,
    and not having chosen to have it listed only."""
    people = [person for person in people if person is not None and person.is_active and person.email]
    if not people:
        return []
    listed_only = set(
        NotificationPreference.objects.filter(
            user_id__in=[person.pk for person in people], kind=kind, email=False
        ).values_list("user_id", flat=True)
    )
    return [person for person in people if person.pk not in listed_only]


def notification_read(*, notification: Notification, by: User) -> Notification:
    """The recipient has read it (a second time changes nothing)."""
    require(notification.recipient_id == by.pk, "Only its recipient reads a notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_read_all(*, by: User) -> int:
    """Every unread notification of the person marked read; how many there were."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, by: User, email: dict[str, bool]) -> dict[str, bool]:
    """The person's choice of email for each kind named (``{kind: True or False}``); kinds not named
    keep their choice. Returns every kind's choice."""
    unknown = sorted(set(email) - set(NotificationKind.values))
    if unknown:
        raise ValidationError({"kind": f"Choose kinds of notification from the list ({', '.join(unknown)} is not one)"})
    if email:
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(user=by, kind=kind, email=bool(wanted)) for kind, wanted in email.items()],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["email"],
        )
    return selectors.email_preferences(user=by)
