"""Indexes for patient search on PostgreSQL (issue 18): trigram GIN indexes on the upper-cased
names and e-mail, which Django's icontains compares (UPPER(col::text) LIKE UPPER(%s)), and a
b-tree on the upper-cased chart number for its exact match, and the phone and birth date
that a word of digits or a date is also matched with. SQLite has no trigram index; the
same search runs there by scanning, with the same results."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM = ("given_name", "family_name", "preferred_name", "email")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM:
        schema_editor.execute(
            f"CREATE INDEX patient_{column}_trgm ON patients_patient "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )
    # A word of four digits or more is also looked for in the phone number, and a date in
    # the date of birth: without these every such search (a chart number C0001234 is one)
    # would read the whole table.
    schema_editor.execute(
        "CREATE INDEX patient_phone_trgm ON patients_patient USING gin (phone gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX patient_chart_number_upper ON patients_patient "
        "(clinic_id, (UPPER(chart_number::text)))"
    )
    schema_editor.execute(
        "CREATE INDEX patient_date_of_birth ON patients_patient (clinic_id, date_of_birth)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    others = ["patient_phone_trgm", "patient_chart_number_upper", "patient_date_of_birth"]
    for name in [f"patient_{c}_trgm" for c in TRIGRAM] + others:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("patients", "0002_patient_version_historicalpatient")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
