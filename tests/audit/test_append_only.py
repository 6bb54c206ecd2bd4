"""Tampering with the audit table as the app's own database role is refused (PostgreSQL).

The app's role gets exactly the grants `taut audit grants` prints. A second role that was
(wrongly) granted everything on the table is still stopped by the append-only trigger, and
neither role can drop or disable the trigger, since neither owns the table.
"""

from io import StringIO
from unittest import skipUnless

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from taut.audit import log
from taut.audit.actions import Action
from taut.audit.grants import grants_sql
from taut.audit.models import AuditEntry
from tests.base import ClinicTestCase

TABLE = AuditEntry._meta.db_table
TAMPERING = {
    "update": f"UPDATE {TABLE} SET username = 'mallory'",
    "delete": f"DELETE FROM {TABLE}",
    "truncate": f"TRUNCATE {TABLE}",
    "drop the trigger": f"DROP TRIGGER audit_entry_append_only ON {TABLE}",
    "disable the trigger": f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL",
    "drop the table": f"DROP TABLE {TABLE} CASCADE",
}


def as_role(role: str, sql: str) -> str | None:
    """Run `sql` as `role`; the database's refusal, or None if it was done."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute(sql)
    except DatabaseError as error:
        return str(error)
    return None


@skipUnless(connection.vendor == "postgresql", "the trigger and the grants are PostgreSQL's")
class AppendOnlyTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for _ in range(3):
            log.record(None, Action.VIEW, cls.patient, user=cls.alice)
        with connection.cursor() as cursor:
            # Roles are created inside the test's transaction, and vanish with it.
            cursor.execute("CREATE ROLE taut_app_test NOSUPERUSER NOLOGIN")
            cursor.execute(grants_sql("taut_app_test"))
            cursor.execute("CREATE ROLE taut_careless_test NOSUPERUSER NOLOGIN")
            cursor.execute(grants_sql("taut_careless_test"))
            cursor.execute(f"GRANT ALL ON {TABLE} TO taut_careless_test")

    def test_the_apps_role_can_read_and_append(self):
        assert as_role("taut_app_test", f"SELECT count(*) FROM {TABLE}") is None
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL ROLE taut_app_test")
            log.record(None, Action.VIEW, self.patient, user=self.bob)
        call_command("audit", "verify", stdout=StringIO())

    def test_the_apps_role_cannot_change_or_remove_entries(self):
        for what, sql in TAMPERING.items():
            refusal = as_role("taut_app_test", sql)
            assert refusal is not None, f"the app's role could {what}"
        assert AuditEntry.objects.count() == 3
        assert set(AuditEntry.objects.values_list("username", flat=True)) == {"alice"}

    def test_even_a_role_granted_everything_is_stopped_by_the_trigger(self):
        for what in ("update", "delete", "truncate"):
            refusal = as_role("taut_careless_test", TAMPERING[what])
            assert refusal is not None and "append-only" in refusal, what
        for what in ("drop the trigger", "disable the trigger", "drop the table"):
            assert "must be owner" in as_role("taut_careless_test", TAMPERING[what]), what
        call_command("audit", "verify", stdout=StringIO())


class GrantsCommandTests(ClinicTestCase):
    def test_it_prints_the_grants_for_a_role(self):
        out = StringIO()
        call_command("audit", "grants", "taut_app", stdout=out)
        assert f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {TABLE}" in out.getvalue()

    def test_it_refuses_a_role_name_that_is_not_plain(self):
        with pytest.raises(CommandError, match="not a plain PostgreSQL role name"):
            call_command("audit", "grants", "app; DROP TABLE x", stdout=StringIO())
