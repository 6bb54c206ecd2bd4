"""`SecondsBetween`: the seconds from one datetime to another, in the database's own SQL.

Django subtracts datetimes on SQLite with a function it registers on its own connections
(`django_timestamp_diff`). A CHECK constraint written with it cannot be evaluated by any other
connection: `PRAGMA integrity_check`, which a backup is put through before it is loaded
(taut.backups.engines), fails with "unknown function". This uses SQLite's `strftime('%s')`
instead, and `EXTRACT(EPOCH ...)` on PostgreSQL.

PostgreSQL's is exact. SQLite's `%s` drops each time's fraction of a second, so there the
difference of whole seconds is less than a second off the true one, either way.

    LessThanOrEqual(SecondsBetween(F("starts_at"), F("ends_at")), 8 * 3600)
"""

from django.db import models


class SecondsBetween(models.Func):
    output_field = models.IntegerField()

    def __init__(self, start, end, **extra):
        super().__init__(start, end, **extra)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        (start, start_params), (end, end_params) = self.compiled(compiler)
        sql = f"EXTRACT(EPOCH FROM ({end} - {start}))"
        return sql, (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra):
        (start, start_params), (end, end_params) = self.compiled(compiler)
        sql = (
            f"(CAST(strftime('%%s', {end}) AS integer) - CAST(strftime('%%s', {start}) AS integer))"
        )
        return sql, (*end_params, *start_params)

    def compiled(self, compiler):
        return [compiler.compile(e) for e in self.get_source_expressions()]
