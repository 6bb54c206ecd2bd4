"""Grace Hopper's visit: needling of the neck, soft tissue work and exercises; the clinic's
fee schedule in US dollars; alice's NPI; bob at the front desk takes the money."""

from datetime import UTC, datetime
from decimal import Decimal

from taut.invoices.models import ClinicianBilling, Coverage
from taut.invoices.setup import add_known_services, settings_for
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session

FEES = {"20560": "60.00", "20561": "85.00", "97140": "35.00", "97110": "32.50",
        "97161": "120.00", "97162": "140.00", "97163": "160.00", "97164": "90.00"}  # fmt: skip
VISIT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


class InvoiceTestCase(SessionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        settings_for(cls.clinic)
        add_known_services(cls.clinic, {c: Decimal(f) for c, f in FEES.items()})
        ClinicianBilling.objects.create(clinic=cls.clinic, clinician=cls.alice, npi="1234567893")
        cls.coverage = Coverage.objects.create(
            clinic=cls.clinic, patient=cls.patient, payer_name="Blue Harbor Health",
            payer_id="BH123", member_id="XJ-5551234", group_number="G-77",
        )  # fmt: skip
        cls.session = make_session(
            cls.episode, cls.alice, needled=["upper_trapezius", "levator_scapulae"],
            performed_at=VISIT, soft_tissue=["massage"], exercises="Chin tucks",
        )  # fmt: skip
