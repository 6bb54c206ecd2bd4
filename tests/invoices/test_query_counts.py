"""The billing page costs the same number of queries whatever the number of visits of the
day and of invoices it lists; so does the patient page whatever the patient's invoices."""

from datetime import timedelta

from taut.clinics.models import Clinic
from taut.invoices import issuing
from taut.invoices.drafting import draft_from_session
from tests.invoices.base import VISIT, InvoiceTestCase
from tests.queries import page_queries, reading
from tests.treatment.factories import make_session

URL = f"/invoices/?day={VISIT:%Y-%m-%d}"


class BillingPageQueryTests(InvoiceTestCase):
    def add_visits(self, count: int, invoiced: bool):
        for n in range(count):
            session = make_session(self.episode, self.alice, needled=["upper_trapezius"],
                                   performed_at=VISIT + timedelta(minutes=n + 1))  # fmt: skip
            if invoiced:
                invoice, _ = draft_from_session(session, self.bob)
                issuing.issue(invoice.pk, self.clinic, self.bob)

    def test_more_invoices_listed_cost_no_more_queries(self):
        self.login(self.bob)
        self.add_visits(1, invoiced=True)
        few = page_queries(self.client, URL)
        self.add_visits(6, invoiced=True)
        many = page_queries(self.client, URL)
        assert len(few) == len(many), "\n".join(many)

    def test_more_visits_of_the_day_cost_no_more_queries(self):
        self.login(self.bob)
        few = page_queries(self.client, URL)
        self.add_visits(6, invoiced=False)
        many = page_queries(self.client, URL)
        assert len(few) == len(many), "\n".join(many)

    def test_the_patient_page_costs_the_same_with_more_invoices(self):
        self.login(self.bob)
        url = f"/patients/{self.patient.uuid}/"
        self.add_visits(1, invoiced=True)
        few = page_queries(self.client, url)
        self.add_visits(6, invoiced=True)
        many = page_queries(self.client, url)
        assert len(few) == len(many), "\n".join(many)
        assert not reading(Clinic._meta.db_table, many), "the clinic is known: read it by id"
