"""A clinic's settings, fee schedule, NPIs, normal values, patients' insurance and invoices keep
every version (django-simple-history): who changed what, when, and what it was before."""

from decimal import Decimal

from taut.clinics.history import BEFORE_HISTORY
from taut.clinics.versions import save_versioned
from taut.exams.models import RomNorm
from taut.invoices.models import BillingSettings, ClinicianBilling, Coverage, Service
from tests.base import ClinicTestCase


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

    def test_a_row_from_before_history_keeps_its_first_version_when_changed(self):
        coverage = Coverage.objects.create(clinic=self.clinic, patient=self.patient,
                                           payer_name="Blue Harbor", member_id="X1")  # fmt: skip
        coverage.history.all().delete()  # as if saved before Coverage kept history
        coverage.member_id = "X2"
        save_versioned(coverage, based_on=coverage.version)
        latest, first = coverage.history.all()[:2]
        assert (latest.member_id, first.member_id) == ("X2", "X1")
        assert first.history_change_reason == BEFORE_HISTORY
