"""The billing page's rows (taut.invoices.home_html): the day's visits (what each state
shows, what each role may do, every value escaped) and the latest invoices."""

import re

from taut.invoices import issuing, payments
from taut.invoices.drafting import draft_from_session
from taut.invoices.models import Method
from taut.invoices.pricing import reprice
from taut.invoices.setup import settings_for
from tests.invoices.base import InvoiceTestCase

DAY = "/invoices/?day=2026-03-10"


def rows(html: str) -> str:
    """The visits table's body, whitespace between tags removed, the CSRF token blanked."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', body)
    return re.sub(r">\s+<", "><", body).strip()


class VisitRowTests(InvoiceTestCase):
    def page(self, who) -> str:
        self.client.force_login(who)
        return rows(self.client.get(DAY).content.decode())

    def test_a_visit_not_invoiced_offers_the_front_desk_to_invoice_it(self):
        action = f"/invoices/from-session/{self.session.pk}/"
        assert self.page(self.bob) == (
            "<tr><td>15:00</td><td>Grace Hopper</td><td>Not invoiced</td><td></td><td>"
            f'<form method="post" action="{action}" class="inline">'
            '<input type="hidden" name="csrfmiddlewaretoken">'
            '<button type="submit" class="small-button">Invoice this visit</button></form>'
            "</td></tr>"
        )
        # a clinician sees the visit but is not offered to bill it
        assert self.page(self.alice) == (
            "<tr><td>15:00</td><td>Grace Hopper</td><td>Not invoiced</td><td></td><td></td></tr>"
        )

    def test_a_draft_and_a_balance_due_link_their_invoice_with_the_amount(self):
        invoice, _ = draft_from_session(self.session, self.bob)
        invoice.lines.exclude(code="20560").delete()
        reprice(invoice, settings_for(self.clinic))
        link = f'<a href="/invoices/{invoice.pk}/">Open invoice</a>'
        assert self.page(self.bob) == (
            "<tr><td>15:00</td><td>Grace Hopper</td><td>Draft</td><td>$60.00</td>"
            f"<td>{link}</td></tr>"
        )
        issuing.issue(invoice.pk, self.clinic, self.bob)
        payments.record(invoice.pk, self.clinic, self.bob, amount="20", method=Method.CASH)
        assert self.page(self.bob) == (
            "<tr><td>15:00</td><td>Grace Hopper</td><td>Balance due</td><td>$40.00</td>"
            f"<td>{link}</td></tr>"
        )

    def test_the_patients_name_is_escaped(self):
        self.patient.given_name = "<b>Grace</b>"
        self.patient.save()
        page = self.page(self.bob)
        assert "&lt;b&gt;Grace&lt;/b&gt; Hopper" in page and "<b>" not in page


class LatestInvoiceRowTests(InvoiceTestCase):
    def test_a_draft_then_the_issued_invoice_with_what_was_paid(self):
        invoice, _ = draft_from_session(self.session, self.bob)
        invoice.lines.exclude(code="20560").delete()
        reprice(invoice, settings_for(self.clinic))
        self.client.force_login(self.bob)
        link = f'<a href="/invoices/{invoice.pk}/">'

        def latest() -> str:
            html = self.client.get(DAY).content.decode()
            return rows(html.split('id="recent-title"')[1])

        assert latest() == (
            f"<tr><td>{link}Draft</a></td><td>2026-03-10</td><td>Grace Hopper</td>"
            "<td>Draft</td><td>$60.00</td><td>$0.00</td></tr>"
        )
        issuing.issue(invoice.pk, self.clinic, self.bob)
        payments.record(invoice.pk, self.clinic, self.bob, amount="20", method=Method.CASH)
        invoice.refresh_from_db()
        assert latest() == (
            f"<tr><td>{link}{invoice.number}</a></td><td>2026-03-10</td><td>Grace Hopper</td>"
            "<td>Issued</td><td>$60.00</td><td>$20.00</td></tr>"
        )
