"""Billing as seen from elsewhere: a patient's invoices and balance for the patient page, a
visit's invoice for the session page. A fixed number of plain queries each, whatever the
history: the money is summed by `reports.settled`, whose one query of grouped sums costs less
to build than `reports.with_paid`'s annotated query for a few invoices."""

from dataclasses import dataclass
from decimal import Decimal

from taut.invoices.models import Invoice, Status
from taut.invoices.money import ZERO
from taut.invoices.reports import Settled, settled
from taut.treatment.models import TreatmentSession

NOTHING = Settled()
SHOWN = 8  # latest invoices and visits to bill on the patient page; the billing pages list all


@dataclass
class PatientBilling:
    invoices: list  # latest first, with .owed
    balance: Decimal  # owed on all the patient's issued invoices
    to_bill: list  # the patient's latest visits with no live invoice
    currency_of: object  # an invoice for the money filter (clinic and currency)


def for_patient(patient) -> PatientBilling:
    """The patient's latest invoices, what they owe in all, and their visits not invoiced.
    The money on the patient's invoices is summed by `settled`, not by `with_paid`'s
    annotated query, whose building cost more than a patient's few invoices (issue 18)."""
    # By id: the patient's clinic is not read for it.
    theirs = Invoice.objects.filter(clinic_id=patient.clinic_id, patient=patient)
    latest = list(theirs.select_related("clinic")[:SHOWN])
    issued = list(theirs.filter(status=Status.ISSUED).values_list("pk", "total"))
    figures = settled({i.pk for i in latest} | {pk for pk, _ in issued})
    owed = sum((figures.get(pk, NOTHING).owed(total) for pk, total in issued), ZERO)
    for invoice in latest:
        with_figures(invoice, figures.get(invoice.pk, NOTHING))
    to_bill = (
        TreatmentSession.objects.filter(clinic_id=patient.clinic_id, patient=patient)
        .exclude(invoices__status__in=[Status.DRAFT, Status.ISSUED])
        .order_by("-performed_at")[:SHOWN]
    )
    return PatientBilling(latest, owed, list(to_bill), latest[0] if latest else None)


def for_session(session) -> Invoice | None:
    """The visit's live invoice (draft or issued) with .owed, or None."""
    live = session.invoices.exclude(status=Status.VOID).select_related("clinic").first()
    if live is not None:
        with_figures(live, settled([live.pk]).get(live.pk, NOTHING))
    return live


def with_figures(invoice: Invoice, figures: Settled) -> Invoice:
    """`invoice` given the attributes `with_paid` annotates, from `figures`."""
    invoice.received, invoice.refunded = figures.received, figures.refunded
    invoice.credited, invoice.paid = figures.credited, figures.paid
    invoice.owed = figures.owed(invoice.total)
    return invoice
