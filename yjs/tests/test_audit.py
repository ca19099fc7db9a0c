import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from yjs.audit import audit_record
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
        pytest.raises(ProgrammingError, match="pgtrigger: Cannot"),
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
