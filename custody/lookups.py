"""The ingest's hot reads, in plain SQL, written so that no statistics can make them scans.

A batch's keys (record keys, PNC IDs, birthdays) come as arrays, one parameter rather than
thousands, unnested into a relation, and each key is looked up by a subquery of its own
(``LATERAL``, kept a subquery by ``OFFSET 0`` so that PostgreSQL cannot fold it into a join):
the plan is a nested loop of index probes, one per key, whatever the planner believes of the
tables. Written as ``column = ANY(array)`` or as a plain join, the plan follows the statistics,
and statistics made before a large load are wrong about exactly the rows an ingest reads: on a
fresh database, PostgreSQL 16 took a force's every record by the unique index's first column and
filtered them by the array of references (2–4.5 s a batch, ≈ 970 rows/s for a 100,000-row file).
"""

from collections.abc import Sequence

from django.db import connection
from psycopg import sql

from cases.models import Child, ChildAlias

from .models import CustodyRecord

_TABLES = {
    "child": sql.Identifier(Child._meta.db_table),
    "alias": sql.Identifier(ChildAlias._meta.db_table),
    "record": sql.Identifier(CustodyRecord._meta.db_table),
}

# The stored records of the batch's (force_code, custody_ref) pairs, through their unique index
# (a probe finds one record at most, whatever the statistics say of a force's records).
# Read without locks: a changed record is locked when it is written (``loading._update_changed``).
RECORDS_BY_REF = sql.SQL(
    "SELECT r.id, r.force_code, r.custody_ref, r.row_hash "
    "FROM unnest(%s::text[], %s::text[]) AS k(force_code, custody_ref) CROSS JOIN LATERAL "
    "(SELECT id, force_code, custody_ref, row_hash FROM {record} "
    "WHERE force_code = k.force_code AND custody_ref = k.custody_ref OFFSET 0) r"
).format(**_TABLES)

# The children holding the batch's PNC IDs, through the unique index of the PNC IDs given (``<> ''``
# lets PostgreSQL use that partial index, so it knows a probe finds one child at most: statistics
# saying most children have no PNC ID would otherwise make each probe a scan).
CHILDREN_BY_PNC_ID = sql.SQL(
    "SELECT c.pnc_id, c.id FROM unnest(%s::text[]) AS k(pnc_id) CROSS JOIN LATERAL "
    "(SELECT pnc_id, id FROM {child} WHERE pnc_id = k.pnc_id AND pnc_id <> '' OFFSET 0) c"
).format(**_TABLES)

# The names of the children born on the batch's birthdays, a day at a time through the
# date_of_birth index (without statistics, ``= ANY(every day)`` reads as most of the table, and is
# planned as a scan), then their aliases: the few aliases of every child, joined as the planner sees
# fit (at worst read whole: a small table).
CHILDREN_AND_ALIASES_BORN_ON = sql.SQL(
    "WITH born AS MATERIALIZED (SELECT c.id, c.date_of_birth, c.surname, c.forenames "
    "FROM unnest(%s::date[]) AS d(day) CROSS JOIN LATERAL "
    "(SELECT id, date_of_birth, surname, forenames FROM {child} WHERE date_of_birth = d.day OFFSET 0) c) "
    "SELECT id, date_of_birth, surname, forenames FROM born UNION ALL "
    "SELECT a.child_id, b.date_of_birth, a.surname, a.forenames FROM born b JOIN {alias} a ON a.child_id = b.id"
).format(**_TABLES)

# The children changed since a time (the updated_at index: the newest values, which PostgreSQL
# reads from the index itself rather than from statistics), but the children the ingest made
# itself (runs of ids, first and last) and left unchanged since: known already, and most of what
# changed.
CHILDREN_CHANGED_SINCE = sql.SQL(
    "SELECT id, date_of_birth, surname, forenames FROM {child} c WHERE updated_at >= %s "
    "AND (updated_at <> created_at OR NOT EXISTS "
    "(SELECT FROM unnest(%s::bigint[], %s::bigint[]) AS made(first, last) WHERE c.id BETWEEN made.first AND made.last))"
).format(**_TABLES)


def as_text(query: sql.Composable) -> str:
    """The query as text (Django's cursor wrappers log and slice it)."""
    connection.ensure_connection()
    return query.as_string(connection.connection)


def fetch(query: sql.Composable, params: Sequence) -> list[tuple]:
    """The rows as the driver gives them, without the model layer (up to every child)."""
    with connection.cursor() as cursor:
        cursor.execute(as_text(query), params)
        return cursor.fetchall()
