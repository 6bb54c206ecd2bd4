"""Invoices: the front desk's list of visits to bill, a draft from a visit, editing and
issuing it, voiding, payments and receipts. Every lookup goes through the access layer."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.clinics.versions import CONFLICT, Stale, VersionOnly, claim
from taut.formsets import OUT_OF_DATE
from taut.invoices import home_html, issuing, payments
from taut.invoices.corrections import why_not_void
from taut.invoices.daybook import open_day
from taut.invoices.drafting import draft_from_session, line_for
from taut.invoices.forms import AddLineForm, CreditNoteForm, LineFormSet, PaymentForm, VoidForm
from taut.invoices.issuing import BillingError
from taut.invoices.models import Invoice, Payment, Status
from taut.invoices.money import ZERO, rounded
from taut.invoices.pricing import price, reprice
from taut.invoices.reports import figured
from taut.invoices.setup import settings_for
from taut.kb.catalog import GROUPS
from taut.scheduling.forms import clinicians_of
from taut.treatment.models import TreatmentSession

RECENT = 50  # invoices listed on the home page; the report covers any period


def invoices():
    return Invoice.objects.select_related("patient", "clinician", "coverage")


def for_change(request, pk) -> Invoice:
    access.require(request, Capability.TAKE_PAYMENTS)
    return access.get_for(request, invoices(), action=Action.CHANGE, pk=pk)


def chosen_day(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def home(request):
    """Today's (or ?day=) visits still to bill or pay, a page at a time and of one clinician
    or all, and the latest invoices."""
    access.require(request, Capability.SEE_BILLING)
    day = chosen_day(request)
    clinicians = list(clinicians_of(request.clinic).order_by("last_name", "first_name", "pk"))
    clinician = next((c for c in clinicians if str(c.pk) == request.GET.get("clinician")), None)
    # What the rows show, and their money summed by `settled`: `with_paid` took longer to
    # build than to run. The clinic (whose way amounts are written) is the request's, not
    # joined to each invoice (issue 18).
    shown = ("number", "service_date", "status", "total", "currency", "created_at",
             "patient__given_name", "patient__family_name")  # fmt: skip
    scoped = access.scoped(request, Invoice).select_related("patient").only(*shown)
    recent = figured(list(scoped[:RECENT]))
    for invoice in recent:
        invoice.clinic = request.clinic
    log.record(request, Action.LIST, None, detail={"billing": "invoices", "day": str(day)})
    book = open_day(request.clinic, day, clinician, request.GET)
    billing = settings_for(request.clinic)
    can_bill = Capability.TAKE_PAYMENTS in request.capabilities
    context = {"day": day, "book": book, "clinicians": clinicians, "recent": recent,
               "visit_rows": home_html.visit_rows(book.visits, request, billing, can_bill),
               "invoice_rows": home_html.invoice_rows(recent),
               "billing": billing}  # fmt: skip
    return render(request, "invoices/home.html", context)


@login_required
@require_POST
def from_session(request, session):
    """A draft invoice for a visit, or the visit's invoice when it has one already."""
    access.require(request, Capability.TAKE_PAYMENTS)
    # The front desk bills visits without reading their clinical content: only the clinic's
    # own sessions are looked up, and the invoice carries codes and counts, not findings.
    try:
        visit = TreatmentSession.objects.get(clinic=request.clinic, pk=int(session))
    except (TreatmentSession.DoesNotExist, ValueError):
        raise Http404("Not found") from None
    live = visit.invoices.exclude(status=Status.VOID).first()
    if live is not None:
        return redirect("invoices:detail", pk=live.pk)
    invoice, missing = draft_from_session(visit, request.user)
    log.record(request, Action.CREATE, invoice, detail={"from_session": visit.pk})
    if missing:
        messages.warning(request, f"Not on the fee schedule, so not added: {', '.join(missing)}.")
    return redirect("invoices:detail", pk=invoice.pk)


def page(request, invoice, status=200, conflict=None, **forms):
    """The invoice page; a form that did not validate shows with its errors."""
    billing = settings_for(request.clinic)
    lines = list(invoice.lines.all())
    priced = price(invoice, lines, billing) if invoice.is_draft else None
    can_take = Capability.TAKE_PAYMENTS in request.capabilities
    taken = list(invoice.payments.prefetch_related("refunds"))
    for payment in taken:
        payment.left = payment.amount - sum((r.amount for r in payment.refunds.all()), ZERO)
    context = {
        "invoice": invoice, "lines": lines, "priced": priced, "billing": billing,
        "payments": taken, "paid": payments.paid(invoice),
        "credit_notes": list(invoice.credit_notes.all()), "credited": payments.credited(invoice),
        "balance": payments.balance(invoice), "conflict": conflict,
        "editable": invoice.is_draft and can_take, "can_take": can_take,
    }  # fmt: skip
    if context["editable"]:
        context["formset"] = forms.get("formset") or LineFormSet(
            queryset=invoice.lines.select_related("invoice")
        )
        context["add_form"] = forms.get("add_form") or AddLineForm(clinic=request.clinic)
    if invoice.status == Status.ISSUED and can_take:
        amount_owed = rounded(context["balance"], invoice.currency)
        context["payment_form"] = forms.get("payment_form") or PaymentForm(
            initial={"amount": amount_owed, "received_on": timezone.localdate()}
        )
        context["credit_form"] = forms.get("credit_form") or CreditNoteForm()
        context["void_refused"] = why_not_void(invoice)
        context["void_form"] = forms.get("void_form") or VoidForm()
    return render(request, "invoices/detail.html", context, status=status)


