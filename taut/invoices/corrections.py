"""Putting an issued invoice right without touching it: a refund gives back money paid, a
credit note lowers what the invoice asks. Both are new rows, numbered or dated, never edited
or deleted; the invoice's balance is its total less its credits less the money it keeps.

The rules, an engineering choice after how Jane and Cliniko keep the books:
- a refund is of one payment, and never more than is left of that payment;
- a credit note is never more than is still owed, so a balance never goes below zero; to
  credit money already paid, refund it first, then credit the balance that reopens;
- an invoice that keeps money, or has a credit note, is not voided: its money is refunded
  first (then it may be voided and re-issued), or it is corrected by a credit note.
Each one locks the invoice's row (SELECT ... FOR UPDATE; SQLite writes one at a time), so two
refunds or a refund and a payment at once are checked one after the other."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from taut.invoices.issuing import BillingError
from taut.invoices.models import CreditNote, Invoice, InvoiceSequence, Payment, Refund, Status
from taut.invoices.money import money, rounded
from taut.invoices.payments import balance, keep_balance, needs_reference, summed
from taut.invoices.setup import settings_for


def amount_of(value, currency: str) -> Decimal:
    try:
        amount = rounded(Decimal(value), currency)
    except (InvalidOperation, TypeError, ValueError):
        raise BillingError("Enter an amount, such as 25.00.") from None
    if not amount.is_finite() or amount <= 0:
        raise BillingError("Enter an amount above zero.")
    return amount


def said(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise BillingError(f"Say why {what}.")
    return text[:200]


def refundable(payment: Payment) -> Decimal:
    """What is left of a payment to give back."""
    return payment.amount - summed(payment.refunds)


def refund(payment_id: int, clinic, user, *, amount, method, reason, reference="",
           refunded_on=None) -> Refund:  # fmt: skip
    """Give back all or part of a payment."""
    reason, reference = said(reason, "the money is given back"), reference.strip()
    if needs_reference(method, reference):
        raise BillingError("Give the card terminal's refund slip or the insurer's reference.")
    refunded_on = refunded_on or timezone.localdate()
    with transaction.atomic():
        payment = Payment.objects.get(pk=payment_id, clinic=clinic)
        invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
        amount = amount_of(amount, invoice.currency)
        left = refundable(payment)
        if amount > left:
            shown = money(left, invoice.currency, invoice.clinic.country)
            raise BillingError(f"That is more than the {shown} left of this payment to give back.")
        if refunded_on < payment.received_on:
            raise BillingError("A refund cannot be dated before the payment it gives back.")
        given_back = Refund.objects.create(
            clinic=clinic, payment=payment, invoice=invoice, patient_id=invoice.patient_id,
            amount=amount, method=method, reference=reference[:80], reason=reason,
            refunded_on=refunded_on, recorded_by=user,
        )  # fmt: skip
        keep_balance(invoice)
        return given_back


def next_credit_number(clinic) -> int:
    """Bump and read the clinic's credit note counter (locked as next_number's is)."""
    settings_for(clinic)
    counter = InvoiceSequence.objects.filter(clinic=clinic)
    counter.update(last_credit_note=F("last_credit_note") + 1)
    return counter.get().last_credit_note


def credit(invoice_id: int, clinic, user, *, amount, reason) -> CreditNote:
    """A credit note against an issued invoice, up to what is still owed on it."""
    reason = said(reason, "the invoice is credited")
    with transaction.atomic():
        number = next_credit_number(clinic)  # first, as issuing does: one lock order
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id, clinic=clinic)
        if invoice.status != Status.ISSUED:
            raise BillingError("Credit notes are issued against issued invoices only.")
        amount = amount_of(amount, invoice.currency)
        owed = balance(invoice)
        if amount > owed:
            shown = money(owed, invoice.currency, invoice.clinic.country)
            raise BillingError(
                f"A credit note lowers what is still owed, {shown} now. To credit money "
                "already paid, refund that payment first, then credit the balance."
            )
        note = CreditNote.objects.create(
            clinic=clinic, invoice=invoice, patient_id=invoice.patient_id, number=number,
            amount=amount, reason=reason, issued_by=user,
        )  # fmt: skip
        keep_balance(invoice)
        return note


def why_not_void(invoice) -> str:
    """Why this issued invoice cannot be voided now, or "" if it can."""
    kept = summed(invoice.payments) - summed(invoice.refunds)
    if kept > 0:
        shown = money(kept, invoice.currency, invoice.clinic.country)
        return (
            f"{shown} paid on this invoice is kept by the clinic. Refund the payments first, "
            "then void it."
        )
    notes = list(invoice.credit_notes.values_list("number", flat=True))
    if notes:
        named = ", ".join(f"CN-{n}" for n in notes)
        return (
            f"Credit note {named} already corrects this invoice, so it stays issued: "
            "issue a further credit note for the rest of its balance."
        )
    return ""
