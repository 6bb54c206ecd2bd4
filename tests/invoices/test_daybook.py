"""The billing page's visits of a day, a page at a time: in the order they happened, none lost
or repeated across pages, a friendly first page for a bad address, one clinic's only."""

from datetime import timedelta
from unittest import mock

from django.http import QueryDict

from taut.clinics.roles import Role
from taut.invoices import issuing, payments
from taut.invoices.daybook import open_day
from taut.invoices.drafting import draft_from_session
from taut.invoices.models import Method
from tests.episodes.factories import make_episode
from tests.factories import make_patient, make_user
from tests.invoices.base import VISIT, InvoiceTestCase
from tests.treatment.factories import make_session

DAY = VISIT.date()
URL = "/invoices/"
THE_DAY = {"day": f"{DAY:%Y-%m-%d}"}


def params(**given) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update({k: str(v) for k, v in given.items()})
    return query


class DaybookTests(InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.erin = make_user("erin", (cls.clinic, Role.CLINICIAN))
        # Eleven more visits after the base one; two pairs at the same minute, so that the
        # order needs the id as well as the time.
        minutes = [5, 5, 10, 20, 20, 30, 40, 50, 60, 70, 80]
        cls.visits = [cls.session] + [
            make_session(cls.episode, cls.erin if n % 2 else cls.alice,
                         needled=["upper_trapezius"], performed_at=VISIT + timedelta(minutes=m))
            for n, m in enumerate(minutes)
        ]  # fmt: skip
        # One paid in full (never listed) and one drafted (listed as a draft).
        paid, _ = draft_from_session(cls.visits[3], cls.bob)
        paid = issuing.issue(paid.pk, cls.clinic, cls.bob)
        payments.record(paid.pk, cls.clinic, cls.bob, amount=paid.total, method=Method.CASH,
                        received_on=DAY, reference="")  # fmt: skip
        draft_from_session(cls.visits[6], cls.bob)
        cls.unpaid = [v.pk for v in cls.visits if v != cls.visits[3]]
        # Another clinic's visit the same day, and this clinic's the day after.
        theirs = make_patient(cls.other_clinic, "Alan", "Turing")
        cls.outsider_visit = make_session(make_episode(theirs, cls.charlie), cls.charlie,
                                          performed_at=VISIT + timedelta(minutes=7))  # fmt: skip
        cls.next_day_visit = make_session(cls.episode, cls.alice,
                                          performed_at=VISIT + timedelta(days=1))  # fmt: skip

    def walk(self, per_page, clinician=None):
        pages = [open_day(self.clinic, DAY, clinician, params(), per_page)]
        while pages[-1].next:
            pages.append(open_day(self.clinic, DAY, clinician, QueryDict(pages[-1].next), per_page))
        return pages

    def test_pages_follow_the_day_in_order_without_losing_or_repeating_a_visit(self):
        # Two a page: the pages split both pairs of visits at the same minute.
        pages = self.walk(per_page=2)
        shown = [v.session_id for page in pages for v in page.visits]
        assert shown == self.unpaid
        assert [(p.first, p.last) for p in pages] == [
            (1, 2),
            (3, 4),
            (5, 6),
            (7, 8),
            (9, 10),
            (11, 11),
        ]
        assert {p.total for p in pages} == {11}
        states = {v.session_id: v.state for page in pages for v in page.visits}
        assert states[self.visits[6].pk] == "draft" and states[self.session.pk] == "not invoiced"

    def test_previous_pages_are_the_same_pages_backwards(self):
        pages = self.walk(per_page=2)
        back = [pages[-1]]
        while back[-1].previous:
            back.append(open_day(self.clinic, DAY, None, QueryDict(back[-1].previous), 2))
        assert [[v.session_id for v in p.visits] for p in back[::-1]] == [
            [v.session_id for v in p.visits] for p in pages
        ]

    def test_a_clinicians_visits_are_paged_on_their_own(self):
        pages = self.walk(per_page=2, clinician=self.erin)
        shown = [v.session_id for page in pages for v in page.visits]
        erins = [v.pk for v in self.visits if v.clinician_id == self.erin.pk]
        assert shown == [pk for pk in self.unpaid if pk in erins] and len(shown) > 2
        assert all("clinician=" in p.next for p in pages[:-1])

    def test_a_visit_not_of_the_day_or_of_the_clinic_gives_the_first_page(self):
        first = [v.session_id for v in open_day(self.clinic, DAY, None, params(), 3).visits]
        for bad in ("x", "", "-1", "99999999", self.outsider_visit.pk, self.next_day_visit.pk):
            for direction in ("after", "before"):
                page = open_day(self.clinic, DAY, None, params(**{direction: bad}), 3)
                assert [v.session_id for v in page.visits] == first, (direction, bad)
                assert page.first == 1

    def test_after_the_last_visit_is_the_first_page_not_an_empty_one(self):
        last = self.walk(per_page=3)[-1].visits[-1].session_id
        page = open_day(self.clinic, DAY, None, params(after=last), 3)
        assert page.first == 1 and len(page.visits) == 3

    def test_a_visit_paid_since_the_page_was_drawn_still_marks_where_the_next_page_starts(self):
        first, second = self.walk(per_page=2)[:2]
        last_shown = self.visits[1]
        assert first.visits[-1].session_id == last_shown.pk
        invoice, _ = draft_from_session(last_shown, self.bob)
        invoice = issuing.issue(invoice.pk, self.clinic, self.bob)
        payments.record(invoice.pk, self.clinic, self.bob, amount=invoice.total,
                        method=Method.CASH, received_on=DAY, reference="")  # fmt: skip
        page = open_day(self.clinic, DAY, None, QueryDict(first.next), 2)
        assert [v.session_id for v in page.visits] == [v.session_id for v in second.visits]
        assert (page.first, page.total) == (2, 10)

    def test_another_clinics_visits_are_not_listed_or_counted(self):
        pages = self.walk(per_page=50)
        assert len(pages) == 1 and pages[0].total == 11
        assert self.outsider_visit.pk not in [v.session_id for v in pages[0].visits]


class DaybookPageTests(DaybookTests):
    def setUp(self):
        self.login(self.bob)

    def test_the_page_says_how_many_and_which_are_shown_and_links_on_keeping_the_day(self):
        with mock.patch("taut.invoices.daybook.PER_PAGE", 4):
            response = self.client.get(URL, {**THE_DAY, "clinician": self.alice.pk})
            html = response.content.decode()
            book = response.context["book"]
            assert "visits to bill or collect for Alice, 1–4 shown" in html
            assert book.total == 6 and f"day={DAY:%Y-%m-%d}" in book.next
            assert f'href="?{book.next.replace("&", "&amp;")}" rel="next"' in html
            second = self.client.get(f"/invoices/?{book.next}").context["book"]
        assert (second.first, second.last, second.clinician) == (5, 6, self.alice)
        assert second.previous and not second.next

    def test_a_bad_page_or_clinician_in_the_address_is_the_first_page_of_everyone(self):
        for bad in ({"after": "'; drop"}, {"before": "1e9"}, {"clinician": "nobody"},
                    {"clinician": self.charlie.pk}, {"day": "2026-02-31"}):  # fmt: skip
            response = self.client.get(URL, {**THE_DAY, **bad})
            assert response.status_code == 200, bad
            assert (
                response.context["book"].first == 1 and response.context["book"].clinician is None
            )

    def test_the_outsider_sees_none_of_these_visits(self):
        self.login(self.charlie)
        response = self.client.get(URL, THE_DAY)
        assert [v.session_id for v in response.context["book"].visits] in (
            [],
            [self.outsider_visit.pk],
        )
