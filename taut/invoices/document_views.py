"""Documents of the money side: the superbill PDF a patient sends to an insurer, and the
clinic's report of charges, payments and balances by period, as a page and as CSV."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.icd10.search import describe
from taut.invoices import downloads, payments
from taut.invoices.models import ClinicianBilling, Invoice, Status
from taut.invoices.reports import figured, period_invoices, period_report
from taut.invoices.setup import settings_for
from taut.paging import page_or_first
from taut.pdf.fonts import FAMILY
from taut.pdf.render import html_to_pdf

POINTERS = "ABCDEFGHIJKL"  # the claim form's twelve diagnosis pointers


@login_required
def superbill(request, pk):
    """An itemised statement of an issued invoice with everything an insurer's claim form
    asks for: provider and NPIs, patient and policy, ICD-10-CM and CPT codes, charges."""
    access.require(request, Capability.SEE_BILLING)
    invoice = access.get_for(
        request, Invoice.objects.filter(status=Status.ISSUED).select_related(
            "patient", "clinician", "coverage", "clinic"),
        action=Action.EXPORT, pk=pk,
    )  # fmt: skip
    labels = describe(invoice.diagnoses)
    diagnoses = [(POINTERS[i], code, labels.get(code, "")) for i, code in
                 enumerate(invoice.diagnoses[: len(POINTERS)])]  # fmt: skip
    credentials = ClinicianBilling.objects.filter(
        clinic=request.clinic, clinician=invoice.clinician
    ).first()
    context = {
        "invoice": invoice, "patient": invoice.patient, "coverage": invoice.coverage,
        "billing": settings_for(request.clinic), "diagnoses": diagnoses,
        "pointers": "".join(p for p, _, _ in diagnoses[:4]), "lines": invoice.lines.all(),
        "paid": payments.paid(invoice), "balance": payments.balance(invoice),
        "credited": payments.credited(invoice), "refunded": invoice.refunds.exists(),
        "credentials": credentials.credentials if credentials else "", "font": FAMILY,
        "printed_on": timezone.localdate(),
    }  # fmt: skip
    html = render_to_string("invoices/superbill_document.html", context, request)
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"superbill-{invoice.number}-{invoice.service_date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def period(request) -> tuple[date, date]:
    """?from=&to= (this month by default); a malformed or reversed range is this month."""
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    try:
        start = date.fromisoformat(request.GET.get("from") or first.isoformat())
        end = date.fromisoformat(request.GET.get("to") or last.isoformat())
    except ValueError:
        return first, last
    return (start, end) if start <= end else (first, last)


@login_required
def report(request):
    """Charges issued, credit notes, payments received, refunds and what is owed, for a
    period; ?format=csv (per invoice), lines (per claim line) or ledger (per movement)."""
    access.require(request, Capability.TAKE_PAYMENTS)
    start, end = period(request)
    billing = settings_for(request.clinic)
    data = period_report(request.clinic, start, end, billing.currency)
    detail = {"report": "billing", "from": str(start), "to": str(end),
              "invoices": data.count}  # fmt: skip
    kind = request.GET.get("format")
    if kind in downloads.NAMES:
        log.record(request, Action.EXPORT, None, detail={**detail, "format": kind})
        return downloads.response(kind, request.clinic, start, end, billing.currency)
    # The period's invoices a page at a time: a month of a large clinic's is thousands (2 MB
    # of page, 1.7 s, at the 1M-session bench); the downloads hold them all.
    rows = period_invoices(request.clinic, start, end).select_related("patient")
    page, bad_cursor = page_or_first(rows, request.GET.get("cursor"), REPORT_PAGE)
    figured(page.items)
    log.record(request, Action.LIST, None, detail=detail)
    context = {"report": data, "billing": billing, "page": page, "bad_cursor": bad_cursor}
    return render(request, "invoices/report.html", context, status=400 if bad_cursor else 200)


REPORT_PAGE = 50  # invoices on a page of the report