@login_required
def detail(request, pk):
    access.require(request, Capability.SEE_BILLING)
    return page(request, access.get_for(request, invoices(), pk=pk))


@login_required
@require_POST
def lines_save(request, pk):
    """Save the draft's edited lines (and removals), then price it again; refused (409, the
    page as saved now and the lines as posted) when the draft changed since it was opened."""
    invoice = for_change(request, pk)
    if not invoice.is_draft:
        messages.error(request, "An issued invoice is not edited: void it and re-issue.")
        return redirect("invoices:detail", pk=invoice.pk)
    formset = LineFormSet(request.POST, queryset=invoice.lines.select_related("invoice"))
    version = VersionOnly(request.POST, record=invoice)
    if not version.is_valid():
        formset.is_valid()
        formset._non_form_errors = formset.error_class([OUT_OF_DATE])
        return page(request, invoice, status=400, formset=formset)
    if not formset.is_valid():
        return page(request, invoice, status=400, formset=formset)
    try:
        with transaction.atomic():
            claim(invoice, version.based_on)
            formset.save()
            reprice(invoice, settings_for(request.clinic))
    except Stale as stale:
        return page(request, stale.current, status=CONFLICT, conflict=posted_lines(formset))
    log.record(request, Action.CHANGE, invoice, detail={"lines": "saved"})
    messages.success(request, "Lines saved.")
    return redirect("invoices:detail", pk=invoice.pk)


def posted_lines(formset) -> list[str]:
    """The lines as a refused save posted them, in words, so that nothing typed is lost."""
    shown = []
    for form in formset.forms:
        data, line = form.cleaned_data, form.instance
        if data.get("DELETE"):
            shown.append(f"{line.code}: remove")
            continue
        count = f"{data['minutes']} minutes" if line.timed else f"{data['units']} unit(s)"
        region = f", {GROUPS[data['region']]}" if data.get("region") in GROUPS else ""
        shown.append(f"{line.code}: {count} at {data['unit_price']}{region} — "
                     f"{data['description']}")  # fmt: skip
    return shown


@login_required
@require_POST
def line_add(request, pk):
    invoice = for_change(request, pk)
    form = AddLineForm(request.POST, clinic=request.clinic)
    if not invoice.is_draft or not form.is_valid():
        if not invoice.is_draft:
            return redirect("invoices:detail", pk=invoice.pk)
        return page(request, invoice, status=400, add_form=form)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not locked.is_draft:  # issued (or voided) since it was read: its lines stand
            messages.error(request, "This invoice was issued meanwhile: no line was added.")
            return redirect("invoices:detail", pk=invoice.pk)
        # A new line changes the draft: a lines page opened before it is out of date.
        claim(invoice, locked.version)
        line = line_for(form.cleaned_data["service"])
        line.invoice = invoice
        line.save()
        reprice(invoice, settings_for(request.clinic))
    return redirect("invoices:detail", pk=invoice.pk)


@login_required
@require_POST
def issue(request, pk):
    invoice = for_change(request, pk)
    try:
        invoice = issuing.issue(invoice.pk, request.clinic, request.user)
    except BillingError as refused:
        messages.error(request, str(refused))
        return redirect("invoices:detail", pk=invoice.pk)
    log.record(request, Action.CHANGE, invoice, detail={"issued": invoice.number})
    messages.success(request, f"Invoice {invoice.number} issued.")
    return redirect("invoices:detail", pk=invoice.pk)


@login_required
@require_POST
def void(request, pk):
    invoice = for_change(request, pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        return page(request, invoice, status=400, void_form=form)
    try:
        draft = issuing.void(invoice.pk, request.clinic, request.user, form.cleaned_data["reason"])
    except BillingError as refused:
        messages.error(request, str(refused))
        return redirect("invoices:detail", pk=invoice.pk)
    log.record(request, Action.CHANGE, invoice, detail={"voided": invoice.number})
    log.record(request, Action.CREATE, draft, detail={"replaces": invoice.pk})
    messages.success(request, f"Invoice {invoice.number} voided; correct this draft and issue it.")
    return redirect("invoices:detail", pk=draft.pk)


@login_required
@require_POST
def pay(request, pk):
    invoice = for_change(request, pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return page(request, invoice, status=400, payment_form=form)
    try:
        payment = payments.record(invoice.pk, request.clinic, request.user, **form.cleaned_data)
    except BillingError as refused:
        form.add_error(None, str(refused))
        return page(request, invoice, status=400, payment_form=form)
    log.record(request, Action.CREATE, payment, detail={"invoice": invoice.number})
    messages.success(request, "Payment recorded.")
    return redirect("invoices:receipt", pk=invoice.pk, payment=payment.pk)


@login_required
def receipt(request, pk, payment):
    """A printable receipt for one payment."""
    access.require(request, Capability.SEE_BILLING)
    invoice = access.get_for(request, invoices(), pk=pk)
    payment = access.get_for(request, Payment.objects.filter(invoice=invoice), pk=payment)
    context = {"invoice": invoice, "payment": payment, "billing": settings_for(request.clinic),
               "refunds": list(payment.refunds.all()), "balance": payments.balance(invoice),
               "credited": payments.credited(invoice)}  # fmt: skip
    return render(request, "invoices/receipt.html", context)
