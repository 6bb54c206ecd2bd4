"""Refunds and credit notes: what a front desk and an accountant expect of them (Jane and
Cliniko as the anchors). Never more back than was paid, never a balance below zero, never
deleted; an invoice keeping money is refunded before it is voided."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from taut.invoices import corrections, issuing, payments
from taut.invoices.downloads import ledger
from taut.invoices.drafting import draft_from_session
from taut.invoices.issuing import BillingError
from taut.invoices.models import CreditNote, InvoiceSequence, Method, Refund, Status
from taut.invoices.reports import period_invoices, period_report, unpaid_visits, with_paid
from tests.invoices.base import InvoiceTestCase


class CorrectionTestCase(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        invoice, _ = draft_from_session(cls.session, cls.bob)
        invoice.lines.exclude(code="20560").delete()
        cls.invoice = issuing.issue(invoice.pk, cls.clinic, cls.bob)  # 60.00

    def pay(self, amount, method=Method.CASH, reference=""):
        return payments.record(self.invoice.pk, self.clinic, self.bob, amount=amount,
                               method=method, reference=reference)  # fmt: skip

    def refund(self, payment, amount, method=Method.CASH, reason="Overcharged", **more):
        return corrections.refund(payment.pk, self.clinic, self.bob, amount=amount,
                                  method=method, reason=reason, **more)  # fmt: skip

    def credit(self, amount, reason="Courtesy discount"):
        return corrections.credit(self.invoice.pk, self.clinic, self.bob, amount=amount,
                                  reason=reason)  # fmt: skip


class RefundTests(CorrectionTestCase):
    def test_a_partial_refund_reopens_the_balance_and_keeps_who_and_when(self):
        payment = self.pay("60")
        refund = self.refund(payment, "15")
        assert payments.paid(self.invoice) == Decimal("45")
        assert payments.balance(self.invoice) == Decimal("15")
        assert (refund.recorded_by, refund.refunded_on) == (self.bob, timezone.localdate())
        assert (refund.reason, refund.method, refund.patient) == (
            "Overcharged", Method.CASH, self.patient,
        )  # fmt: skip

    def test_never_more_than_is_left_of_the_payment(self):
        payment = self.pay("60")
        self.refund(payment, "50")
        with pytest.raises(BillingError, match=r"\$10.00 left of this payment"):
            self.refund(payment, "10.01")
        self.refund(payment, "10")
        with pytest.raises(BillingError, match=r"\$0.00 left"):
            self.refund(payment, "0.01")
        assert Refund.objects.count() == 2

    def test_an_amount_above_zero_a_reason_and_a_card_reference_are_needed(self):
        payment = self.pay("60")
        for amount in ("0", "-5", "0.001", "abc", "NaN", "Infinity"):
            with pytest.raises(BillingError, match="amount"):
                self.refund(payment, amount)
        with pytest.raises(BillingError, match="Say why"):
            self.refund(payment, "5", reason="  ")
        with pytest.raises(BillingError, match="refund slip"):
            self.refund(payment, "5", method=Method.CARD)
        assert not Refund.objects.exists()

    def test_a_refund_is_not_dated_before_its_payment(self):
        payment = payments.record(self.invoice.pk, self.clinic, self.bob, amount="60",
                                  method=Method.CASH, received_on=date(2026, 3, 10))  # fmt: skip
        with pytest.raises(BillingError, match="before the payment"):
            self.refund(payment, "5", refunded_on=date(2026, 3, 9))

    def test_another_clinics_payment_is_not_found(self):
        payment = self.pay("60")
        with pytest.raises(payment.DoesNotExist):
            corrections.refund(payment.pk, self.other_clinic, self.bob, amount="1",
                               method=Method.CASH, reason="x")  # fmt: skip

    def test_a_payment_after_a_refund_is_capped_by_the_reopened_balance(self):
        payment = self.pay("60")
        self.refund(payment, "20")
        with pytest.raises(BillingError, match=r"\$20.00 still owed"):
            self.pay("20.01")
        self.pay("20")
        assert payments.balance(self.invoice) == 0


class CreditNoteTests(CorrectionTestCase):
    def test_a_credit_note_lowers_the_balance_and_is_numbered_on_its_own(self):
        first = self.credit("10")
        second = self.credit("5")
        assert (first.number, second.number) == (1, 2)
        assert InvoiceSequence.objects.get(clinic=self.clinic).last_number == 1
        assert payments.credited(self.invoice) == Decimal("15")
        assert payments.balance(self.invoice) == Decimal("45")
        with pytest.raises(BillingError, match=r"\$45.00 still owed"):
            self.pay("45.01")

    def test_never_more_than_is_owed(self):
        self.pay("50")
        with pytest.raises(BillingError, match=r"still owed, \$10.00 now.*refund that payment"):
            self.credit("10.01")
        self.credit("10")
        assert payments.balance(self.invoice) == 0

    def test_a_refused_credit_note_gives_its_number_back(self):
        with pytest.raises(BillingError):
            self.credit("61")
        assert self.credit("1").number == 1

    def test_only_issued_invoices_are_credited_and_a_reason_is_needed(self):
        with pytest.raises(BillingError, match="Say why"):
            self.credit("5", reason="")
        draft, _ = draft_from_session(self.session_two(), self.bob)
        with pytest.raises(BillingError, match="issued invoices only"):
            corrections.credit(draft.pk, self.clinic, self.bob, amount="1", reason="x")

    def session_two(self):
        from tests.treatment.factories import make_session

        return make_session(self.episode, self.alice, needled=["temporalis"])

    def test_each_clinic_counts_its_own_credit_notes(self):
        self.credit("5")
        from taut.invoices.setup import settings_for

        settings_for(self.other_clinic)
        assert corrections.next_credit_number(self.other_clinic) == 1


class VoidTests(CorrectionTestCase):
    def test_an_invoice_keeping_money_is_refunded_before_it_is_voided(self):
        payment = self.pay("60")
        with pytest.raises(BillingError, match=r"\$60.00 paid.*Refund the payments first"):
            issuing.void(self.invoice.pk, self.clinic, self.carol, "Wrong patient")
        self.refund(payment, "60", reason="Wrong patient billed")
        draft = issuing.void(self.invoice.pk, self.clinic, self.carol, "Wrong patient")
        self.invoice.refresh_from_db()
        assert self.invoice.status == Status.VOID and draft.replaces == self.invoice
        assert payment.refunds.count() == 1  # the money's story stays on the void invoice

    def test_an_invoice_with_a_credit_note_stays_issued(self):
        self.credit("10")
        with pytest.raises(BillingError, match="CN-1 already corrects"):
            issuing.void(self.invoice.pk, self.clinic, self.carol, "Wrong code")
        assert CreditNote.objects.count() == 1


class AccountsTests(CorrectionTestCase):
    """The day sheet's unpaid column and the clinic report count refunds and credits."""

    def test_the_day_sheet_shows_what_is_owed_after_credits_and_refunds(self):
        day = date(2026, 3, 10)
        payment = self.pay("60")
        assert unpaid_visits(self.clinic, day) == []
        self.refund(payment, "30")
        [visit] = unpaid_visits(self.clinic, day)
        assert (visit.state, visit.balance) == ("balance due", Decimal("30"))
        self.credit("30")
        assert unpaid_visits(self.clinic, day) == []

    def test_the_report_gives_charges_credits_payments_refunds_and_balances(self):
        payment = self.pay("60", Method.CARD, "slip 1")
        self.refund(payment, "20", Method.CARD, reference="rev 1")
        self.credit("5")
        today = timezone.localdate()
        report = period_report(self.clinic, today, today, "USD")
        assert (report.charged, report.credited, report.net_charged) == (60, 5, 55)
        assert (report.received, report.refunded, report.net_received) == (60, 20, 40)
        assert report.refunds_by_method == [("Card", 1, Decimal("20"))]
        assert report.outstanding == Decimal("15")  # 60 - 5 credited - 40 kept
        assert report.count == 1
        [row] = with_paid(period_invoices(self.clinic, today, today))
        assert (row.received, row.refunded, row.paid, row.credited, row.owed) == (
            60, 20, 40, 5, 15,
        )  # fmt: skip
        yesterday = today - timedelta(days=1)
        earlier = period_report(self.clinic, yesterday, yesterday, "USD")
        assert (earlier.credited, earlier.refunded, earlier.outstanding) == (0, 0, 15)

    def test_the_ledger_lists_every_movement_of_the_period_in_order(self):
        payment = self.pay("60")
        self.refund(payment, "20")
        self.credit("5")
        today = timezone.localdate()
        entries = list(ledger(self.clinic, today, today))
        assert [(e.kind, e.document) for e in entries] == [
            ("invoice", "1"), ("credit note", "CN-1"), ("payment", f"1-{payment.pk}"),
            ("refund", f"1-{payment.pk}"),
        ]  # fmt: skip
        assert [e.charged - e.credited + e.received - e.refunded for e in entries] == [
            60, -5, 60, -20,
        ]  # fmt: skip


