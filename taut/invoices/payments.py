"""Payments against issued invoices, and what is still owed once refunds and credit notes
are counted."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Case, F, Sum, Value, When
from django.utils import timezone

from taut.invoices.issuing import BillingError
from taut.invoices.models import Invoice, Method, Payment, Status
from taut.invoices.money import ZERO, money, rounded


def summed(rows) -> Decimal:
    return rows.aggregate(s=Sum("amount"))["s"] or ZERO


def paid(invoice) -> Decimal:
    """Money kept on the invoice: payments received less what was refunded of them."""
    return summed(invoice.payments) - summed(invoice.refunds)


def credited(invoice) -> Decimal:
    return summed(invoice.credit_notes)


def balance(invoice) -> Decimal:
    """What is still owed on an issued invoice (0 for a draft or a void one): its total less
    its credit notes and the money kept on it."""
    if invoice.status != Status.ISSUED:
        return ZERO
    return invoice.total - credited(invoice) - paid(invoice)


def keep_balance(invoice) -> None:
    """Store `invoice`'s balance (Invoice.balance), worked out again from its rows; called
    under the invoice's lock, after a change to its status, payments, refunds or credits."""
    invoice.balance = balance(invoice)
    Invoice.objects.filter(pk=invoice.pk).update(balance=invoice.balance)


def wrong_balances(invoices):
    """Those of `invoices` whose stored balance is not what their rows work out to: none, as
    long as every change goes through this module, corrections and issuing (a process of a
    version from before the balance was stored, say, could leave some)."""
    from taut.invoices.reports import with_paid  # it reads this module's models too

    owed = Case(When(status=Status.ISSUED, then=F("owed")), default=Value(ZERO))
    return with_paid(invoices).annotate(due=owed).exclude(balance=F("due"))


def store_balances_again(invoices) -> int:
    """Store again, each under its lock as a payment does, the balance of those of `invoices`
    whose stored balance is wrong; how many."""
    count = 0
    for pk in wrong_balances(invoices).values_list("pk", flat=True).iterator():
        with transaction.atomic():
            keep_balance(Invoice.objects.select_for_update().get(pk=pk))
        count += 1
    return count


def needs_reference(method: str, reference: str) -> bool:
    """A card or insurer movement is traced by its terminal slip, claim or remittance number."""
    return method in (Method.CARD, Method.INSURER) and not reference


def record(invoice_id: int, clinic, user, *, amount, method, reference="", received_on=None):
    """Record money received; never more than the balance."""
    reference = reference.strip()
    if needs_reference(method, reference):
        raise BillingError("Give the card slip or the insurer's claim or remittance reference.")
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id, clinic=clinic)
        if invoice.status != Status.ISSUED:
            raise BillingError("Payments are taken on issued invoices only.")
        amount = rounded(Decimal(amount), invoice.currency)
        if amount <= 0:
            raise BillingError("Enter an amount above zero.")
        owed = balance(invoice)
        if amount > owed:
            country = invoice.clinic.country
            raise BillingError(
                f"That is more than the {money(owed, invoice.currency, country)} still owed."
            )
        payment = Payment.objects.create(
            clinic=clinic, invoice=invoice, patient_id=invoice.patient_id, amount=amount,
            method=method, reference=reference[:80],
            received_on=received_on or timezone.localdate(), recorded_by=user,
        )  # fmt: skip
        keep_balance(invoice)
        return payment
