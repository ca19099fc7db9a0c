"""Project-wide test set-up: factories for users and teams, and an API client."""

import contextlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from redis.exceptions import RedisError
from rest_framework.test import APIClient

from yjs.roles import Role
from yjs.sign_in import sign_in_failures_key
from yjs.tests.emptying import as_the_owner_who_may_empty_tables
from yjs.tests.factories import TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def sign_in_failures_forgotten():
    """Failed sign-ins are counted per address in Redis (``yjs.sign_in``), where they outlive a test
    and a run: each test starts with none from the test client's address."""
    with contextlib.suppress(RedisError, OSError):  # a test with Redis stopped: no count to forget
        cache.delete(sign_in_failures_key("127.0.0.1"))


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def team_north(db):
    return TeamFactory(name="North", slug="north")


@pytest.fixture
def team_south(db):
    return TeamFactory(name="South", slug="south")


@pytest.fixture
def case_worker(team_north):
    return UserFactory(username="caseworker", roles=[Role.CASE_WORKER], teams=[team_north])


@pytest.fixture
def team_manager(team_north):
    return UserFactory(username="manager", roles=[Role.TEAM_MANAGER], teams=[team_north])


@pytest.fixture
def police_officer(team_north, team_south):
    return UserFactory(username="police", roles=[Role.POLICE_OFFICER], teams=[team_north, team_south])


@pytest.fixture
def board_member(db):
    return UserFactory(username="board", roles=[Role.BOARD_MEMBER])


def _connect_as(role: dict) -> None:
    connection.close()
    connection.settings_dict.update(USER=role["USER"], PASSWORD=role.get("PASSWORD", ""))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """The test database is made, migrated and dropped by the database's owner (DESIGN.md §12)."""
    _application.update(USER=connection.settings_dict["USER"], PASSWORD=connection.settings_dict.get("PASSWORD", ""))
    if settings.DATABASE_OWNER:
        _connect_as(settings.DATABASE_OWNER)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test then runs as the application's role, which owns nothing (``yjs.database``)."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(_NO_AUTOVACUUM)
        cursor.execute(_TABLES)
        cursor.execute(f"VACUUM {', '.join(table for (table,) in cursor.fetchall())}")
        if settings.DATABASE_OWNER:
            cursor.execute(_ANALYSE_AS_OWNER)
            cursor.execute("REVOKE ALL ON FUNCTION test_analyse() FROM PUBLIC")
            application = connection.ops.quote_name(_application["USER"])
            cursor.execute(f"GRANT EXECUTE ON FUNCTION test_analyse() TO {application}")
    if settings.DATABASE_OWNER:
        _connect_as(_application)
    yield
    if settings.DATABASE_OWNER:
        with django_db_blocker.unblock():
            _connect_as(settings.DATABASE_OWNER)


_application: dict = {}

# The planner's statistics of the test database (which its owner sets up before the tests run).
# Autovacuum only ever finds its tables empty, since each test's rows are uncommitted and rolled
# back, and in a table a test has grown it records "no rows in N pages": the planner then expects
# one row there whatever a later test puts in, and picks nested loops over thousands (statements
# of seconds to minutes, whenever autovacuum happened to pass). Without autovacuum a table keeps
# the statistics of a table never analysed, whose rows are estimated from its size as it is; the
# tests that load a large world analyse it (``analyse``). The VACUUM clears what an earlier run
# (``--reuse-db``) left.
_TABLES = "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'"
_NO_AUTOVACUUM = f"""
DO $$
DECLARE target text;
BEGIN
    FOR target IN {_TABLES} LOOP
        EXECUTE 'ALTER TABLE ' || target || ' SET (autovacuum_enabled = false)';
    END LOOP;
END $$
"""

# The test database's own (made by its owner, for the application's role alone): the planner's
# statistics of every table, gathered as the owner, since only a table's owner may analyse it
# (PostgreSQL 16; 17's MAINTAIN privilege would do). It runs on the caller's connection, so it sees
# the rows of the caller's transaction, which a test rolls back and another connection never sees.
_ANALYSE_AS_OWNER = f"""
CREATE OR REPLACE FUNCTION test_analyse() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE target text;
BEGIN
    FOR target IN {_TABLES} LOOP
        EXECUTE 'ANALYZE ' || target;
    END LOOP;
END $$
"""


@pytest.fixture(scope="session")
def analyse(django_db_setup):
    """Call after loading a large world, in its transaction (ANALYZE sees the transaction's own rows):
    the planner then knows its tables' rows and values, not only their sizes (the fuzzing and the
    permission matrix ran statements of 15 s to two minutes on the demo data without them)."""

    def analyse_tables() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT test_analyse()" if settings.DATABASE_OWNER else "ANALYZE")

    return analyse_tables


@pytest.fixture(scope="session")
def module_world(django_db_setup, django_db_blocker):
    """A world a module's tests share: in a module-scoped fixture, ``yield from module_world(load)``
    calls ``load()`` once, in a transaction rolled back when the module ends (each test runs in a
    savepoint of it), and yields what it returns.

    The world's deferred foreign keys are checked once, as soon as it is loaded. Django checks the
    deferred constraints at the end of each test, before rolling back the test's savepoint, and
    PostgreSQL queues again the checks it made in a savepoint that is rolled back: without this,
    every test checked every row of the world again (0.13 s a test on the demo data, a quarter of
    the permission matrix's time). The database stays open to the module throughout, for the
    teardown hook below, which resets pgtrigger's session state after each test's savepoint is gone."""

    def shared(load):
        with django_db_blocker.unblock(), transaction.atomic():
            world = load()
            connection.check_constraints()
            yield world
            transaction.set_rollback(True)

    return shared


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """Let the test database be emptied after transactional tests.

    Django empties it after a ``transaction=True`` test with TRUNCATE, which the application's
    role may not do and the audit trail refuses (DESIGN.md §3, §12): the owner does it, with the
    audit trail's guard switched off for that statement alone. (In a test of the other kind the
    connection is still in the test's transaction here, which is rolled back instead.)
    """
    if connection.in_atomic_block:
        return (yield)
    with as_the_owner_who_may_empty_tables():
        return (yield)


# The modules that take longest (a run's --durations, or its JUnit report summed by module), longest
# first. `make test` hands whole modules to its workers (xdist's loadfile) in the order collected:
# a long one collected last would be handed out last and leave the other worker idle while it ran
# (the accessibility walks, collected last, ran for minutes alone at the end of a run).
LONGEST_FIRST = [
    "tests/browser/test_accessibility.py",
    "tests/security/test_permission_matrix.py",
    "governance/tests/test_reports_generated.py",
    "governance/tests/test_disclosure.py",
    "tests/security/test_headers.py",
    "tests/security/test_api_fuzz.py",
    "oocd/tests/test_apis.py",
    "cases/tests/test_views.py",
    "tests/performance/test_query_counts.py",
    "oocd/tests/test_views.py",
    "tests/faults/test_worker_killed.py",
    "tests/faults/test_postgres_restarted.py",
    "tests/faults/test_redis_stopped.py",
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The longest modules first (after pytest-django has put its tests in its order, which it keeps
    within a module)."""
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(rank)))
