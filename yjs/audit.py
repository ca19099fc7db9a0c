"""The one way to record an audit event."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from .models import AuditAction, AuditEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is set by the trusted proxy in production (see docker-compose).
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: User | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Append one event to the audit trail.

    ``detail`` is JSON: for an update, a diff ``{"field": [old, new]}``; for a
    sensitive read, what was shown. Call it inside the transaction that does the
    work, so an event exists exactly when the work happened.
    """
    event = _event(actor=actor, action=action, obj=obj, request=request, detail=detail, actor_username=actor_username)
    event.save()
    return event


def audit_record_many(
    *,
    actor: User | None,
    action: AuditAction | str,
    objs: Iterable[models.Model],
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> list[AuditEvent]:
    """Append one event per object in a single query: e.g. each record a page shows."""
    events = [_event(actor=actor, action=action, obj=obj, request=request, detail=detail) for obj in objs]
    return AuditEvent.objects.bulk_create(events) if events else []


def _event(*, actor, action, obj, request, detail, actor_username: str = "") -> AuditEvent:
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        actor=user,
        actor_username=user.get_username() if user else actor_username[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        ip_address=client_ip(request),
        detail=detail or {},
    )
