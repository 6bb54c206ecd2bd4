"""The clinic's billing report for a period, and the day's unpaid visits for the front desk."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from taut.days import local_range
from taut.invoices.models import CreditNote, Invoice, Method, Payment, Refund, Status
from taut.invoices.money import ZERO
from taut.lookups import AnyOf
from taut.patients.models import full_name
from taut.treatment.models import TreatmentSession

MONEY_OUT = DecimalField(max_digits=12, decimal_places=3)


def summed_per_invoice(model):
    """Each invoice's `model` rows (payments, refunds, credit notes) summed in the database."""
    rows = (
        model.objects.filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(rows, output_field=MONEY_OUT), Value(ZERO), output_field=MONEY_OUT)


def with_paid(invoices):
    """`invoices` with, worked out by the database: .received (payments), .refunded,
    .paid (received less refunded), .credited (credit notes) and .owed (total less credited
    less paid)."""
    return (
        invoices.annotate(
            received=summed_per_invoice(Payment),
            refunded=summed_per_invoice(Refund),
            credited=summed_per_invoice(CreditNote),
        )
        .annotate(paid=ExpressionWrapper(F("received") - F("refunded"), output_field=MONEY_OUT))
        .annotate(
            owed=ExpressionWrapper(F("total") - F("credited") - F("paid"), output_field=MONEY_OUT)
        )
    )


@dataclass(frozen=True)
class Settled:
    """What has been received, refunded and credited on one invoice."""

    received: Decimal = ZERO
    refunded: Decimal = ZERO
    credited: Decimal = ZERO

    @property
    def paid(self) -> Decimal:
        return self.received - self.refunded

    def owed(self, total: Decimal) -> Decimal:
        return total - self.credited - self.paid


def settled(invoice_ids) -> dict[int, Settled]:
    """The figures `with_paid` works out, for a page of invoices known by id: one query of
    three grouped sums, far cheaper to build than the annotated query (issue 18). Invoices
    with nothing received, refunded or credited are left out."""
    ids = list(invoice_ids)
    if not ids:
        return {}
    sums = [
        model.objects.filter(AnyOf(F("invoice_id"), ids))
        .values("invoice_id")
        .annotate(figure=Value(name), s=Sum("amount"))
        .values_list("invoice_id", "figure", "s")
        .order_by()
        for model, name in ((Payment, "received"), (Refund, "refunded"), (CreditNote, "credited"))
    ]
    figures = {}
    for invoice_id, name, amount in sums[0].union(*sums[1:], all=True):
        figures.setdefault(invoice_id, {})[name] = amount
    return {pk: Settled(**named) for pk, named in figures.items()}


NOTHING = Settled()


def figured(invoices: list) -> list:
    """`invoices` (a page or a batch) each given the attributes `with_paid` annotates
    (.received, .refunded, .credited, .paid, .owed), summed by `settled` in one query."""
    figures = settled(i.pk for i in invoices)
    for invoice in invoices:
        found = figures.get(invoice.pk, NOTHING)
        invoice.received, invoice.refunded = found.received, found.refunded
        invoice.credited, invoice.paid = found.credited, found.paid
        invoice.owed = found.owed(invoice.total)
    return invoices


@dataclass
class Report:
    start: date
    end: date
    currency: str
    count: int  # invoices issued in the period (the page lists them a page at a time)
    charged: Decimal
    tax: Decimal
    credit_notes: list  # issued in the period
    credited: Decimal
    payments_by_method: list[tuple[str, int, Decimal]]
    received: Decimal
    refunds_by_method: list[tuple[str, int, Decimal]]
    refunded: Decimal
    outstanding: Decimal  # on every issued invoice, now

    @property
    def net_charged(self) -> Decimal:
        return self.charged - self.credited

    @property
    def net_received(self) -> Decimal:
        return self.received - self.refunded


