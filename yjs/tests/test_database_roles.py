"""The database's two roles (DESIGN.md §12, yjs.database): the application owns nothing and cannot
rewrite the append-only evidence, whatever SQL it sends; the owner migrates."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from custody.extract import read_extract
from custody.loading import load_rows
from custody.models import CustodyRecord, CustodyRecordChange
from intelligence.models import Addendum, InformationRequest
from intelligence.tests.factories import InformationRequestFactory
from yjs.audit import audit_record
from yjs.database import connected_as_owner, protected_tables
from yjs.models import AuditAction, AuditEvent
from yjs.tests.factories import UserFactory

INSUFFICIENT_PRIVILEGE = "42501"


def _trigger_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'pgtrigger_%' AND NOT tgisinternal")
        return [name for (name,) in cursor.fetchall()]


def _ignore_every_trigger() -> str:
    return "SET LOCAL pgtrigger.ignore = '{" + ",".join(_trigger_names()) + "}'"


def _custody_record():
    load_rows(
        read_extract(
            b"force_code,custody_ref,detained_at,surname,forenames,date_of_birth\nWYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01\n"
        ).rows
    )
    return CustodyRecord.objects.get()


@pytest.fixture
def evidence(db):
    """One of each kind of append-only row, supplied and final."""
    officer = UserFactory()
    request = InformationRequestFactory(supplied=True, information_supplied="No trace")
    return {
        "audit": audit_record(actor=officer, action=AuditAction.VIEW_SENSITIVE, obj=request),
        "request": request,
        "addendum": Addendum.objects.create(request=request, text="Correction", added_by=officer),
        "change": CustodyRecordChange.objects.create(record=_custody_record(), changes={"suite": ["A", "B"]}),
    }


STATEMENTS = [
    "UPDATE yjs_auditevent SET action = 'login' WHERE id = {audit}",
    "DELETE FROM yjs_auditevent WHERE id = {audit}",
    "UPDATE intelligence_informationrequest SET information_supplied = 'Rewritten' WHERE id = {request}",
    "DELETE FROM intelligence_informationrequest WHERE id = {request}",
    "DELETE FROM intelligence_informationrequest_systems_searched WHERE informationrequest_id = {request}",
    "UPDATE intelligence_informationrequest_systems_searched SET policesystem_id = policesystem_id"
    " WHERE informationrequest_id = {request}",
    "UPDATE intelligence_addendum SET text = 'Rewritten' WHERE id = {addendum}",
    "DELETE FROM intelligence_addendum WHERE id = {addendum}",
    "UPDATE custody_custodyrecordchange SET changes = '{{}}' WHERE id = {change}",
    "DELETE FROM custody_custodyrecordchange WHERE id = {change}",
    "TRUNCATE yjs_auditevent CASCADE",
    "TRUNCATE intelligence_informationrequest CASCADE",
    "TRUNCATE intelligence_addendum",
    "TRUNCATE custody_custodyrecordchange",
    "ALTER TABLE yjs_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE intelligence_informationrequest DISABLE TRIGGER ALL",
    "DROP TABLE yjs_auditevent CASCADE",
    "CREATE TABLE public.anything (id int)",
    "CREATE OR REPLACE FUNCTION public._pgtrigger_should_ignore(trigger_name NAME) RETURNS BOOLEAN"
    " AS 'SELECT TRUE' LANGUAGE sql",
]


@pytest.mark.parametrize("statement", STATEMENTS)
def test_the_application_role_cannot_rewrite_evidence_even_with_every_guard_ignored(evidence, statement):
    ids = {name: row.pk for name, row in evidence.items()}
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(_ignore_every_trigger())
        cursor.execute(statement.format(**ids))
    assert refused.value.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE, refused.value
    assert AuditEvent.objects.filter(pk=evidence["audit"].pk, action="view_sensitive").exists()
    assert InformationRequest.objects.get(pk=evidence["request"].pk).information_supplied == "No trace"


def test_the_orm_cannot_rewrite_supplied_information(evidence):
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        InformationRequest.objects.filter(pk=evidence["request"].pk).update(information_supplied="Rewritten")
    assert refused.value.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE


def test_an_open_request_can_still_be_written_and_a_supplied_one_filled_in_where_allowed(db):
    open_request = InformationRequestFactory()
    InformationRequest.objects.filter(pk=open_request.pk).update(what_requested="Changed while open")
    urgent = InformationRequestFactory(supplied=True, information_supplied="No trace", what_requested="")
    InformationRequest.objects.filter(pk=urgent.pk).update(what_requested="The written request, after")
    assert InformationRequest.objects.get(pk=urgent.pk).what_requested == "The written request, after"


def test_the_application_role_owns_nothing_and_holds_no_power(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        role, superuser, createdb, createrole = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        owned = cursor.fetchone()[0]
        cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
        database_owner = cursor.fetchone()[0]
    assert role == settings.DATABASE_APPLICATION_ROLE != database_owner == settings.DATABASE_OWNER["USER"]
    assert (superuser, createdb, createrole, owned) == (False, False, False, 0)


def test_the_append_only_tables_are_the_ones_the_design_names():
    assert protected_tables() == {
        "yjs_auditevent": {"UPDATE", "DELETE"},
        "intelligence_informationrequest": {"DELETE"},
        "intelligence_informationrequest_systems_searched": {"UPDATE", "DELETE"},
        "intelligence_addendum": {"UPDATE", "DELETE"},
        "custody_custodyrecordchange": {"UPDATE", "DELETE"},
        "oocd_signeddocumentversion": {"UPDATE", "DELETE"},
    }


@pytest.mark.django_db(transaction=True)
def test_the_owner_alone_may_switch_a_guard_off_and_only_on_purpose():
    request = InformationRequestFactory(supplied=True, information_supplied="No trace")
    with connected_as_owner():
        with pytest.raises(DatabaseError, match="supplied_request_is_final"), transaction.atomic():
            InformationRequest.objects.filter(pk=request.pk).update(information_supplied="Rewritten")
        with transaction.atomic(), connection.cursor() as cursor:  # as the retention schedule does
            cursor.execute(_ignore_every_trigger())
            cursor.execute(
                "UPDATE intelligence_informationrequest SET information_supplied = 'Removed' WHERE id = %s",
                [request.pk],
            )
    assert InformationRequest.objects.get(pk=request.pk).information_supplied == "Removed"


@pytest.mark.django_db(transaction=True)
def test_the_url_that_yjs_embedded_env_prints_is_the_application_role_and_is_refused(settings):
    printed = subprocess.run(
        [sys.executable, "-m", "yjs.embedded", "env"], capture_output=True, text=True, check=True, env=os.environ
    ).stdout
    urls = dict(line.split("=", 1) for line in printed.splitlines())
    application = dj_database_url.parse(urls["DATABASE_URL"])
    assert application["USER"] == settings.DATABASE_APPLICATION_ROLE
    assert dj_database_url.parse(urls["DATABASE_OWNER_URL"])["USER"] == settings.DATABASE_OWNER["USER"]

    officer = UserFactory()
    request = InformationRequestFactory(supplied=True, information_supplied="No trace")
    event = audit_record(actor=officer, action=AuditAction.VIEW_SENSITIVE, obj=request)
    # The same URL, on this test run's database (the tests' copy of the one it names).
    dsn = urlsplit(urls["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    with psycopg.connect(dsn) as session:
        for statement in (
            f"UPDATE yjs_auditevent SET action = 'login' WHERE id = {event.pk}",
            f"DELETE FROM yjs_auditevent WHERE id = {event.pk}",
            f"UPDATE intelligence_informationrequest SET information_supplied = 'Rewritten' WHERE id = {request.pk}",
            f"DELETE FROM intelligence_informationrequest WHERE id = {request.pk}",
            "ALTER TABLE yjs_auditevent DISABLE TRIGGER ALL",
            "TRUNCATE yjs_auditevent",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), session.transaction():
                session.execute(
                    "SELECT set_config('pgtrigger.ignore', %s, true)",
                    ["{" + ",".join(_trigger_names()) + "}"],
                )
                session.execute(statement)


def test_a_database_an_earlier_set_up_made_as_another_role_is_handed_to_the_owner():
    from yjs import embedded

    admin_url = os.environ.get("DATABASE_ADMIN_URL") or embedded.postgres_admin_url()
    name = "yjs_adoption_check"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")  # owned by the superuser, as before there were two roles
    superuser_url = urlsplit(admin_url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(superuser_url, autocommit=True) as old:
        old.execute("CREATE TABLE t (id bigserial PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t")
        old.execute("CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql")
    try:
        application_url, owner_url = embedded.provision_database(admin_url, name)
        with psycopg.connect(superuser_url) as check:
            owners = check.execute(
                "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "UNION SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
                "UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
            ).fetchall()
        assert owners == [(embedded.OWNER_ROLE,)]
        assert dj_database_url.parse(application_url)["USER"] == embedded.APPLICATION_ROLE
        assert dj_database_url.parse(owner_url)["USER"] == embedded.OWNER_ROLE
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
