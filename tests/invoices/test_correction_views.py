"""The refund page, the credit note form and printable credit note, the invoice page's
explanation of why it cannot be voided, and the report's refunds and credits, as page and
CSV. Bad input is a form error (400), never a 500 nor a write; every action is audited."""

from decimal import Decimal

from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.invoices import corrections, issuing, payments
from taut.invoices.drafting import draft_from_session
from taut.invoices.models import CreditNote, Method, Refund
from tests.invoices.base import InvoiceTestCase

CREDIT_ONE = {"credit-amount": "1", "credit-reason": "x"}


class CorrectionPageTests(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        invoice, _ = draft_from_session(cls.session, cls.bob)
        invoice.lines.exclude(code="20560").delete()
        cls.invoice = issuing.issue(invoice.pk, cls.clinic, cls.bob)  # 60.00
        cls.payment = payments.record(cls.invoice.pk, cls.clinic, cls.bob, amount="60",
                                      method=Method.CARD, reference="slip 7")  # fmt: skip

    def setUp(self):
        self.login(self.bob)
        self.url = f"/invoices/{self.invoice.pk}/"
        self.refund_url = f"{self.url}payments/{self.payment.pk}/refund/"

    def refund_data(self, **changes):
        today = timezone.localdate().isoformat()
        return {"amount": "20", "method": "card", "reference": "rev 3", "refunded_on": today,
                "reason": "Charged twice for one region", **changes}  # fmt: skip

    def test_the_invoice_page_says_why_it_cannot_be_voided_and_offers_a_refund(self):
        page = self.client.get(self.url).content.decode()
        assert "Put this invoice right" in page and "Refund the payments first" in page
        assert self.refund_url in page
        assert f'action="/invoices/{self.invoice.pk}/void/"' not in page

    def test_the_refund_form_starts_on_what_is_left_then_records_and_shows_on_the_receipt(self):
        form = self.client.get(self.refund_url)
        assert form.context["form"].initial["amount"] == Decimal("60.00")
        response = self.client.post(self.refund_url, self.refund_data())
        assert response.url == f"{self.url}payments/{self.payment.pk}/receipt/"
        receipt = self.client.get(response.url).content.decode()
        assert "Refunded" in receipt and "$20.00" in receipt and "rev 3" in receipt
        assert "Still owed</dt><dd>$20.00" in receipt
        refund = Refund.objects.get()
        entry = AuditEntry.objects.filter(action="create").latest("pk")
        assert entry.detail["amount"] == "20.00" and entry.patient_id == self.patient.pk
        assert refund.recorded_by == self.bob

    def test_an_over_refund_or_bad_input_is_a_form_error_and_writes_nothing(self):
        for bad in ({"amount": "60.01"}, {"amount": "-1"}, {"amount": "ten"}, {"reason": ""},
                    {"refunded_on": "2999-01-01"}, {"method": "gold"}, {"amount": "1e9999"},
                    {"reference": ""}):  # fmt: skip
            response = self.client.post(self.refund_url, self.refund_data(**bad))
            assert response.status_code == 400, bad
        assert not Refund.objects.exists()

    def test_a_credit_note_is_issued_printed_and_lowers_the_balance(self):
        corrections.refund(self.payment.pk, self.clinic, self.bob, amount="60",
                           method=Method.CARD, reference="rev 1", reason="Paid twice")  # fmt: skip
        credit = {"credit-amount": "12.50", "credit-reason": "Courtesy"}
        response = self.client.post(f"{self.url}credit/", credit)
        note = CreditNote.objects.get()
        assert response.url == f"{self.url}credit-notes/{note.pk}/"
        printed = self.client.get(response.url).content.decode()
        assert "Credit note CN-1" in printed and "$12.50" in printed and "$47.50" in printed
        page = self.client.get(self.url).content.decode()
        assert "CN-1" in page and "Balance</dt><dd><strong>$47.50" in page
        assert "CN-1 already corrects" in page
        entry = AuditEntry.objects.filter(action="create").latest("pk")
        assert (entry.detail["credit_note"], entry.detail["amount"]) == (1, "12.50")

    def test_a_credit_note_above_the_balance_is_a_form_error(self):
        response = self.client.post(f"{self.url}credit/", CREDIT_ONE)
        assert response.status_code == 400
        assert "refund that payment first" in response.content.decode()
        for bad in ({"credit-amount": "0", "credit-reason": "x"},
                    {"credit-amount": "", "credit-reason": "x"},
                    {"credit-amount": "5", "credit-reason": ""}):  # fmt: skip
            assert self.client.post(f"{self.url}credit/", bad).status_code == 400
        assert not CreditNote.objects.exists()

    def test_a_clinician_reads_but_does_not_refund_or_credit(self):
        self.login(self.alice)
        assert self.client.get(self.refund_url).status_code == 403
        assert self.client.post(self.refund_url, self.refund_data()).status_code == 403
        assert self.client.post(f"{self.url}credit/", CREDIT_ONE).status_code == 403

    def test_another_clinic_gets_404(self):
        note = CreditNote.objects.create(
            clinic=self.clinic, invoice=self.invoice, patient=self.patient, number=1,
            amount=Decimal("1"), reason="x", issued_by=self.bob,
        )  # fmt: skip
        self.login(self.charlie)
        assert self.client.get(self.refund_url).status_code == 404
        assert self.client.post(self.refund_url, self.refund_data()).status_code == 404
        assert self.client.post(f"{self.url}credit/", CREDIT_ONE).status_code == 404
        assert self.client.get(f"{self.url}credit-notes/{note.pk}/").status_code == 404
        assert not Refund.objects.exists()

    def test_a_payment_of_another_invoice_is_404(self):
        other = self.client.get(f"/invoices/999999/payments/{self.payment.pk}/refund/")
        assert other.status_code == 404


class CorrectionReportTests(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        invoice, _ = draft_from_session(cls.session, cls.bob)
        invoice.lines.exclude(code="20560").delete()
        cls.invoice = issuing.issue(invoice.pk, cls.clinic, cls.bob)
        payment = payments.record(cls.invoice.pk, cls.clinic, cls.bob, amount="60",
                                  method=Method.CASH)  # fmt: skip
        corrections.refund(payment.pk, cls.clinic, cls.bob, amount="20", method=Method.CASH,
                           reason="Overcharged")  # fmt: skip
        corrections.credit(cls.invoice.pk, cls.clinic, cls.bob, amount="20", reason="Discount")

    def get(self, **more):
        today = timezone.localdate().isoformat()
        return self.client.get("/invoices/report/", {"from": today, "to": today, **more})

    def test_the_page_shows_credits_refunds_and_net_figures(self):
        self.login(self.bob)
        page = self.get().content.decode()
        for shown in ("Credit notes issued", "CN-1", "Refunded", "Net received", "$40.00"):
            assert shown in page, shown

    def test_the_invoice_csv_has_credits_and_refunds(self):
        self.login(self.bob)
        header, row = self.get(format="csv").getvalue().decode().splitlines()
        assert header.endswith("total,credited,received,refunded,balance,currency")
        assert row.endswith(",60.00,20.00,60.00,20.00,0.00,USD")

    def test_the_ledger_csv_has_one_row_per_movement(self):
        self.login(self.bob)
        response = self.get(format="ledger")
        rows = response.getvalue().decode().splitlines()
        assert rows[0].startswith("date,entry,document,invoice")
        assert [r.split(",")[1] for r in rows[1:]] == ["invoice", "credit note", "payment",
                                                       "refund"]  # fmt: skip
        assert rows[4].endswith(",Overcharged,,,,20.00,USD")
        assert AuditEntry.objects.filter(action="export", detail__format="ledger").exists()