def by_method(rows) -> list[tuple[str, int, Decimal]]:
    counted = rows.values("method").annotate(n=Count("pk"), s=Sum("amount")).order_by("method")
    return [(Method(m["method"]).label, m["n"], m["s"]) for m in counted]


def period_report(clinic, start: date, end: date, currency: str) -> Report:
    """Charges issued, credit notes, payments received and refunds given in [start, end],
    and what is owed today."""
    issued = Invoice.objects.filter(clinic=clinic, status=Status.ISSUED)
    in_period = period_invoices(clinic, start, end)
    totals = in_period.aggregate(charged=Sum("total"), tax=Sum("tax"), n=Count("pk"))
    notes = CreditNote.objects.filter(clinic=clinic, issued_on__gte=start, issued_on__lte=end)
    notes = list(notes.select_related("invoice", "patient"))
    payments = by_method(
        Payment.objects.filter(clinic=clinic, received_on__gte=start, received_on__lte=end)
    )
    refunds = by_method(
        Refund.objects.filter(clinic=clinic, refunded_on__gte=start, refunded_on__lte=end)
    )
    owed = issued.filter(balance__gt=0).aggregate(o=Sum("balance"))  # invoice_balance_due
    return Report(
        start=start, end=end, currency=currency, count=totals["n"],
        charged=totals["charged"] or ZERO, tax=totals["tax"] or ZERO, credit_notes=notes,
        credited=sum((n.amount for n in notes), ZERO), payments_by_method=payments,
        received=sum((m[2] for m in payments), ZERO), refunds_by_method=refunds,
        refunded=sum((m[2] for m in refunds), ZERO), outstanding=owed["o"] or ZERO,
    )  # fmt: skip


def period_invoices(clinic, start: date, end: date):
    """The clinic's invoices issued in [start, end] (its local dates) and not voided, in the
    order they were issued, read through the index by clinic and issue time. (Ordered by
    number with a LIMIT, PostgreSQL walks the numbers from the first: 554 ms for the first
    page of a month at the 1M bench.)"""
    since, until = local_range(start, end)
    return Invoice.objects.filter(
        clinic=clinic, status=Status.ISSUED, issued_at__gte=since, issued_at__lt=until
    ).order_by("issued_at", "pk")


@dataclass(frozen=True)
class UnpaidVisit:
    """A visit of the day still to be billed or paid, for the front desk's day sheet."""

    session_id: int
    patient_id: int
    patient_name: str
    performed_at: datetime
    invoice_id: int | None
    state: str  # "not invoiced", "draft" or "balance due"
    balance: Decimal


def sessions_of_day(clinic, day: date):
    """The clinic's sessions on `day` (its local date), read through their index by clinic
    and time."""
    since, until = local_range(day, day)
    return TreatmentSession.objects.filter(
        clinic=clinic, performed_at__gte=since, performed_at__lt=until
    )


def unpaid_visits(clinic, day: date) -> list[UnpaidVisit]:
    """The clinic's sessions on `day` with no invoice, a draft invoice, or an issued invoice
    not paid in full; in the order they happened. Two queries, three with issued invoices."""
    return unpaid_among(sessions_of_day(clinic, day))


def still_to_bill():
    """True for a session with no live invoice, a draft, or an issued invoice not paid in
    full: an expression the database works out, to filter or annotate sessions with."""
    live = Invoice.objects.filter(session=OuterRef("pk")).exclude(status=Status.VOID)
    owing = with_paid(live).filter(Q(status=Status.DRAFT) | Q(owed__gt=0))
    return ~Exists(live) | Exists(owing)


VISIT_FIELDS = ("pk", "patient_id", "patient__given_name", "patient__family_name",
                "performed_at")  # fmt: skip


def unpaid_sessions(sessions):
    """Those of `sessions` (a queryset of one clinic's) still to bill or be paid, as plain rows
    in the order they happened."""
    return (
        sessions.filter(still_to_bill())
        .order_by("performed_at", "pk")
        .values_list(*VISIT_FIELDS, named=True)
    )


