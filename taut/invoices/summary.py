"""Billing as seen from elsewhere: a patient's invoices and balance for the patient page, a
visit's invoice for the session page. Two or three queries each, whatever the history."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from taut.invoices.models import Invoice, Status
from taut.invoices.money import ZERO
from taut.invoices.reports import with_paid
from taut.treatment.models import TreatmentSession

SHOWN = 8  # latest invoices and visits to bill on the patient page; the billing pages list all


@dataclass
class PatientBilling:
    invoices: list  # latest first, with .owed
    balance: Decimal  # owed on all the patient's issued invoices
    to_bill: list  # the patient's latest visits with no live invoice
    currency_of: object  # an invoice for the money filter (clinic and currency)


def for_patient(patient) -> PatientBilling:
    """The patient's latest invoices, what they owe in all, and their visits not invoiced."""
    # By id: the patient's clinic is not read for it.
    theirs = with_paid(Invoice.objects.filter(clinic_id=patient.clinic_id, patient=patient))
    owed = theirs.filter(status=Status.ISSUED).aggregate(o=Sum("owed"))["o"] or ZERO
    latest = list(theirs.select_related("clinic")[:SHOWN])
    to_bill = (
        TreatmentSession.objects.filter(clinic_id=patient.clinic_id, patient=patient)
        .exclude(invoices__status__in=[Status.DRAFT, Status.ISSUED])
        .order_by("-performed_at")[:SHOWN]
    )
    return PatientBilling(latest, owed, list(to_bill), latest[0] if latest else None)


def for_session(session) -> Invoice | None:
    """The visit's live invoice (draft or issued) with .owed, or None."""
    live = with_paid(session.invoices.exclude(status=Status.VOID).select_related("clinic"))
    return live.first()
