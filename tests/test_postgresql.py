"""Taut's PostgreSQL backend reads timestamps with psycopg's fastest loader and returns what
Django's own loader returns (taut.postgresql.base)."""

import datetime
import unittest
import zoneinfo

from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.test import TestCase

from taut.patients.models import Patient
from tests.base import ClinicTestCase
from tests.factories import make_patient

if connection.vendor == "postgresql":
    from psycopg.pq import Format

    from taut.postgresql.base import FASTEST, TIMESTAMPTZ, DatabaseWrapper, UtcLoader

needs_postgresql = unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL backend")

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")
# Instants whose text has every shape PostgreSQL writes: whole seconds, microseconds, the ends
# of summer time in Paris, a half-hour zone, and years of one and four digits.
INSTANTS = [
    datetime.datetime(2026, 12, 4, 9, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=PARIS),
    datetime.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS),
    datetime.datetime(2025, 6, 1, 23, 45, 0, 120, tzinfo=KOLKATA),
    datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC),
    datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
]


def instant(value: datetime.datetime) -> datetime.timedelta:
    """The moment, exactly: ambiguous local times never compare equal across zones (PEP 495)."""
    return value - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def read(cursor, instants=INSTANTS) -> list:
    cursor.execute(
        "SELECT v FROM unnest(%s::timestamptz[]) WITH ORDINALITY AS t(v, n) ORDER BY n",
        [instants],
    )
    return [v for (v,) in cursor.fetchall()]


@needs_postgresql
class LoaderTests(TestCase):
    def test_a_cursor_reads_timestamps_with_the_fastest_loader(self):
        with connection.cursor() as cursor:
            self.assertIs(cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT), UtcLoader)
            loader = UtcLoader(TIMESTAMPTZ, cursor.cursor)
            self.assertIsInstance(loader.load.__self__, FASTEST)
        # psycopg[binary] is what Taut installs; its loader is the compiled one.
        self.assertEqual(FASTEST.__module__, "psycopg_binary._psycopg")

    def test_the_same_values_as_djangos_loader(self):
        with connection.cursor() as cursor:
            ours = read(cursor)
        with connection.cursor() as cursor:
            register_tzloader(datetime.UTC, cursor.cursor)  # Django's own, on this cursor
            theirs = read(cursor)
        self.assertEqual([instant(v) for v in ours], [instant(v) for v in INSTANTS])
        self.assertEqual(
            [(v.isoformat(), v.tzinfo) for v in ours], [(v.isoformat(), v.tzinfo) for v in theirs]
        )
        self.assertTrue(all(v.tzinfo is datetime.UTC for v in ours))

    def test_a_null_stays_none(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT NULL::timestamptz")
            self.assertEqual(cursor.fetchone(), (None,))


@needs_postgresql
class ModelTests(ClinicTestCase):
    def test_a_saved_instant_reads_back_in_utc(self):
        patient = make_patient(self.clinic, "Ada", "Lovelace")
        written = datetime.datetime(2026, 10, 25, 2, 30, 15, 250, fold=1, tzinfo=PARIS)
        Patient.objects.filter(pk=patient.pk).update(archived_at=written)
        archived_at = Patient.objects.values_list("archived_at", flat=True).get(pk=patient.pk)
        self.assertEqual(instant(archived_at), instant(written))
        self.assertIs(archived_at.tzinfo, datetime.UTC)
        self.assertEqual(archived_at.isoformat(), "2026-10-25T01:30:15.000250+00:00")


@needs_postgresql
class OtherZoneTests(TestCase):
    """A connection in a zone other than UTC keeps Django's loader, which sets that zone."""

    def test_djangos_loader_stays(self):
        settings = {**connection.settings_dict, "TIME_ZONE": "Europe/Paris"}
        other = DatabaseWrapper(settings, alias="paris")
        try:
            with other.cursor() as cursor:
                # on the connection (else Django would register its own again on each cursor)
                on_connection = other.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
                self.assertIsNot(on_connection, UtcLoader)
                loader = cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
                self.assertIsNot(loader, UtcLoader)
                self.assertEqual(loader.timezone, PARIS)
                # (not year 9999's last second: in Paris that is year 10000, beyond Python)
                [first] = read(cursor, INSTANTS[:1])
            self.assertEqual(instant(first), instant(INSTANTS[0]))
            self.assertEqual(first.tzinfo, PARIS)
        finally:
            other.close()
