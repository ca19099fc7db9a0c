"""Bulk writes with PostgreSQL COPY: several times faster than INSERT for thousands of rows.

Used where one operation writes tens of thousands of rows (a custody extract's records and
the children it brings, their search keys, the demo data at scale). Rows are written as
given: model defaults, ``auto_now`` and ``save()`` are not applied, so callers pass every
column a row needs.
"""

import re
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model
from psycopg import sql


def copy_rows(model: type[Model], columns: Sequence[str], values: Iterable[Sequence], *, binary: bool = False) -> None:
    """Write ``values`` (one sequence per row, in ``columns`` order) into the model's table.

    ``binary``: in PostgreSQL's binary format, each value dumped as its column's type says (a
    JSON column then takes the Python value itself, not its text): a few times less Python
    work per row than the text format, which looks up how to dump every value by its type."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(" (FORMAT BINARY)" if binary else ""),
    )
    connection.ensure_connection()
    # As text: Django's cursor wrapper logs and slices the statement.
    with connection.cursor() as cursor, cursor.copy(statement.as_string(connection.connection)) as copy:
        if binary:
            copy.set_types(column_types(model, columns))
        write_row = copy.write_row
        for row in values:
            write_row(row)


def column_types(model: type[Model], columns: Sequence[str]) -> list[str]:
    """The PostgreSQL type of each column, as psycopg names types ("varchar", "varchar[]")."""
    fields = {model_field.column: model_field for model_field in model._meta.concrete_fields}
    # "varchar(40)[]" is a "varchar[]": the length is the column's, not the value's.
    return [re.sub(r"\([\d, ]*\)", "", fields[column].db_type(connection)) for column in columns]


def next_ids(model: type[Model], count: int) -> list[int]:
    """``count`` new ids from the model's id sequence, for rows written with ``copy_rows``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


class IdReserve:
    """New ids of a model, taken from its sequence ``block`` at a time for rows written with
    ``copy_rows``: one round trip for many batches. Ids taken and not used are left as gaps,
    as a rolled-back insert leaves them."""

    def __init__(self, model: type[Model], block: int) -> None:
        self.model = model
        self.block = block
        self._ids: list[int] = []

    def take(self, count: int) -> list[int]:
        if count > len(self._ids):
            self._ids += next_ids(self.model, max(self.block, count - len(self._ids)))
        taken, self._ids = self._ids[:count], self._ids[count:]
        return taken
