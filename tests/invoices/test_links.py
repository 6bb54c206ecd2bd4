"""From a visit to its invoice in one click: the patient page lists the patient's invoices,
balance and visits to bill; the session page links its invoice or offers to create it."""

from taut.audit.models import AuditEntry
from taut.invoices import issuing, payments
from taut.invoices.drafting import draft_from_session
from taut.invoices.models import Invoice, Method
from tests.invoices.base import InvoiceTestCase


class PatientPageTests(InvoiceTestCase):
    def url(self):
        return f"/patients/{self.patient.uuid}/"

    def test_the_front_desk_invoices_a_visit_from_the_patient_page(self):
        self.login(self.bob)
        page = self.client.get(self.url()).content.decode()
        action = f"/invoices/from-session/{self.session.pk}/"
        assert "Visits not invoiced" in page and action in page
        response = self.client.post(action)
        invoice = Invoice.objects.get(session=self.session)
        assert response.url == f"/invoices/{invoice.pk}/"
        page = self.client.get(self.url()).content.decode()
        assert f'href="/invoices/{invoice.pk}/"' in page and action not in page

    def test_the_balance_counts_what_is_owed_on_issued_invoices(self):
        invoice, _ = draft_from_session(self.session, self.bob)
        invoice.lines.exclude(code="20560").delete()
        issuing.issue(invoice.pk, self.clinic, self.bob)
        payments.record(invoice.pk, self.clinic, self.bob, amount="25", method=Method.CASH)
        self.login(self.bob)
        response = self.client.get(self.url())
        assert response.context["patient_billing"].balance == 35
        assert "Owed on issued invoices: <strong>$35.00" in response.content.decode()
        assert AuditEntry.objects.filter(
            action="list", patient_id=self.patient.pk, detail__billing="patient's invoices"
        ).exists()

    def test_a_clinician_sees_the_invoices_but_is_not_offered_to_bill(self):
        draft_from_session(self.session, self.bob)
        self.login(self.alice)
        page = self.client.get(self.url()).content.decode()
        assert "Draft invoice" in page and "Invoice this visit" not in page

    def test_another_patients_invoices_are_not_listed(self):
        draft_from_session(self.session, self.bob)
        self.login(self.bob)
        other = self.client.get(f"/patients/{self.portal_patient.uuid}/")
        assert other.context["patient_billing"].invoices == []


class SessionPageTests(InvoiceTestCase):
    def url(self):
        base = f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/sessions/"
        return f"{base}{self.session.pk}/"

    def test_a_visit_not_invoiced_offers_create_invoice_to_who_bills(self):
        from taut.clinics.roles import Role
        from tests.factories import make_user

        # a clinic admin who also treats reads the session and may bill it
        dana = make_user("dana", (self.clinic, Role.CLINICIAN), (self.clinic, Role.ADMIN))
        self.login(dana)
        page = self.client.get(self.url()).content.decode()
        assert f'action="/invoices/from-session/{self.session.pk}/"' in page
        assert "Create invoice" in page
        self.login(self.alice)
        page = self.client.get(self.url()).content.decode()
        assert "Not invoiced yet" in page and "Create invoice" not in page

    def test_the_session_links_its_invoice(self):
        invoice, _ = draft_from_session(self.session, self.bob)
        self.login(self.alice)
        page = self.client.get(self.url()).content.decode()
        assert f'href="/invoices/{invoice.pk}/"' in page
        assert AuditEntry.objects.filter(action="view", object_id=str(invoice.pk)).exists()
