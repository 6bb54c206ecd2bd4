"""Issuing an invoice with the clinic's next number, and voiding one (with a new draft to
re-issue). Numbers are per clinic, gap-free and never reused: the number is taken in the
transaction that issues, so a failed issue gives its number back by rolling back."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from taut.invoices.models import Invoice, InvoiceLine, InvoiceSequence, Status
from taut.invoices.money import ZERO
from taut.invoices.pricing import reprice
from taut.invoices.setup import settings_for


class BillingError(Exception):
    """What stops an invoice or payment, in words for the front desk."""


def next_number(clinic) -> int:
    """Bump and read the clinic's counter. The UPDATE locks the counter row on PostgreSQL
    until the transaction ends; on SQLite every transaction is BEGIN IMMEDIATE (settings.py)
    and holds the write lock from its start. Either way two issues never share a number."""
    settings_for(clinic)  # makes the counter row on a clinic's first invoice
    InvoiceSequence.objects.filter(clinic=clinic).update(last_number=F("last_number") + 1)
    return InvoiceSequence.objects.get(clinic=clinic).last_number


def issue(invoice_id: int, clinic, user) -> Invoice:
    """Price the draft once more and give it the next number; refuse what cannot be billed."""
    with transaction.atomic():
        number = next_number(clinic)  # first: the lock orders concurrent issues
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id, clinic=clinic)
        if invoice.status != Status.DRAFT:
            raise BillingError(f"This invoice was already {invoice.get_status_display().lower()}.")
        priced = reprice(invoice, settings_for(clinic))
        lines = list(invoice.lines.all())
        if not lines:
            raise BillingError("Add at least one service before issuing.")
        blocking = [w for w in priced.warnings if "enter the minutes" in w or "earn no unit" in w]
        if blocking:
            raise BillingError(" ".join(blocking))
        invoice.status, invoice.number = Status.ISSUED, number
        invoice.issued_at, invoice.version = timezone.now(), invoice.version + 1
        invoice.balance = invoice.total  # nothing paid or credited yet
        invoice.save(update_fields=["status", "number", "issued_at", "version", "balance"])
    return invoice


def void(invoice_id: int, clinic, user, reason: str) -> Invoice:
    """Void an issued invoice that keeps no money and has no credit note, and return a new
    draft with its lines to correct and issue under a new number. The void one keeps its
    number."""
    reason = reason.strip()
    if not reason:
        raise BillingError("Say why the invoice is voided.")
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id, clinic=clinic)
        if invoice.status != Status.ISSUED:
            raise BillingError("Only an issued invoice can be voided.")
        from taut.invoices.corrections import why_not_void  # it needs BillingError from here

        refused = why_not_void(invoice)
        if refused:
            raise BillingError(refused)
        invoice.status, invoice.voided_at = Status.VOID, timezone.now()
        invoice.void_reason, invoice.version = reason[:200], invoice.version + 1
        invoice.balance = ZERO  # a void invoice asks nothing
        invoice.save(update_fields=["status", "voided_at", "void_reason", "version", "balance"])
        lines = list(invoice.lines.all())
        invoice_id = invoice.pk
        draft = invoice
        draft.pk = draft.id = None
        draft._state.adding = True
        draft.status, draft.number, draft.issued_at = Status.DRAFT, None, None
        draft.voided_at, draft.void_reason, draft.version = None, "", 1
        draft.replaces_id, draft.created_by, draft.created_at = invoice_id, user, timezone.now()
        draft.save()
        for line in lines:
            line.pk, line.invoice = None, draft
        InvoiceLine.objects.bulk_create(lines)
    return draft
