"""The ingest's plans cannot collapse: its hot statements probe indexes whatever the statistics
say, and a bulk load refreshes the statistics of the tables it grew (issue 18)."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from custody import ingest, loading, lookups
from custody.ingest import ingest_file, ingest_run_create
from custody.models import IngestSource, RunStatus

KEYS = 2000  # a batch


def _plan(query, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + lookups.as_text(query), params)
        return "\n".join(line for (line,) in cursor.fetchall())


def _load_records_and_children_the_statistics_do_not_know(rows: int) -> None:
    """Rows added in the test's transaction: statistics made before (never, on a fresh test
    database) say nothing of them, as they said nothing of a first large load's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO custody_custodyrecord (force_code, custody_ref, suite, detained_at, surname, forenames, "
            "date_of_birth, gender, ethnicity, pnc_id, postcode, home_local_authority, responsible_local_authority, "
            "offences, outcome, ld_screening, s38_6, match_status, row_hash, first_seen_at, updated_at, "
            "police_decision_note) "
            "SELECT 'WYP', 'R' || n, '', now(), 'Smith', 'Jo', date '2008-01-01' + n %% 3000, '', '', '', '', '', '', "
            "'[]', '', '', '', 'created', md5(n::text), now(), now(), '' FROM generate_series(1, %s) n",
            [rows],
        )
        cursor.execute(
            "INSERT INTO cases_child (surname, forenames, preferred_name, date_of_birth, gender, ethnicity, address, "
            "postcode, home_local_authority, pnc_id, police_local_ids, looked_after, responsible_local_authority, "
            "social_worker_name, social_worker_email, social_worker_phone, education_status, "
            "special_educational_needs, education_health_care_plan, known_to_yjs, created_at, updated_at) "
            "SELECT 'Smith', 'Jo', '', date '2008-01-01' + n %% 3000, '', 'NS', '', '', '', "
            "CASE WHEN n %% 2 = 0 THEN n || '/1A' ELSE '' END, '{}', false, '', '', '', '', 'unknown', false, false, "
            "true, now(), now() FROM generate_series(1, %s) n",
            [rows],
        )


@pytest.mark.django_db
def test_the_ingest_s_lookups_are_index_probes_whatever_the_statistics_say():
    _load_records_and_children_the_statistics_do_not_know(50_000)
    refs = [f"R{n}" for n in range(1, KEYS + 1)]
    birthdays = [date(2008, 1, 1) + timedelta(days=n) for n in range(0, 3000, 3)]
    pnc_ids = [f"{n}/1A" for n in range(2, 2 * KEYS + 2, 2)]
    plans = {
        "stored records": _plan(lookups.RECORDS_BY_REF, [["WYP"] * KEYS, refs]),
        "PNC IDs' holders": _plan(lookups.CHILDREN_BY_PNC_ID, [pnc_ids]),
        "children born on the days": _plan(lookups.CHILDREN_AND_ALIASES_BORN_ON, [birthdays]),
    }
    for lookup, plan in plans.items():
        assert "Seq Scan on custody_custodyrecord" not in plan, (lookup, plan)
        assert "Seq Scan on cases_child " not in plan, (lookup, plan)
        assert "Nested Loop" in plan, (lookup, plan)
    # A unique index: one row at most a probe, so no statistics can make the probe a scan.
    assert "Index Scan using custody_record_unique_per_force" in plans["stored records"]
    assert "Index Scan using child_pnc_id_unique" in plans["PNC IDs' holders"]


def _row(n: int) -> str:
    """A row of its own child (born on a day of their own)."""
    return f"WYP,C{n},2026-03-01T10:00,Person,Jo,{date(2010, 1, 1) + timedelta(days=n):%Y-%m-%d}"


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_refreshes_the_planner_statistics_of_the_tables_it_grew(monkeypatch):
    monkeypatch.setattr(loading, "BATCH_SIZE", 10)
    monkeypatch.setattr(loading, "STATISTICS_REFRESH_ROWS", 30)
    header = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth"
    data = ("\n".join([header, *map(_row, range(40))]) + "\n").encode()
    run = ingest_run_create(by=None, source=IngestSource.UPLOAD, upload=ContentFile(data, name="x.csv"), queue=False)

    ingest_file(run, notify=ingest.NOTIFY_INLINE)

    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 40)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('custody_custodyrecord', 'cases_child')"
        )
        # What the planner now counts in each table: what it holds (VACUUM counts every row of so small a table).
        assert dict(cursor.fetchall()) == {"custody_custodyrecord": 40, "cases_child": 40}


def test_only_a_bulk_load_has_the_statistics_refreshed():
    grew = loading.LoadCounts(created=2500, updated=10, new_child_ids=list(range(1999)))
    assert loading.grown_tables(grew) == ["custody_custodyrecord"]
    assert loading.grown_tables(loading.LoadCounts(created=400, new_child_ids=list(range(150)))) == []
