"""A clinic's settings, fee schedule, NPIs, normal values, patients' insurance and invoices keep
every version (django-simple-history): who changed what, when, and what it was before."""

from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from taut.clinics.history_start import REASON
from taut.exams.models import RomNorm
from taut.invoices.models import BillingSettings, ClinicianBilling, Coverage, Service
from tests.base import ClinicTestCase
from tests.factories import make_clinic, make_patient


class SettingsHistoryTests(ClinicTestCase):
    def test_each_change_keeps_the_version_before_it(self):
        records = [
            (BillingSettings.objects.create(clinic=self.clinic), "tax_label", "VAT"),
            (Service.objects.create(clinic=self.clinic, code="20560", description="Needling, "
                                    "one or two muscles", fee=Decimal("60")), "fee", Decimal("65")),
            (ClinicianBilling.objects.create(clinic=self.clinic, clinician=self.alice,
                                             npi="1234567893"), "credentials", "DPT"),
            (Coverage.objects.create(clinic=self.clinic, patient=self.patient,
                                     payer_name="Blue Harbor", member_id="X1"), "member_id", "X2"),
            (RomNorm.objects.create(clinic=self.clinic, movement="neck_rotation", degrees=80,
                                    source="38 CFR 4.71a"), "degrees", 75),
        ]  # fmt: skip
        for record, name, value in records:
            old = getattr(record, name)
            setattr(record, name, value)
            record.save()
            latest, first = record.history.all()[:2]
            assert getattr(latest, name) == value and latest.history_type == "~", name
            assert getattr(first, name) == old and first.history_type == "+", name

    def test_a_reverted_normal_value_keeps_its_last_version(self):
        norm = RomNorm.objects.create(clinic=self.clinic, movement="neck_rotation", degrees=75,
                                      source="our own measurements")  # fmt: skip
        pk = norm.pk
        norm.delete()
        last = RomNorm.history.filter(id=pk).first()
        assert (last.history_type, last.degrees) == ("-", 75)


CLINICS_BEFORE = ("clinics", "0006_merge_0003_calendar_grid_0005_merge_20261202_1507")


class HistoryStartsWithTheRowsAlreadyThereTests(TransactionTestCase):
    """The migrations that turn history on write each existing row's state as its first entry,
    so the first change afterwards still shows what the row was."""

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def test_existing_rows_get_a_first_entry(self):
        try:
            clinic = make_clinic("Northside")
            patient = make_patient(clinic, "Grace", "Hopper")
            old = self.migrate([("invoices", "0003_clinician_npi_version"), CLINICS_BEFORE])
            old.get_model("invoices", "Coverage").objects.create(
                clinic_id=clinic.pk, patient_id=patient.pk, payer_name="Blue Harbor",
                member_id="X1", relationship="self", version=1,
            )  # fmt: skip
            self.migrate([("invoices", "0004_billing_history"), ("clinics", "0007_clinic_history")])
        finally:
            self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        coverage = Coverage.objects.get()
        (first,) = coverage.history.all()
        assert (first.member_id, first.history_type, first.history_change_reason) == (
            "X1", "+", REASON)  # fmt: skip
        (clinic_first,) = clinic.history.all()
        assert clinic_first.name == "Northside" and clinic_first.history_change_reason == REASON
