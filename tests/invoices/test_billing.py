"""Drafting from a visit, pricing, issuing with gap-free numbers, voiding, payments."""

from decimal import Decimal

import pytest

from taut.invoices import issuing, payments
from taut.invoices.drafting import draft_from_session
from taut.invoices.issuing import BillingError
from taut.invoices.models import Invoice, InvoiceSequence, Method, Status
from taut.invoices.pricing import reprice
from taut.invoices.setup import settings_for
from tests.invoices.base import InvoiceTestCase
from tests.treatment.factories import make_session


class DraftTests(InvoiceTestCase):
    def test_the_lines_come_from_what_the_session_recorded(self):
        invoice, missing = draft_from_session(self.session, self.bob)
        lines = list(invoice.lines.values_list("code", "units", "unit_price", "region"))
        assert missing == []
        assert lines == [
            ("20560", 1, Decimal("60.000"), "head_neck"),
            ("97140", 0, Decimal("35.000"), ""),
            ("97110", 0, Decimal("32.500"), ""),
        ]
        assert invoice.rendering_npi == "1234567893" and invoice.coverage == self.coverage
        assert invoice.currency == "USD" and invoice.status == Status.DRAFT
        assert invoice.number is None and invoice.service_date.isoformat() == "2026-03-10"

    def test_a_code_missing_from_the_fee_schedule_is_named(self):
        self.clinic.services.filter(code="97110").delete()
        invoice, missing = draft_from_session(self.session, self.bob)
        assert missing == ["97110"] and invoice.lines.count() == 2

    def test_minutes_give_units_by_the_cms_rule_and_modifiers_follow_the_sites(self):
        invoice, _ = draft_from_session(self.session, self.bob)
        invoice.lines.filter(code="97140").update(minutes=7, region="leg_foot")
        invoice.lines.filter(code="97110").update(minutes=33)
        priced = reprice(invoice, settings_for(self.clinic))
        rows = dict(
            (code, (units, mods, amount))
            for code, units, mods, amount in invoice.lines.values_list(
                "code", "units", "modifiers", "amount"
            )
        )
        # CMS example 3: 33 + 7 minutes = 3 units, 2 of exercise and 1 of manual therapy.
        assert rows == {
            "20560": (1, "GP", Decimal("60.000")),
            "97140": (1, "XS GP", Decimal("35.000")),
            "97110": (2, "GP", Decimal("65.000")),
        }
        assert priced.total == Decimal("160.00") and priced.warnings == ()

    def test_the_ama_rule_is_a_clinic_setting(self):
        billing = settings_for(self.clinic)
        billing.unit_rule = "ama"
        billing.save()
        invoice, _ = draft_from_session(self.session, self.bob)
        invoice.lines.filter(code="97140").update(minutes=7, region="leg_foot")
        invoice.lines.filter(code="97110").update(minutes=33)
        priced = reprice(invoice, billing)
        assert dict(invoice.lines.values_list("code", "units"))["97140"] == 0
        assert "earn no unit" in " ".join(priced.warnings)

    def test_tax_is_added_where_the_clinic_sets_it(self):
        billing = settings_for(self.clinic)
        billing.tax_label, billing.tax_rate = "VAT", Decimal("20")
        billing.save()
        invoice, _ = draft_from_session(self.session, self.bob)
        invoice.lines.exclude(code="20560").delete()
        priced = reprice(invoice, billing)
        assert (priced.subtotal, priced.tax, priced.total) == (
            Decimal("60.000"), Decimal("12.00"), Decimal("72.00"),
        )  # fmt: skip


