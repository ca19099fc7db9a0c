import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from yjs.audit import audit_record, audit_record_many
from yjs.models import AuditAction, AuditEvent
from yjs.tests.factories import TeamFactory, UserFactory


@pytest.fixture
def event(db):
    user = UserFactory()
    return audit_record(actor=user, action=AuditAction.VIEW_SENSITIVE, obj=TeamFactory(), detail={"shown": "x"})


def test_audit_record_stores_who_what_and_which_object(event):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is not None
    assert stored.actor_username == stored.actor.username
    assert stored.action == "view_sensitive"
    assert stored.content_type.model == "team"
    assert stored.object_id == str(event.content_type.get_object_for_this_type().pk)
    assert stored.detail == {"shown": "x"}
    assert stored.occurred_at is not None


def test_audit_record_many_writes_one_event_per_object_in_one_statement(db):
    user = UserFactory()
    teams = [TeamFactory(name="North"), TeamFactory(name="South"), TeamFactory(name="East")]
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    with CaptureQueriesContext(connection) as queries:
        written = audit_record_many(
            actor=user, action=AuditAction.VIEW_SENSITIVE, objs=teams, request=request, detail={"read": "x"}
        )
    assert written == 3
    assert len([q for q in queries if q["sql"].startswith("INSERT")]) == 1
    events = AuditEvent.objects.order_by("id")
    assert [(e.object_id, e.object_repr) for e in events] == [(str(t.pk), str(t)) for t in teams]
    for stored in events:
        assert (stored.actor, stored.actor_username, stored.action) == (user, user.username, "view_sensitive")
        assert (stored.content_type.model, stored.ip_address, stored.detail) == ("team", "10.1.2.3", {"read": "x"})
        assert stored.occurred_at is not None


def test_audit_record_many_of_nothing_writes_nothing(db):
    with CaptureQueriesContext(connection) as queries:
        assert audit_record_many(actor=UserFactory.build(), action=AuditAction.VIEW_SENSITIVE, objs=[]) == 0
    assert not queries
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE yjs_auditevent SET action = 'login' WHERE id = %s",
        "DELETE FROM yjs_auditevent WHERE id = %s",
        "TRUNCATE yjs_auditevent CASCADE",
    ],
)
def test_raw_sql_cannot_rewrite_the_audit_trail(event, statement):
    with (
        pytest.raises(ProgrammingError, match="permission denied for table yjs_auditevent"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The event was written in this test's transaction; settle its deferred
        # foreign-key checks first, as a separate session's TRUNCATE would find them.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement, [event.pk] if "%s" in statement else [])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "view_sensitive"


def test_the_orm_cannot_delete_or_update_events(event):
    with pytest.raises(ProgrammingError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ProgrammingError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="login")
    assert AuditEvent.objects.filter(pk=event.pk, action="view_sensitive").exists()