@dataclass(frozen=True)
class Billed:
    """A visit's live invoice (at most one: the one_live_invoice_per_session constraint)."""

    invoice_id: int
    status: str
    total: Decimal
    owed: Decimal  # on an issued invoice; a draft's is its total

    @property
    def to_bill(self) -> bool:
        """Still to bill or be paid: a draft, or an issued invoice not paid in full."""
        return self.status == Status.DRAFT or self.owed > 0


def billed(live) -> dict[int, Billed]:
    """Rows (session id, invoice id, status, total) of sessions' live invoices as `Billed` by
    session, the money on the issued ones summed by `settled` (one query, none without)."""
    live = [row for row in live if row[1] is not None]
    figures = settled(pk for _, pk, status, _ in live if status == Status.ISSUED)
    return {
        session: Billed(pk, status, total, figures.get(pk, Settled()).owed(total))
        for session, pk, status, total in live
    }


def invoices_of(session_ids) -> dict[int, Billed]:
    """The live invoices of these sessions as `Billed`, by session: one query for the invoices
    (at most one live one a session: the one_live_invoice_per_session constraint), one more
    when some are issued."""
    ids = list(session_ids)
    if not ids:
        return {}
    live = (
        Invoice.objects.filter(AnyOf(F("session_id"), ids))
        .exclude(status=Status.VOID)
        .values_list("session_id", "pk", "status", "total")
    )
    return billed(live)


def standing(invoice: Billed | None) -> tuple[int | None, str, Decimal]:
    """(invoice id, "not invoiced", "draft" or "balance due", the amount) of a visit."""
    if invoice is None:
        return None, "not invoiced", ZERO
    if invoice.status == Status.DRAFT:
        return invoice.invoice_id, "draft", invoice.total
    return invoice.invoice_id, "balance due", invoice.owed


def to_bill(session_ids) -> dict[int, tuple[int | None, str, Decimal]]:
    """The `standing` of each of these sessions still to bill or be paid, by id; one paid in
    full is left out, as `still_to_bill` leaves it out in the database."""
    ids = list(session_ids)
    invoices = invoices_of(ids)
    return {
        pk: standing(invoices.get(pk)) for pk in ids if pk not in invoices or invoices[pk].to_bill
    }


def as_visits(rows, invoices: dict[int, Billed] | None = None) -> list[UnpaidVisit]:
    """Rows of `unpaid_sessions(...)` (a slice of them, or all) with their invoices (by
    session, read unless given), as the front desk reads them; a visit paid in full since its
    row was read is left out."""
    rows = list(rows)
    if invoices is None:
        invoices = invoices_of(s.pk for s in rows)
    visits = []
    for s in rows:
        invoice = invoices.get(s.pk)
        if invoice is not None and not invoice.to_bill:
            continue
        invoice_id, state, owed = standing(invoice)
        name = full_name(s.patient__given_name, s.patient__family_name)
        visits.append(
            UnpaidVisit(s.pk, s.patient_id, name, s.performed_at, invoice_id, state, owed)
        )
    return visits


def unpaid_among(sessions) -> list[UnpaidVisit]:
    """Those of `sessions` (a queryset of one clinic's) not yet billed or not paid in full, in
    the order they happened. Two queries, three with issued invoices."""
    return as_visits(unpaid_sessions(sessions))


@dataclass(frozen=True)
class Entry:
    """One movement of the period for the accountant's ledger: a charge, a credit, money in
    or money out."""

    day: date
    kind: str  # "invoice", "credit note", "payment", "refund"
    document: str
    invoice: int
    patient: object
    method: str = ""
    reference: str = ""
    reason: str = ""
    charged: Decimal = ZERO
    credited: Decimal = ZERO
    received: Decimal = ZERO
    refunded: Decimal = ZERO


KIND_ORDER = {"invoice": 0, "credit note": 1, "payment": 2, "refund": 3}
