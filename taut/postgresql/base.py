"""Django's PostgreSQL backend, reading timestamps with psycopg's compiled loader.

Django (5.2) reads every `timestamptz` through a loader derived from psycopg's pure-Python
one, which parses the text and then sets the connection's zone on the result. So even with
psycopg-binary installed each timestamp is parsed in Python: about 2.3 µs a value against
0.1 µs, 1.4 ms of the 600 timestamps of a week's calendar for two clinicians (measured for
issue 18). It is reported as Django ticket #36960 (psycopg issue #1273: the compiled loader
cannot be subclassed).

When Django's connection zone is UTC (USE_TZ with no TIME_ZONE in DATABASES, as Taut runs),
Django sets the session's TimeZone to UTC when it connects, and psycopg's own loader then
returns each timestamp in UTC with `datetime.timezone.utc`: the value Django's loader returns.
This backend registers that loader on each new connection; in any other zone it leaves
Django's in place. Nothing in Taut changes the session's zone: a `SET TIME ZONE` would make
this loader return the right instants in that zone, and Django's the wrong ones in UTC.
"""

import datetime

import psycopg
from django.db.backends.postgresql import base
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid
# psycopg's fastest loader for the type: the compiled one when psycopg-binary (or psycopg-c)
# is installed, else the Python one, which gives the same values.
FASTEST = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)


class UtcLoader(TimestamptzLoader):
    """psycopg's fastest timestamptz loader, in the shape Django checks: Django compares
    `timezone` with its connection's on each new cursor and registers its own loader if they
    differ. The compiled loader is final, so it is wrapped: its `load` replaces this one's."""

    timezone = datetime.UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self.load = FASTEST(oid, context).load


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if self.timezone is datetime.UTC:  # None without USE_TZ
            connection.adapters.register_loader(TIMESTAMPTZ, UtcLoader)
        return connection
