"""The billing report's downloads (per invoice, per claim line, per movement), written as they
are read: the period's invoices in batches, each batch's money summed in one query, the
response sent in pieces. A year of the 1M-session bench's invoices (170,000) was built whole
in memory, 13 to 21 s, and the claim lines' one query of every invoice id went past
PostgreSQL's 65,535 parameters (a 500, issue 18)."""

import csv
import heapq
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.http import StreamingHttpResponse
from django.utils import timezone

from taut.exports.batches import batched
from taut.exports.csvfile import safe_cell
from taut.invoices.models import CreditNote, InvoiceLine, Payment, Refund
from taut.invoices.money import rounded
from taut.invoices.reports import KIND_ORDER, Entry, figured, period_invoices
from taut.lookups import AnyOf

BATCH = 2000  # invoices read, and summed, at a time (an engineering choice)
PIECE = 64 * 1024  # characters sent at a time

INVOICES_HEADER = ["invoice", "issued", "visit", "chart number", "patient", "status", "subtotal",
                   "tax", "total", "credited", "received", "refunded", "balance",
                   "currency"]  # fmt: skip
LEDGER_HEADER = ["date", "entry", "document", "invoice", "chart number", "patient", "method",
                 "reference", "reason", "charged", "credited", "received", "refunded",
                 "currency"]  # fmt: skip
LINES_HEADER = ["invoice", "date of service", "chart number", "patient", "date of birth",
                "payer", "payer ID", "member ID", "group", "rendering NPI", "diagnoses (ICD-10-CM)",
                "code", "modifiers", "minutes", "units", "charge", "currency"]  # fmt: skip
NAMES = {"csv": "billing-report", "lines": "claim-lines", "ledger": "ledger"}


def response(kind: str, clinic, start: date, end: date, currency: str) -> StreamingHttpResponse:
    """The download `kind` (a key of NAMES) of the clinic's period."""
    header, rows = {
        "csv": (INVOICES_HEADER, lambda: invoice_rows(clinic, start, end)),
        "lines": (LINES_HEADER, lambda: claim_line_rows(clinic, start, end)),
        "ledger": (LEDGER_HEADER, lambda: ledger_rows(ledger(clinic, start, end), currency)),
    }[kind]
    sent = StreamingHttpResponse(pieces(header, rows()), content_type="text/csv; charset=utf-8")
    sent["Content-Disposition"] = f'attachment; filename="{NAMES[kind]}-{start}-to-{end}.csv"'
    return sent


def pieces(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text of `header` and `rows`, in pieces of about PIECE characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def invoice_batches(clinic, start: date, end: date, *related: str, by="number") -> Iterator[list]:
    """The period's invoices BATCH at a time, in number order (or `by`), with their patients
    and `related`. (The period's rows are found by issue time and sorted: 7 ms for a month at
    the 1M bench, 70 ms for a year.)"""
    rows = period_invoices(clinic, start, end).select_related("patient", *related).order_by(by)
    return batched(rows.iterator(chunk_size=BATCH), BATCH)


def invoice_rows(clinic, start: date, end: date) -> Iterator[list]:
    """One row per invoice issued in the period, with what was credited, received, refunded
    and is still owed on it."""
    for batch in invoice_batches(clinic, start, end):
        for i in figured(batch):
            yield [
                i.number, f"{timezone.localtime(i.issued_at):%Y-%m-%d}", f"{i.service_date}",
                safe_cell(i.patient.chart_number), safe_cell(i.patient.full_name), i.status,
                *(rounded(Decimal(x), i.currency)
                  for x in (i.subtotal, i.tax, i.total, i.credited, i.received, i.refunded,
                            i.owed)), i.currency,
            ]  # fmt: skip


def claim_line_rows(clinic, start: date, end: date) -> Iterator[list]:
    """One row per service of each invoice: what a billing office keys into a claim."""
    for batch in invoice_batches(clinic, start, end, "coverage"):
        lines = defaultdict(list)
        for line in InvoiceLine.objects.filter(AnyOf(F("invoice_id"), [i.pk for i in batch])):
            lines[line.invoice_id].append(line)
        for i in batch:
            cover = i.coverage
            for line in sorted(lines[i.pk], key=lambda line: line.pk):
                yield [
                    i.number, f"{i.service_date}", safe_cell(i.patient.chart_number),
                    safe_cell(i.patient.full_name), f"{i.patient.date_of_birth}",
                    *([safe_cell(cover.payer_name), safe_cell(cover.payer_id),
                       safe_cell(cover.member_id), safe_cell(cover.group_number)]
                      if cover else ["", "", "", ""]),
                    i.rendering_npi, " ".join(i.diagnoses), line.code, line.modifiers,
                    line.minutes if line.minutes is not None else "", line.units,
                    rounded(line.amount, i.currency), i.currency,
                ]  # fmt: skip


def ledger(clinic, start: date, end: date) -> Iterator[Entry]:
    """Every charge, credit note, payment and refund dated in [start, end], by date, then kind,
    then invoice number: four queries read as they go, merged."""
    issued = (
        Entry(timezone.localdate(i.issued_at), "invoice", str(i.number), i.number, i.patient,
              charged=i.total)
        for batch in invoice_batches(clinic, start, end, by="issued_at") for i in batch
    )  # fmt: skip
    # By day, as they were issued, and each day's by number: numbers follow issue times, but
    # only as closely as the clocks of the servers that issued them.
    charged = (
        entry
        for _, day in itertools.groupby(issued, key=lambda e: e.day)
        for entry in sorted(day, key=lambda e: e.invoice)
    )
    dated = {"clinic": clinic}

    def read(rows, day: str):
        ordered = rows.select_related("invoice", "patient").order_by(day, "invoice__number", "pk")
        return ordered.iterator(chunk_size=BATCH)

    notes = read(CreditNote.objects.filter(**dated, issued_on__gte=start, issued_on__lte=end),
                 "issued_on")  # fmt: skip
    paid = read(Payment.objects.filter(**dated, received_on__gte=start, received_on__lte=end),
                "received_on")  # fmt: skip
    given = read(Refund.objects.filter(**dated, refunded_on__gte=start, refunded_on__lte=end),
                 "refunded_on")  # fmt: skip
    credited = (
        Entry(n.issued_on, "credit note", f"CN-{n.number}", n.invoice.number, n.patient,
              reason=n.reason, credited=n.amount)
        for n in notes
    )  # fmt: skip
    received = (
        Entry(p.received_on, "payment", f"{p.invoice.number}-{p.pk}", p.invoice.number,
              p.patient, p.get_method_display(), p.reference, received=p.amount)
        for p in paid
    )  # fmt: skip
    refunded = (
        Entry(r.refunded_on, "refund", f"{r.invoice.number}-{r.payment_id}", r.invoice.number,
              r.patient, r.get_method_display(), r.reference, r.reason, refunded=r.amount)
        for r in given
    )  # fmt: skip
    return heapq.merge(charged, credited, received, refunded,
                       key=lambda e: (e.day, KIND_ORDER[e.kind], e.invoice))  # fmt: skip


def ledger_rows(entries: Iterable[Entry], currency: str) -> Iterator[list]:
    """One row per movement of the period."""
    for e in entries:
        yield [
            f"{e.day}", e.kind, e.document, e.invoice, safe_cell(e.patient.chart_number),
            safe_cell(e.patient.full_name), e.method, safe_cell(e.reference),
            safe_cell(e.reason),
            *(rounded(x, currency) if x else "" for x in
              (e.charged, e.credited, e.received, e.refunded)), currency,
        ]  # fmt: skip