class IssueTests(InvoiceTestCase):
    def ready(self, session=None):
        invoice, _ = draft_from_session(session or self.session, self.bob)
        invoice.lines.filter(code="97140").update(minutes=10, region="leg_foot")
        invoice.lines.filter(code="97110").update(minutes=15)
        return invoice

    def test_issuing_numbers_invoices_one_after_another(self):
        first = issuing.issue(self.ready().pk, self.clinic, self.bob)
        other = make_session(self.episode, self.alice, needled=["masseter_deep"])
        second = issuing.issue(self.ready(other).pk, self.clinic, self.bob)
        assert (first.number, second.number) == (1, 2)
        assert first.status == Status.ISSUED and first.issued_at is not None

    def test_a_refused_issue_gives_its_number_back(self):
        invoice, _ = draft_from_session(self.session, self.bob)  # no minutes yet
        with pytest.raises(BillingError, match="enter the minutes"):
            issuing.issue(invoice.pk, self.clinic, self.bob)
        assert InvoiceSequence.objects.get(clinic=self.clinic).last_number == 0
        invoice.refresh_from_db()
        assert invoice.status == Status.DRAFT and invoice.number is None

    def test_an_invoice_is_issued_once(self):
        invoice = issuing.issue(self.ready().pk, self.clinic, self.bob)
        with pytest.raises(BillingError, match="already issued"):
            issuing.issue(invoice.pk, self.clinic, self.bob)
        assert InvoiceSequence.objects.get(clinic=self.clinic).last_number == 1

    def test_each_clinic_counts_its_own_numbers(self):
        issuing.issue(self.ready().pk, self.clinic, self.bob)
        assert issuing.next_number(self.other_clinic) == 1

    def test_voiding_keeps_the_number_and_makes_a_draft_to_reissue(self):
        invoice = issuing.issue(self.ready().pk, self.clinic, self.bob)
        draft = issuing.void(invoice.pk, self.clinic, self.carol, "Wrong minutes")
        invoice.refresh_from_db()
        assert invoice.status == Status.VOID and invoice.number == 1
        assert invoice.void_reason == "Wrong minutes"
        assert draft.status == Status.DRAFT and draft.replaces == invoice
        assert draft.lines.count() == 3 and invoice.lines.count() == 3
        reissued = issuing.issue(draft.pk, self.clinic, self.bob)
        assert reissued.number == 2
        assert Invoice.objects.filter(clinic=self.clinic).count() == 2

    def test_voiding_needs_a_reason_and_an_unpaid_invoice(self):
        invoice = issuing.issue(self.ready().pk, self.clinic, self.bob)
        with pytest.raises(BillingError, match="why"):
            issuing.void(invoice.pk, self.clinic, self.carol, "  ")
        payments.record(invoice.pk, self.clinic, self.bob, amount="10", method=Method.CASH)
        with pytest.raises(BillingError, match="payments"):
            issuing.void(invoice.pk, self.clinic, self.carol, "Oops")


class PaymentTests(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        invoice, _ = draft_from_session(cls.session, cls.bob)
        invoice.lines.exclude(code="20560").delete()
        cls.invoice = issuing.issue(invoice.pk, cls.clinic, cls.bob)  # 60.00

    def pay(self, amount, method=Method.CASH, reference=""):
        return payments.record(self.invoice.pk, self.clinic, self.bob, amount=amount,
                               method=method, reference=reference)  # fmt: skip

    def test_payments_bring_the_balance_down_to_zero(self):
        self.pay("20")
        self.pay("40.00", Method.CARD, "slip 0042")
        assert payments.balance(self.invoice) == Decimal("0")

    def test_more_than_the_balance_is_refused(self):
        self.pay("50")
        with pytest.raises(BillingError, match=r"\$10.00 still owed"):
            self.pay("10.01")

    def test_a_card_or_insurer_payment_needs_its_reference(self):
        for method in (Method.CARD, Method.INSURER):
            with pytest.raises(BillingError, match="reference"):
                self.pay("5", method)

    def test_zero_and_draft_invoices_are_refused(self):
        with pytest.raises(BillingError, match="above zero"):
            self.pay("0.001")  # rounds to 0.00 in dollars
        draft, _ = draft_from_session(make_session(self.episode, self.alice), self.bob)
        with pytest.raises(BillingError, match="issued invoices only"):
            payments.record(draft.pk, self.clinic, self.bob, amount="1", method=Method.CASH)


class UnpaidVisitTests(InvoiceTestCase):
    """unpaid_visits(clinic, day): what the front desk's day sheet shows as still to bill."""

    def test_a_visit_is_listed_until_it_is_invoiced_and_paid_in_full(self):
        from datetime import date

        from taut.invoices.reports import unpaid_visits

        day = date(2026, 3, 10)
        [visit] = unpaid_visits(self.clinic, day)
        assert (visit.state, visit.invoice_id, visit.patient_name) == (
            "not invoiced", None, "Grace Hopper",
        )  # fmt: skip
        invoice, _ = draft_from_session(self.session, self.bob)
        invoice.lines.exclude(code="20560").delete()
        reprice(invoice, settings_for(self.clinic))
        assert unpaid_visits(self.clinic, day)[0].state == "draft"
        issuing.issue(invoice.pk, self.clinic, self.bob)
        payments.record(invoice.pk, self.clinic, self.bob, amount="20", method=Method.CASH)
        [visit] = unpaid_visits(self.clinic, day)
        assert (visit.state, visit.balance) == ("balance due", Decimal("40"))
        payments.record(invoice.pk, self.clinic, self.bob, amount="40", method=Method.CASH)
        assert unpaid_visits(self.clinic, day) == []

    def test_only_the_clinics_visits_of_that_day(self):
        from datetime import date

        from taut.invoices.reports import unpaid_visits

        assert unpaid_visits(self.clinic, date(2026, 3, 11)) == []
        assert unpaid_visits(self.other_clinic, date(2026, 3, 10)) == []
