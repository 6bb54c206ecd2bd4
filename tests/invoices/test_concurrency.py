"""Two front desks issuing at the same moment (PostgreSQL, where transactions really run side
by side; SQLite serialises every write anyway): numbers are never shared nor skipped."""

import functools
import unittest
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from taut.clinics.roles import Role
from taut.invoices import issuing
from taut.invoices.drafting import draft_from_session
from taut.invoices.models import Invoice, InvoiceSequence, Status
from taut.invoices.setup import add_known_services, settings_for
from tests.concurrency import at_once, outcome, slow
from tests.episodes.factories import make_episode
from tests.factories import make_clinic, make_patient, make_user
from tests.treatment.factories import make_session


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentIssueTests(TransactionTestCase):
    def setUp(self):
        self.clinic = make_clinic("Northside")
        self.alice = make_user("alice", (self.clinic, Role.CLINICIAN))
        self.bob = make_user("bob", (self.clinic, Role.FRONT_DESK))
        settings_for(self.clinic)
        add_known_services(self.clinic, {"20560": Decimal("60")})
        episode = make_episode(make_patient(self.clinic), self.alice)
        self.drafts = [
            draft_from_session(make_session(episode, self.alice, needled=["temporalis"]), self.bob)[
                0
            ]
            for _ in range(3)
        ]

    def race(self, *invoices) -> list[str]:
        def attempt(invoice):
            return issuing.issue(invoice.pk, self.clinic, self.bob)

        # Hold each transaction open after it priced the draft, between taking its number
        # and saving it, so that without the counter's row lock two would take the same.
        with mock.patch.object(issuing, "reprice", slow(issuing.reprice)):
            outcomes = at_once(*(functools.partial(attempt, i) for i in invoices))
        return sorted(outcome(o, "issued", issuing.BillingError) for o in outcomes)

    def test_three_invoices_issued_at_once_get_1_2_and_3(self):
        assert self.race(*self.drafts) == ["issued"] * 3
        numbers = sorted(Invoice.objects.values_list("number", flat=True))
        assert numbers == [1, 2, 3]

    def test_the_same_draft_issued_twice_at_once_is_issued_once_without_a_gap(self):
        assert self.race(self.drafts[0], self.drafts[0]) == ["issued", "refused"]
        assert Invoice.objects.get(pk=self.drafts[0].pk).status == Status.ISSUED
        assert InvoiceSequence.objects.get(clinic=self.clinic).last_number == 1


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentRefundTests(TransactionTestCase):
    """Two front desks giving back money on one payment at the same moment: the invoice row's
    lock checks them one after the other, so together they never exceed what was paid."""

    def setUp(self):
        from taut.invoices import payments
        from taut.invoices.models import Method

        self.clinic = make_clinic("Northside")
        alice = make_user("alice", (self.clinic, Role.CLINICIAN))
        self.bob = make_user("bob", (self.clinic, Role.FRONT_DESK))
        settings_for(self.clinic)
        add_known_services(self.clinic, {"20560": Decimal("60")})
        episode = make_episode(make_patient(self.clinic), alice)
        draft = draft_from_session(make_session(episode, alice, needled=["temporalis"]), self.bob)
        self.invoice = issuing.issue(draft[0].pk, self.clinic, self.bob)
        self.payment = payments.record(self.invoice.pk, self.clinic, self.bob, amount="60",
                                       method=Method.CASH)  # fmt: skip

    def race(self, *attempts, hold="refundable") -> list[str]:
        from taut.invoices import corrections

        # Hold each transaction after it read what is left, so that without the lock both
        # would read 60 and both write.
        with mock.patch.object(corrections, hold, slow(getattr(corrections, hold))):
            outcomes = at_once(*attempts)
        return sorted(outcome(o, "done", issuing.BillingError) for o in outcomes)

    def refund(self, amount):
        from taut.invoices import corrections
        from taut.invoices.models import Method

        def step():
            corrections.refund(self.payment.pk, self.clinic, self.bob, amount=amount,
                               method=Method.CASH, reason="race")  # fmt: skip

        return step

    def test_two_refunds_at_once_never_exceed_the_payment(self):
        from taut.invoices.models import Refund

        assert self.race(self.refund("40"), self.refund("40")) == ["done", "refused"]
        assert [r.amount for r in Refund.objects.all()] == [Decimal("40.000")]

    def test_two_credit_notes_at_once_never_take_the_balance_below_zero(self):
        from taut.invoices import corrections, payments
        from taut.invoices.models import CreditNote

        self.refund("30")()  # 30 owed again

        def credit():
            corrections.credit(self.invoice.pk, self.clinic, self.bob, amount="30", reason="r")

        assert self.race(credit, credit, hold="balance") == ["done", "refused"]
        assert payments.balance(self.invoice) == 0
        assert list(CreditNote.objects.values_list("number", flat=True)) == [1]
