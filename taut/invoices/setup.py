"""A clinic's billing settings and fee schedule, created on first use."""

from django.db import IntegrityError, transaction

from taut.clinical.services import KNOWN
from taut.clinics.versions import set_versioned
from taut.invoices.models import (
    BillingSettings,
    ClinicianBilling,
    InvoiceSequence,
    Service,
    ServiceKind,
)
from taut.invoices.money import default_currency


def settings_for(clinic) -> BillingSettings:
    """The clinic's billing settings (its country's currency until an admin sets one)."""
    try:
        return clinic.billing
    except BillingSettings.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            made = BillingSettings.objects.create(
                clinic=clinic, currency=default_currency(clinic.country)
            )
            InvoiceSequence.objects.get_or_create(clinic=clinic)
    except IntegrityError:  # another request made them first
        made = BillingSettings.objects.get(clinic=clinic)
    clinic.billing = made
    return made


def add_known_services(clinic, fees: dict[str, object]) -> list[Service]:
    """Add Taut's known codes to the fee schedule at `fees` (code -> fee); codes already on
    the schedule keep their fee."""
    have = set(Service.objects.filter(clinic=clinic).values_list("code", flat=True))
    new = [
        Service(clinic=clinic, code=k.code, kind=ServiceKind.CPT, description=k.description,
                fee=fees[k.code], timed=k.timed, therapy=k.therapy)
        for k in KNOWN.values() if k.code in fees and k.code not in have
    ]  # fmt: skip
    return Service.objects.bulk_create(new)


def set_clinician_npi(clinic, clinician, npi: str, credentials: str, based_on: int):
    """Set `clinician`'s NPI at `clinic` if it is still as the admin's page showed it: at
    version `based_on`, or (0) none. Stale otherwise, with nothing written."""
    return set_versioned(
        ClinicianBilling, {"clinic": clinic, "clinician": clinician},
        {"npi": npi, "credentials": credentials}, based_on,
        gone=lambda: ClinicianBilling(clinic=clinic, clinician=clinician, version=0),
    )  # fmt: skip
