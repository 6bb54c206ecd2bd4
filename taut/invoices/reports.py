"""The clinic's billing report for a period, and the day's unpaid visits for the front desk."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from taut.invoices.models import Invoice, Method, Payment, Status
from taut.invoices.money import ZERO
from taut.treatment.models import TreatmentSession

MONEY_OUT = DecimalField(max_digits=12, decimal_places=3)


def paid_subquery():
    """Each invoice's payments summed in the database."""
    payments = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(payments, output_field=MONEY_OUT), Value(ZERO), output_field=MONEY_OUT)


def with_paid(invoices):
    """`invoices` with .paid and .owed (total less paid) worked out by the database."""
    return invoices.annotate(paid=paid_subquery()).annotate(
        owed=ExpressionWrapper(F("total") - F("paid"), output_field=MONEY_OUT)
    )


@dataclass
class Report:
    start: date
    end: date
    currency: str
    invoices: list  # issued in the period, with .paid
    charged: Decimal
    tax: Decimal
    payments_by_method: list[tuple[str, int, Decimal]]
    received: Decimal
    outstanding: Decimal  # on every issued invoice, now


def local_range(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def period_report(clinic, start: date, end: date, currency: str) -> Report:
    """Charges issued, payments received in [start, end], and what is owed today."""
    since, until = local_range(start, end)
    issued = Invoice.objects.filter(clinic=clinic, status=Status.ISSUED)
    in_period = with_paid(
        issued.filter(issued_at__gte=since, issued_at__lt=until).select_related(
            "patient", "coverage"
        )
    ).order_by("number")
    totals = in_period.aggregate(charged=Sum("total"), tax=Sum("tax"))
    payments = Payment.objects.filter(clinic=clinic, received_on__gte=start, received_on__lte=end)
    by_method = list(
        payments.values("method").annotate(n=Count("pk"), s=Sum("amount")).order_by("method")
    )
    owed = with_paid(issued).aggregate(t=Sum("total"), p=Sum("paid"))
    return Report(
        start=start, end=end, currency=currency, invoices=list(in_period),
        charged=totals["charged"] or ZERO, tax=totals["tax"] or ZERO,
        payments_by_method=[(Method(m["method"]).label, m["n"], m["s"]) for m in by_method],
        received=sum((m["s"] for m in by_method), ZERO),
        outstanding=(owed["t"] or ZERO) - (owed["p"] or ZERO),
    )  # fmt: skip


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


def unpaid_visits(clinic, day: date) -> list[UnpaidVisit]:
    """The clinic's sessions on `day` (its local date) with no invoice, a draft invoice, or
    an issued invoice not paid in full; in the order they happened. Two queries."""
    since, until = local_range(day, day)
    sessions = (
        TreatmentSession.objects.filter(
            clinic=clinic, performed_at__gte=since, performed_at__lt=until
        )
        .select_related("patient")
        .order_by("performed_at", "pk")
    )
    sessions = list(sessions)
    live = with_paid(
        Invoice.objects.filter(session__in=sessions).exclude(status=Status.VOID)
    ).values("pk", "session_id", "status", "total", "paid")
    invoices = {row["session_id"]: row for row in live}
    unpaid = []
    for s in sessions:
        row = invoices.get(s.pk)
        if row is None:
            state, owed, invoice_id = "not invoiced", ZERO, None
        elif row["status"] == Status.DRAFT:
            state, owed, invoice_id = "draft", row["total"], row["pk"]
        else:
            state, owed, invoice_id = "balance due", row["total"] - row["paid"], row["pk"]
            if owed <= 0:
                continue
        unpaid.append(
            UnpaidVisit(s.pk, s.patient_id, s.patient.full_name, s.performed_at, invoice_id,
                        state, owed)
        )  # fmt: skip
    return unpaid
