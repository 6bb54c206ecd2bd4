"""Refunds of payments and credit notes against issued invoices: the front desk's pages to
give money back or lower what an invoice asks, and the printable credit note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.invoices import corrections, payments
from taut.invoices.forms import CreditNoteForm, RefundForm
from taut.invoices.issuing import BillingError
from taut.invoices.models import CreditNote, Payment
from taut.invoices.money import rounded
from taut.invoices.setup import settings_for
from taut.invoices.views import for_change, invoices, page


def refund_page(request, invoice, payment, form, status=200):
    context = {"invoice": invoice, "payment": payment, "form": form,
               "left": corrections.refundable(payment),
               "refunds": list(payment.refunds.all())}  # fmt: skip
    return render(request, "invoices/refund.html", context, status=status)


@login_required
def refund(request, pk, payment):
    """Give back all or part of one payment: the form, then the refund."""
    invoice = for_change(request, pk)
    payment = access.get_for(request, Payment.objects.filter(invoice=invoice), pk=payment)
    if request.method != "POST":
        left = corrections.refundable(payment)
        initial = {"amount": rounded(left, invoice.currency), "method": payment.method,
                   "refunded_on": timezone.localdate()}  # fmt: skip
        return refund_page(request, invoice, payment, RefundForm(initial=initial))
    form = RefundForm(request.POST)
    if not form.is_valid():
        return refund_page(request, invoice, payment, form, status=400)
    try:
        made = corrections.refund(payment.pk, request.clinic, request.user, **form.cleaned_data)
    except BillingError as refused:
        form.add_error(None, str(refused))
        return refund_page(request, invoice, payment, form, status=400)
    detail = {"invoice": invoice.number, "payment": payment.pk, "amount": str(made.amount)}
    log.record(request, Action.CREATE, made, detail=detail)
    messages.success(request, "Refund recorded.")
    return redirect("invoices:receipt", pk=invoice.pk, payment=payment.pk)


@login_required
@require_POST
def credit(request, pk):
    """A credit note against an issued invoice."""
    invoice = for_change(request, pk)
    form = CreditNoteForm(request.POST)
    if not form.is_valid():
        return page(request, invoice, status=400, credit_form=form)
    try:
        note = corrections.credit(invoice.pk, request.clinic, request.user, **form.cleaned_data)
    except BillingError as refused:
        form.add_error(None, str(refused))
        return page(request, invoice, status=400, credit_form=form)
    detail = {"invoice": invoice.number, "credit_note": note.number, "amount": str(note.amount)}
    log.record(request, Action.CREATE, note, detail=detail)
    messages.success(request, f"Credit note CN-{note.number} issued.")
    return redirect("invoices:credit_note", pk=invoice.pk, note=note.pk)


@login_required
def credit_note(request, pk, note):
    """A printable credit note."""
    access.require(request, Capability.SEE_BILLING)
    invoice = access.get_for(request, invoices(), pk=pk)
    note = access.get_for(
        request, CreditNote.objects.filter(invoice=invoice).select_related("issued_by"), pk=note
    )
    context = {"invoice": invoice, "note": note, "billing": settings_for(request.clinic),
               "balance": payments.balance(invoice)}  # fmt: skip
    return render(request, "invoices/credit_note.html", context)
