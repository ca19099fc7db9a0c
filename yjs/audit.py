"""The one way to record an audit event."""

import json
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.http import HttpRequest
from django.utils import timezone

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
) -> int:
    """Append one event per object in a single statement: e.g. each record a page shows.

    The events go straight to the table from arrays of the objects' types, ids and
    descriptions (what ``audit_record`` would write for each, one statement for them all):
    a list page records up to 500, and model instances and ``bulk_create`` cost it more
    than the page's own rows did. Returns how many were written."""
    objs = list(objs)
    if not objs:
        return 0
    user = _signed_in(actor)
    columns = {name: connection.ops.quote_name(AuditEvent._meta.get_field(name).column) for name in _COLUMNS}
    statement = (
        f"INSERT INTO {connection.ops.quote_name(AuditEvent._meta.db_table)} ({', '.join(columns.values())}) "  # noqa: S608 (names from the model)
        "SELECT %s, %s, %s, %s, %s::inet, %s::jsonb, one.content_type_id, one.object_id, one.object_repr "
        "FROM unnest(%s::integer[], %s::text[], %s::text[]) AS one(content_type_id, object_id, object_repr)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [
                timezone.now(),
                user.pk if user else None,
                user.get_username() if user else "",
                str(action),
                client_ip(request),
                json.dumps(detail or {}),
                [ContentType.objects.get_for_model(obj).pk for obj in objs],
                [str(obj.pk) for obj in objs],
                [str(obj)[:200] for obj in objs],
            ],
        )
    return len(objs)


# In the order of the SELECT in ``audit_record_many``.
_COLUMNS = (
    "occurred_at",
    "actor",
    "actor_username",
    "action",
    "ip_address",
    "detail",
    "content_type",
    "object_id",
    "object_repr",
)


def _signed_in(actor: User | AnonymousUser | None) -> User | None:
    """The user an event is recorded against: nobody for an anonymous request."""
    return actor if actor is not None and actor.is_authenticated else None


def _event(*, actor, action, obj, request, detail, actor_username: str = "") -> AuditEvent:
    user = _signed_in(actor)
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
