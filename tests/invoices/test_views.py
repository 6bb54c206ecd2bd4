"""The billing pages: the front desk bills a visit and takes the money; clinicians read;
another clinic's staff get 404 everywhere; every read of financial data is audited."""

from datetime import timedelta
from decimal import Decimal

from taut.audit.models import AuditEntry
from taut.invoices import issuing, payments
from taut.invoices.drafting import draft_from_session
from taut.invoices.models import ClinicianBilling, Coverage, Invoice, Method, Payment, Status
from tests.invoices.base import InvoiceTestCase


class FrontDeskTests(InvoiceTestCase):
    def setUp(self):
        self.login(self.bob)

    def draft(self) -> Invoice:
        response = self.client.post(f"/invoices/from-session/{self.session.pk}/")
        assert response.status_code == 302
        return Invoice.objects.get(session=self.session, status=Status.DRAFT)

    def line_data(self, invoice, **changes) -> dict:
        count = invoice.lines.count()
        version = Invoice.objects.get(pk=invoice.pk).version
        data = {"form-TOTAL_FORMS": count, "form-INITIAL_FORMS": count, "version": version}
        for n, line in enumerate(invoice.lines.all()):
            row = {"id": line.pk, "description": line.description, "region": line.region,
                   "minutes": line.minutes or "", "units": line.units,
                   "unit_price": line.unit_price, **changes.get(line.code, {})}  # fmt: skip
            data.update({f"form-{n}-{k}": v for k, v in row.items()})
        return data

    def test_the_day_lists_the_visit_to_bill(self):
        response = self.client.get("/invoices/", {"day": "2026-03-10"})
        [visit] = response.context["book"].visits
        assert visit.state == "not invoiced" and visit.session_id == self.session.pk

    def test_a_visit_is_drafted_once(self):
        first = self.draft()
        self.client.post(f"/invoices/from-session/{self.session.pk}/")
        assert Invoice.objects.filter(session=self.session).count() == 1
        assert self.client.get(f"/invoices/{first.pk}/").status_code == 200

    def test_minutes_are_entered_then_the_invoice_is_issued_and_paid(self):
        invoice = self.draft()
        data = self.line_data(invoice, **{"97140": {"minutes": 7, "region": "leg_foot"},
                                          "97110": {"minutes": 33}})  # fmt: skip
        assert self.client.post(f"/invoices/{invoice.pk}/lines/", data).status_code == 302
        self.client.post(f"/invoices/{invoice.pk}/issue/")
        invoice.refresh_from_db()
        assert invoice.number == 1 and invoice.total == Decimal("160.000")
        response = self.client.post(f"/invoices/{invoice.pk}/pay/", {
            "amount": "160.00", "method": "card", "reference": "slip 9", "received_on": "2026-03-10"
        })  # fmt: skip
        payment = Payment.objects.get()
        assert response.url == f"/invoices/{invoice.pk}/payments/{payment.pk}/receipt/"
        receipt = self.client.get(response.url)
        assert b"$160.00" in receipt.content and b"slip 9" in receipt.content

    def test_a_bad_line_is_a_field_error_and_changes_nothing(self):
        invoice = self.draft()
        bad = {"97110": {"minutes": "abc"}, "20560": {"units": 0},
               "97140": {"minutes": 481, "unit_price": "-1"}}  # fmt: skip
        data = self.line_data(invoice, **bad)
        response = self.client.post(f"/invoices/{invoice.pk}/lines/", data)
        assert response.status_code == 400
        assert invoice.lines.get(code="97110").minutes is None
        errors = [form.errors for form in response.context["formset"].forms]
        assert set(errors[0]) == {"units"} and set(errors[1]) == {"minutes", "unit_price"}

    def test_a_line_added_to_a_draft_issued_meanwhile_is_refused(self):
        from unittest import mock

        from taut.invoices.models import Service

        invoice = self.draft()
        invoice.lines.exclude(code="20560").delete()
        as_read = Invoice.objects.get(pk=invoice.pk)  # the draft as the add read it
        issued = issuing.issue(invoice.pk, self.clinic, self.bob)
        service = Service.objects.get(clinic=self.clinic, code="97140")
        with mock.patch("taut.invoices.views.for_change", return_value=as_read):
            response = self.client.post(f"/invoices/{invoice.pk}/lines/add/",
                                        {"service": service.pk}, follow=True)  # fmt: skip
        assert b"issued meanwhile" in response.content
        stored = Invoice.objects.get(pk=invoice.pk)
        assert list(stored.lines.values_list("code", flat=True)) == ["20560"]
        assert stored.total == issued.total == stored.balance == payments.balance(stored)

    def test_issuing_without_minutes_is_refused_with_the_reason(self):
        invoice = self.draft()
        response = self.client.post(f"/invoices/{invoice.pk}/issue/", follow=True)
        assert b"enter the minutes" in response.content
        invoice.refresh_from_db()
        assert invoice.status == Status.DRAFT

    def test_an_overpayment_is_a_form_error(self):
        invoice = self.draft()
        invoice.lines.exclude(code="20560").delete()
        issuing.issue(invoice.pk, self.clinic, self.bob)
        response = self.client.post(f"/invoices/{invoice.pk}/pay/", {
            "amount": "61", "method": "cash", "received_on": "2026-03-10"})  # fmt: skip
        assert response.status_code == 400 and not Payment.objects.exists()
        assert "still owed" in response.context["payment_form"].non_field_errors()[0]

    def test_voiding_opens_a_replacement_draft(self):
        invoice = self.draft()
        invoice.lines.exclude(code="20560").delete()
        issuing.issue(invoice.pk, self.clinic, self.bob)
        response = self.client.post(f"/invoices/{invoice.pk}/void/", {"reason": "Wrong payer"})
        draft = Invoice.objects.get(replaces=invoice)
        assert response.url == f"/invoices/{draft.pk}/"

    def test_the_superbill_is_a_pdf_and_its_export_is_audited(self):
        invoice = self.draft()
        invoice.lines.exclude(code="20560").delete()
        issuing.issue(invoice.pk, self.clinic, self.bob)
        response = self.client.get(f"/invoices/{invoice.pk}/superbill.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert AuditEntry.objects.filter(action="export", object_id=str(invoice.pk)).exists()

    def test_a_draft_has_no_superbill(self):
        invoice = self.draft()
        assert self.client.get(f"/invoices/{invoice.pk}/superbill.pdf").status_code == 404

    def test_payer_details_are_kept_by_the_front_desk(self):
        url = f"/invoices/patients/{self.patient.uuid}/payer/"
        response = self.client.post(url, {"payer_name": "Acme Mutual", "member_id": "M-1",
                                          "relationship": "self", "is_active": "on",
                                          "version": self.coverage.version})  # fmt: skip
        assert response.status_code == 302
        assert Coverage.objects.get(patient=self.patient).payer_name == "Acme Mutual"
        assert self.client.post(url, {"payer_name": ""}).status_code == 400


class ReportTests(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        invoice, _ = draft_from_session(cls.session, cls.bob)
        invoice.lines.exclude(code="20560").delete()
        cls.invoice = issuing.issue(invoice.pk, cls.clinic, cls.bob)
        payments.record(cls.invoice.pk, cls.clinic, cls.bob, amount="25", method=Method.CASH)

    def issue_more(self, count: int) -> list:
        """`count` more invoices issued today, for visits on the days after the first."""
        from tests.treatment.factories import make_session

        issued = []
        for n in range(count):
            later = self.session.performed_at + timedelta(days=n + 1)
            session = make_session(self.episode, self.alice, needled=["masseter_superficial"],
                                   performed_at=later)  # fmt: skip
            draft, _ = draft_from_session(session, self.bob)
            issued.append(issuing.issue(draft.pk, self.clinic, self.bob))
        return issued

    def today(self) -> dict:
        """The report's period: the day the invoices were issued."""
        today = self.invoice.issued_at.date().isoformat()
        return {"from": today, "to": today}

    def test_the_report_gives_charges_payments_and_what_is_owed(self):
        self.login(self.carol)
        today = self.invoice.issued_at.date().isoformat()
        report = self.client.get("/invoices/report/", {"from": today, "to": today}).context[
            "report"
        ]
        assert report.charged == Decimal("60") and report.received == Decimal("25")
        assert report.outstanding == Decimal("35")

    def test_the_csv_has_one_row_per_invoice(self):
        self.login(self.bob)
        today = self.invoice.issued_at.date().isoformat()
        response = self.client.get("/invoices/report/", {"from": today, "to": today,
                                                         "format": "csv"})  # fmt: skip
        rows = response.getvalue().decode().splitlines()
        assert rows[0].startswith("invoice,issued,visit")
        assert rows[1].startswith("1,") and rows[1].endswith(
            ",issued,60.00,0.00,60.00,0.00,25.00,0.00,35.00,USD"
        )
        assert AuditEntry.objects.filter(action="export").exists()

    def test_the_claim_lines_carry_what_a_claim_form_asks_for(self):
        self.login(self.bob)
        today = self.invoice.issued_at.date().isoformat()
        response = self.client.get("/invoices/report/", {"from": today, "to": today,
                                                         "format": "lines"})  # fmt: skip
        header, row = response.getvalue().decode().splitlines()
        assert header.startswith("invoice,date of service,chart number,patient,date of birth")
        assert row.split(",")[5:] == [
            "Blue Harbor Health", "BH123", "XJ-5551234", "G-77", "1234567893", "",
            "20560", "GP", "", "1", "60.00", "USD",
        ]  # fmt: skip

    def test_a_malformed_period_is_this_month_not_an_error(self):
        self.login(self.bob)
        assert self.client.get("/invoices/report/", {"from": "soon"}).status_code == 200

    def test_the_periods_invoices_are_listed_a_page_at_a_time(self):
        from unittest import mock

        self.issue_more(2)  # three invoices issued in the period, in this order
        self.login(self.bob)
        period = self.today()
        with mock.patch("taut.invoices.document_views.REPORT_PAGE", 2):
            first = self.client.get("/invoices/report/", period)
            assert [i.number for i in first.context["page"].items] == [1, 2]
            assert first.context["page"].items[0].paid == Decimal("25")  # with its figures
            assert " on 3 invoices<" in first.content.decode()
            after = first.context["page"].next
            second = self.client.get("/invoices/report/", {**period, "cursor": after})
            assert [i.number for i in second.context["page"].items] == [3]
            assert second.context["page"].next is None
            bad = self.client.get("/invoices/report/", {**period, "cursor": "forged"})
        assert bad.status_code == 400
        assert [i.number for i in bad.context["page"].items] == [1, 2]
        csv = self.client.get("/invoices/report/", {**period, "format": "csv"})
        assert len(csv.getvalue().decode().splitlines()) == 4  # every invoice, and the header

    def test_the_downloads_read_the_period_in_batches_and_send_it_in_pieces(self):
        from unittest import mock

        self.issue_more(4)  # five invoices, the first paid in part
        self.login(self.bob)
        period = self.today()
        whole = {k: self.client.get("/invoices/report/", {**period, "format": k}).getvalue()
                 for k in ("csv", "lines", "ledger")}  # fmt: skip
        with (mock.patch("taut.invoices.downloads.BATCH", 2),
              mock.patch("taut.invoices.downloads.PIECE", 10)):  # fmt: skip
            for kind, expected in whole.items():
                sent = self.client.get("/invoices/report/", {**period, "format": kind})
                pieces = list(sent.streaming_content)
                assert len(pieces) > 5, kind
                assert b"".join(pieces) == expected, kind
        rows = whole["csv"].decode().splitlines()[1:]
        assert [r.split(",")[0] for r in rows] == ["1", "2", "3", "4", "5"]
        assert rows[0].endswith(",25.00,0.00,35.00,USD")  # its money, from its batch
        ledger = [r.split(",")[1:3] for r in whole["ledger"].decode().splitlines()[1:]]
        assert ledger == [["invoice", str(n)] for n in range(1, 6)] + [
            ["payment", f"1-{self.invoice.payments.get().pk}"]
        ]
        assert len(whole["lines"].decode().splitlines()) == 1 + 5

    def test_the_downloads_keep_number_order_when_issue_times_disagree(self):
        [second] = self.issue_more(1)
        # another server's clock a second behind: number 2 stamped before number 1
        Invoice.objects.filter(pk=second.pk).update(
            issued_at=self.invoice.issued_at - timedelta(seconds=1)
        )
        self.login(self.bob)
        period = self.today()

        def numbers(kind, column):
            sent = self.client.get("/invoices/report/", {**period, "format": kind}).getvalue()
            return [row.split(",")[column] for row in sent.decode().splitlines()[1:]]

        assert numbers("csv", 0) == ["1", "2"]
        assert numbers("lines", 0) == ["1", "2"]
        assert numbers("ledger", 2)[:2] == ["1", "2"]  # the two invoices, then the payment


class RoleTests(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.invoice, _ = draft_from_session(cls.session, cls.bob)

    def test_a_clinician_reads_but_does_not_bill(self):
        self.login(self.alice)
        assert self.client.get(f"/invoices/{self.invoice.pk}/").status_code == 200
        assert self.client.post(f"/invoices/{self.invoice.pk}/issue/").status_code == 403
        assert self.client.post(f"/invoices/from-session/{self.session.pk}/").status_code == 403
        assert self.client.get("/invoices/report/").status_code == 403

    def test_only_a_clinic_admin_sets_fees_and_npis(self):
        self.login(self.bob)
        assert self.client.get("/invoices/fees/").status_code == 200
        assert self.client.post("/invoices/fees/", {"code": "OWN1"}).status_code == 403
        assert self.client.get("/invoices/settings/").status_code == 403
        self.login(self.carol)
        response = self.client.post("/invoices/fees/", {
            "code": "dn30", "kind": "own", "description": "Dry needling, 30 minute visit",
            "fee": "75", "is_active": "on"})  # fmt: skip
        assert response.status_code == 302
        assert self.clinic.services.get(code="DN30").fee == Decimal("75")

    def test_a_cpt_code_must_look_like_one(self):
        self.login(self.carol)
        response = self.client.post("/invoices/fees/", {
            "code": "ABCDE", "kind": "cpt", "description": "x", "fee": "1"})  # fmt: skip
        assert response.status_code == 400

    def test_an_npi_with_a_wrong_check_digit_is_refused(self):
        self.login(self.carol)
        response = self.client.post("/invoices/settings/", {
            "clinician": self.alice.pk, "npi": "1234567890"})  # fmt: skip
        assert response.status_code == 400
        assert ClinicianBilling.objects.get(clinician=self.alice).npi == "1234567893"

    def test_the_clinic_admin_sets_currency_and_tax(self):
        self.login(self.carol)
        settings = {
            "currency": "EUR",
            "unit_rule": "ama",
            "tax_label": "VAT",
            "tax_rate": "21",
            "version": 1,
        }
        response = self.client.post("/invoices/settings/", settings)
        assert response.status_code == 302
        self.clinic.billing.refresh_from_db()
        assert self.clinic.billing.currency == "EUR"
        bad = self.client.post("/invoices/settings/", {"currency": "XXX", "unit_rule": "cms"})
        assert bad.status_code == 400


class OutsiderTests(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        invoice, _ = draft_from_session(cls.session, cls.bob)
        invoice.lines.exclude(code="20560").delete()
        cls.invoice = issuing.issue(invoice.pk, cls.clinic, cls.bob)
        cls.payment = payments.record(cls.invoice.pk, cls.clinic, cls.bob, amount="5",
                                      method=Method.CASH)  # fmt: skip

    def test_another_clinics_staff_get_404_for_every_billing_url(self):
        self.login(self.charlie)
        i, p = self.invoice.pk, self.payment.pk
        for url in [f"/invoices/{i}/", f"/invoices/{i}/superbill.pdf",
                    f"/invoices/{i}/payments/{p}/receipt/",
                    f"/invoices/patients/{self.patient.uuid}/payer/"]:  # fmt: skip
            assert self.client.get(url).status_code == 404, url
        for url in [f"/invoices/from-session/{self.session.pk}/", f"/invoices/{i}/issue/",
                    f"/invoices/{i}/void/", f"/invoices/{i}/pay/", f"/invoices/{i}/lines/",
                    f"/invoices/{i}/lines/add/"]:  # fmt: skip
            assert self.client.post(url, {"reason": "x", "amount": "1"}).status_code == 404, url
        self.invoice.refresh_from_db()
        assert self.invoice.status == Status.ISSUED and Payment.objects.count() == 1

    def test_a_malformed_id_is_404(self):
        self.login(self.bob)
        assert self.client.post("/invoices/from-session/abc/").status_code == 404

    def test_a_patient_of_the_portal_gets_no_billing_page(self):
        self.login(self.penny)
        assert self.client.get(f"/invoices/{self.invoice.pk}/").status_code == 404
