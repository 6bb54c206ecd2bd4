"""Billing as seen from elsewhere: a patient's invoices and balance for the patient page, a
visit's invoice for the session page. A fixed number of plain queries each, whatever the
history: what is owed is each invoice's stored balance (Invoice.balance)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from taut.invoices.models import Invoice, Status
from taut.invoices.money import ZERO
from taut.treatment.models import TreatmentSession

SHOWN = 8  # latest invoices and visits to bill on the patient page; the billing pages list all


@dataclass
class PatientBilling:
    invoices: list  # latest first
    balance: Decimal  # owed on all the patient's issued invoices
    to_bill: list  # the patient's latest visits with no live invoice
    currency_of: object  # an invoice for the money filter (clinic and currency)


def for_patient(patient, clinic, *, with_visits: bool) -> PatientBilling:
    """The patient's latest invoices, what they owe in all, and (`with_visits`, for those who
    invoice) their visits not invoiced. `clinic` is the patient's, already read: the money
    filter wants its country, and joining the clinic row (logo and all) to each invoice cost
    more than the invoices (issue 18)."""
    theirs = Invoice.objects.filter(clinic=clinic, patient=patient)
    latest = list(theirs[:SHOWN])
    if len(latest) < SHOWN:  # all of them (a draft's or a void one's balance is 0)
        owed = sum((i.balance for i in latest), ZERO)
    else:
        owed = theirs.filter(status=Status.ISSUED).aggregate(s=Sum("balance"))["s"] or ZERO
    for invoice in latest:
        invoice.clinic = clinic
    to_bill = []
    if with_visits:
        to_bill = list(
            TreatmentSession.objects.filter(clinic=clinic, patient=patient)
            .exclude(invoices__status__in=[Status.DRAFT, Status.ISSUED])
            .order_by("-performed_at")
            .only("pk", "performed_at")[:SHOWN]
        )
    return PatientBilling(latest, owed, to_bill, latest[0] if latest else None)


def for_session(session, clinic) -> Invoice | None:
    """The visit's live invoice (draft or issued), or None; `clinic`, the visit's, for the
    money filter (not joined: see `for_patient`)."""
    live = session.invoices.exclude(status=Status.VOID).first()
    if live is not None:
        live.clinic = clinic
    return live
