"""The demo clinic's money side: a fee schedule, its clinicians' NPIs and one patient's
insurance. The fees are invented for the demo; the NPI is CMS's own example number, which
passes the check digit but belongs to nobody."""

from decimal import Decimal

from taut.clinics.roles import Role
from taut.invoices.models import ClinicianBilling, Coverage
from taut.invoices.setup import add_known_services, settings_for
from taut.patients.models import Patient

DEMO_FEES = {"20560": "65.00", "20561": "90.00", "97140": "38.00", "97110": "34.00",
             "97161": "125.00", "97162": "145.00", "97163": "165.00", "97164": "95.00"}  # fmt: skip
EXAMPLE_NPI = "1234567893"  # CMS's worked example of the check digit


def seed(clinic) -> None:
    """Idempotent: what exists is left as it is."""
    billing = settings_for(clinic)
    if not billing.billing_npi:
        billing.billing_npi, billing.tax_id = EXAMPLE_NPI, "00-0000000"
        billing.save(update_fields=["billing_npi", "tax_id"])
    add_known_services(clinic, {code: Decimal(fee) for code, fee in DEMO_FEES.items()})
    for membership in clinic.memberships.filter(role=Role.CLINICIAN, is_active=True):
        ClinicianBilling.objects.get_or_create(
            clinic=clinic, clinician=membership.user,
            defaults={"npi": EXAMPLE_NPI, "credentials": "PT, DPT"},
        )  # fmt: skip
    patient = Patient.objects.filter(clinic=clinic).order_by("pk").first()
    if patient and not Coverage.objects.filter(clinic=clinic, patient=patient).exists():
        Coverage.objects.create(
            clinic=clinic, patient=patient, payer_name="Example Mutual (demo)",
            payer_id="00000", member_id="DEMO-0001", group_number="G-100",
        )  # fmt: skip
