"""Writing many rows at once, skipping those a unique constraint already holds.

On PostgreSQL the rows are streamed with COPY into a temporary table and moved with one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING``: no model instance per row and no statement of
tens of thousands of parameters, which is what makes a fan-out to 10,000 people quick. Elsewhere it
is ``bulk_create(ignore_conflicts=True)``.
"""

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction


def rows_insert_new(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples of values in the order of ``fields``; JSON fields as JSON text)
    into ``model``'s table; a row a unique constraint already holds is skipped. Returns the number
    of rows given."""
    rows = list(rows)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model_fields = [model._meta.get_field(name) for name in fields]
        objects = [
            model(**{
                field.attname: json.loads(value) if isinstance(field, models.JSONField) else value
                for field, value in zip(model_fields, row, strict=True)
            })
            for row in rows
        ]  # fmt: skip
        model.objects.bulk_create(objects, batch_size=1000, ignore_conflicts=True)
        return len(rows)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    temporary = quote(f"new_{model._meta.db_table}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "  # noqa: S608 - names, not data
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {temporary} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {temporary} "  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )
        cursor.execute(f"DROP TABLE {temporary}")
    return len(rows)