class PatientSummaryTests(CorrectionTestCase):
    """The patient and session pages show each invoice's stored balance, the billing page sums
    its latest invoices in grouped queries (reports.settled), the report in one annotated
    query (reports.with_paid): the figures are the same."""

    def test_what_is_owed_matches_the_annotated_query(self):
        from taut.invoices.models import Invoice
        from taut.invoices.reports import with_paid
        from taut.invoices.summary import for_patient

        payment = self.pay("50")
        self.refund(payment, "12.5")
        self.credit("5")
        self.pay("7")
        billing = for_patient(self.patient, self.clinic, with_visits=False)
        annotated = {i.pk: i for i in with_paid(Invoice.objects.filter(patient=self.patient))}
        assert billing.invoices
        for shown in billing.invoices:  # the page shows what is owed on issued ones
            expected = annotated[shown.pk]
            assert shown.balance == (expected.owed if shown.status == Status.ISSUED else 0)
        issued = [i for i in annotated.values() if i.status == Status.ISSUED]
        assert billing.balance == sum((i.owed for i in issued), Decimal("0"))
        assert billing.balance == Decimal("60") - Decimal("5") - Decimal("44.5")

    def test_the_balance_counts_issued_invoices_beyond_those_listed(self):
        from taut.invoices.models import Invoice
        from taut.invoices.reports import with_paid
        from taut.invoices.summary import SHOWN, for_patient
        from tests.treatment.factories import make_session

        self.pay("50")
        for n in range(SHOWN):  # newer invoices push the paid-in-part one out of the list
            later = self.session.performed_at + timedelta(days=n + 1)
            session = make_session(self.episode, self.alice, needled=["masseter_superficial"],
                                   performed_at=later)  # fmt: skip
            draft, _ = draft_from_session(session, self.bob)
            issuing.issue(draft.pk, self.clinic, self.bob)
        billing = for_patient(self.patient, self.clinic, with_visits=False)
        assert len(billing.invoices) == SHOWN
        assert self.invoice.pk not in {i.pk for i in billing.invoices}
        issued = with_paid(Invoice.objects.filter(patient=self.patient, status=Status.ISSUED))
        assert len(issued) == SHOWN + 1
        assert billing.balance == sum((i.owed for i in issued), Decimal("0"))

    def test_the_session_page_shows_the_same_figures(self):
        from taut.invoices.models import Invoice
        from taut.invoices.reports import with_paid
        from taut.invoices.summary import for_session

        self.refund(self.pay("30"), "10")
        self.credit("5")
        shown = for_session(self.session, self.clinic)
        expected = with_paid(Invoice.objects.filter(pk=shown.pk)).get()
        assert shown.balance == expected.owed == Decimal("35")

    def test_the_billing_pages_latest_invoices_show_the_same_figures(self):
        from taut.invoices.models import Invoice
        from taut.invoices.reports import with_paid

        self.refund(self.pay("40"), "15")
        self.credit("5")
        self.login(self.bob)
        recent = self.client.get("/invoices/").context["recent"]
        annotated = {i.pk: i for i in with_paid(Invoice.objects.filter(clinic=self.clinic))}
        assert [i.pk for i in recent] == [self.invoice.pk]
        for name in ("received", "refunded", "credited", "paid", "owed"):
            assert getattr(recent[0], name) == getattr(annotated[self.invoice.pk], name), name
        assert recent[0].paid == Decimal("25")

    def test_settled_sums_payments_refunds_and_credit_notes_in_one_query(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from taut.invoices.reports import settled

        self.refund(self.pay("30"), "10")
        self.credit("5")
        with CaptureQueriesContext(connection) as captured:
            figures = settled([self.invoice.pk, self.invoice.pk + 1000])
        assert len(captured) == 1
        assert list(figures) == [self.invoice.pk]
        shown = figures[self.invoice.pk]
        assert (shown.received, shown.refunded, shown.credited) == (30, 10, 5)
        assert shown.owed(Decimal("60")) == Decimal("35")


class DaybookAgreesWithTheDatabaseTests(CorrectionTestCase):
    """The billing page decides in Python which of the day's visits are still to bill
    (daybook.open_day); the day sheet asks the database (reports.still_to_bill): the same
    visits, whatever was paid, refunded or credited."""

    def listed(self):
        from django.http import QueryDict

        from taut.invoices.daybook import open_day
        from taut.invoices.reports import sessions_of_day, unpaid_sessions

        day = timezone.localdate(self.session.performed_at)
        by_database = [row.pk for row in unpaid_sessions(sessions_of_day(self.clinic, day))]
        book = open_day(self.clinic, day, None, QueryDict())
        assert [v.session_id for v in book.visits] == by_database
        return book.visits

    def test_an_issued_invoice_is_listed_until_settled(self):
        [visit] = self.listed()
        assert (visit.state, visit.balance) == ("balance due", Decimal("60"))
        payment = self.pay("60")
        assert self.listed() == []
        self.refund(payment, "20")
        [visit] = self.listed()
        assert visit.balance == Decimal("20")
        self.credit("20")
        assert self.listed() == []

    def test_a_voided_invoice_leaves_the_visit_to_bill_again(self):
        issuing.void(self.invoice.pk, self.clinic, self.bob, "Wrong codes")
        [visit] = self.listed()
        assert visit.state == "draft" and visit.invoice_id != self.invoice.pk
