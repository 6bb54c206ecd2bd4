"""Each invoice's stored balance (Invoice.balance) is what payments.balance works out from its
rows, after every change that moves it; the report's outstanding total is summed from it."""

import importlib
from decimal import Decimal

from django.apps import apps
from django.db.models import Sum
from django.utils import timezone

from taut.invoices import issuing, payments
from taut.invoices.drafting import draft_from_session
from taut.invoices.models import Invoice, Status
from taut.invoices.reports import period_report, with_paid
from tests.invoices.test_corrections import CorrectionTestCase
from tests.treatment.factories import make_session

backfill = importlib.import_module("taut.invoices.migrations.0006_balance_and_period_indexes")


class StoredBalanceTests(CorrectionTestCase):
    def stored(self, invoice=None) -> Decimal:
        return Invoice.objects.get(pk=(invoice or self.invoice).pk).balance

    def assertKept(self, expected: str, invoice=None):
        invoice = Invoice.objects.get(pk=(invoice or self.invoice).pk)
        self.assertEqual(invoice.balance, Decimal(expected))
        self.assertEqual(invoice.balance, payments.balance(invoice))  # the definition

    def test_every_change_stores_the_balance_again(self):
        self.assertKept("60")  # issued: its total
        payment = self.pay("50")
        self.assertKept("10")
        self.refund(payment, "20")
        self.assertKept("30")
        self.credit("5")
        self.assertKept("25")
        self.pay("25")
        self.assertKept("0")

    def test_a_void_invoice_and_its_new_draft_owe_nothing(self):
        draft = issuing.void(self.invoice.pk, self.clinic, self.bob, "Wrong code")
        self.assertKept("0")
        self.assertEqual(Invoice.objects.get(pk=self.invoice.pk).status, Status.VOID)
        self.assertKept("0", draft)
        reissued = issuing.issue(draft.pk, self.clinic, self.bob)
        self.assertKept(str(reissued.total), reissued)

    def test_a_draft_owes_nothing(self):
        other = make_session(self.episode, self.alice, needled=["upper_trapezius"])
        draft, _ = draft_from_session(other, self.bob)
        self.assertKept("0", draft)

    def test_the_outstanding_total_is_what_the_rows_add_up_to(self):
        other = make_session(self.episode, self.alice, needled=["upper_trapezius"])
        draft, _ = draft_from_session(other, self.bob)
        second = issuing.issue(draft.pk, self.clinic, self.bob)
        payment = self.pay("60")
        self.refund(payment, "15")
        self.credit("10")
        payments.record(second.pk, self.clinic, self.bob, amount="20", method="cash")
        today = timezone.localdate()
        report = period_report(self.clinic, today, today, "USD")
        issued = Invoice.objects.filter(clinic=self.clinic, status=Status.ISSUED)
        worked_out = with_paid(issued).aggregate(o=Sum("owed"))["o"]
        self.assertEqual(report.outstanding, worked_out)
        self.assertEqual(report.outstanding, Decimal("5") + second.total - 20)

    def test_the_migration_fills_the_balance_of_invoices_issued_before_it(self):
        payment = self.pay("40")
        self.refund(payment, "10")
        self.credit("5")  # 60 - 5 - (40 - 10) = 25
        other = make_session(self.episode, self.alice, needled=["upper_trapezius"])
        draft, _ = draft_from_session(other, self.bob)
        Invoice.objects.update(balance=0)  # as they were before the field
        backfill.fill_balances(apps, None)
        self.assertKept("25")
        self.assertKept("0", draft)

    def test_the_command_finds_and_puts_right_a_wrong_balance(self):
        from io import StringIO

        import pytest
        from django.core.management import CommandError, call_command

        self.pay("20")
        other = make_session(self.episode, self.alice, needled=["upper_trapezius"])
        draft, _ = draft_from_session(other, self.bob)
        call_command("rebuild_balances", "--check", stdout=StringIO())  # all right: no error
        Invoice.objects.filter(pk=self.invoice.pk).update(balance=60)  # the payment missed
        Invoice.objects.filter(pk=draft.pk).update(balance=5)
        with pytest.raises(CommandError, match="2 stored balances differ"):
            call_command("rebuild_balances", "--check", stdout=StringIO())
        out = StringIO()
        call_command("rebuild_balances", stdout=out)
        assert "2 stored balances put right" in out.getvalue()
        self.assertKept("40")
        self.assertKept("0", draft)
        call_command("rebuild_balances", "--check", stdout=StringIO())
