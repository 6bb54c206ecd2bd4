"""Keyset paging (taut.paging): every row once, in order, forward and back; cursors that were
altered are refused; the patient list pages by cursor and answers 400 to a bad one."""

from datetime import date

import pytest
from django.core import signing

from taut.paging import SALT, BadCursor, Keyed, in_order, keyset_page
from taut.patients.models import Patient
from tests.base import ClinicTestCase
from tests.factories import make_patient


def walk(rows, size):
    """The pages from the first to the last by `next`, then back by `previous`."""
    pages, cursor = [], None
    while True:
        page = keyset_page(rows, cursor, size)
        pages.append(page.items)
        if page.next is None:
            break
        cursor = page.next
    back = [page.items]
    while page.previous is not None:
        page = keyset_page(rows, page.previous, size)
        back.append(page.items)
    return pages, back[::-1]


class KeysetTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Namesakes born the same day: only the primary key tells them apart.
        for n in range(7):
            make_patient(cls.clinic, "Ann", "Same", date_of_birth=date(1980, 1, 1))
            make_patient(cls.clinic, f"Bo{n % 3}", f"Name{n % 2}")

    def test_every_row_once_in_order_forward_and_back(self):
        rows = Patient.objects.filter(clinic=self.clinic)
        expected = list(rows.order_by("family_name", "given_name", "date_of_birth", "pk"))
        for size in (1, 3, 5, 100):
            pages, back = walk(rows, size)
            assert [p for page in pages for p in page] == expected, size
            assert back == pages, size

    def test_a_descending_order(self):
        rows = Patient.objects.filter(clinic=self.clinic).order_by("-date_of_birth", "-pk")
        pages, back = walk(rows, 4)
        assert [p for page in pages for p in page] == list(rows) and back == pages

    def test_a_list_in_memory(self):
        rows = list(range(11))
        pages, back = walk(rows, 4)
        assert pages == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]] and back == pages

    def test_keyed_rows_page_as_their_queryset_does(self):
        rows = Patient.objects.filter(clinic=self.clinic)
        keyed = Keyed(rows, in_order(rows, 100))
        for size in (1, 3, 5, 100):
            by_queryset, by_keys = walk(rows, size), walk(keyed, size)
            assert by_keys == by_queryset, size
            assert by_queryset[0][0][0] == rows.order_by("family_name", "given_name").first()

    def test_keys_come_in_the_rows_order_either_way_and_at_most_the_limit(self):
        for order in [
            ("family_name", "given_name", "pk"),
            ("-date_of_birth", "-family_name", "-pk"),
        ]:
            rows = Patient.objects.filter(clinic=self.clinic).order_by(*order)
            assert in_order(rows, 100) == list(rows.values_list("pk", flat=True))
        rows = Patient.objects.filter(clinic=self.clinic)
        some = in_order(rows, 3)
        assert len(some) == 3 and some == [pk for pk in in_order(rows, 100) if pk in some]

    def test_a_keyed_cursor_on_a_row_gone_from_the_keys_pages_on_from_where_it_sorts(self):
        rows = Patient.objects.filter(clinic=self.clinic, family_name="Same")
        keyed = Keyed(rows, in_order(rows, 100))
        first = keyset_page(keyed, None, 3)
        edge = first.items[-1]
        Patient.objects.filter(pk=edge.pk).update(family_name="Renamed")
        after = keyset_page(Keyed(rows, in_order(rows, 100)), first.next, 3)
        expected = keyset_page(rows, first.next, 3)
        assert after.items == expected.items and (after.next is None) == (expected.next is None)
        assert len(after.items) == 3 and edge not in after.items
        with pytest.raises(BadCursor):
            keyset_page(keyed, signing.dumps(["a", 10**12], salt=SALT), 2)

    def test_a_search_with_few_matches_is_paged_by_its_keys(self):
        rows = Patient.objects.filter(clinic=self.clinic).search("same")
        assert isinstance(rows.narrowed(few=7), Keyed)
        assert rows.narrowed(few=6) is rows
        assert rows.narrowed(few=7).keys == [p.pk for p in rows.order_by("given_name", "pk")]

    def test_altered_or_foreign_cursors_are_refused(self):
        rows = Patient.objects.filter(clinic=self.clinic)
        cursor = keyset_page(rows, None, 2).next
        unsigned = signing.dumps(["a", 1], salt="another purpose")
        for bad in (cursor[:-3] + "abc", "", "x" * 50, unsigned,
                    signing.dumps(["z", 1], salt=SALT), signing.dumps(["a", "1"], salt=SALT),
                    signing.dumps(["a", 10**12], salt=SALT)):  # fmt: skip
            if bad:
                with pytest.raises(BadCursor):
                    keyset_page(rows, bad, 2)
        with pytest.raises(BadCursor):
            keyset_page([1, 2, 3], signing.dumps(["a", 9], salt=SALT), 2)


class PatientListPagingTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(30):
            make_patient(cls.clinic, "Many", f"Patient{n:02}")

    def test_the_list_pages_by_cursor(self):
        self.login(self.alice)
        first = self.client.get("/patients/").context["page"]
        assert len(first.items) == 25 and first.previous is None
        second = self.client.get("/patients/", {"cursor": first.next})
        names = [p.family_name for p in second.context["page"].items]
        assert len(names) == 7 and "Patient29" in names
        assert "Next" not in second.content.decode() and "Previous" in second.content.decode()

    def test_a_bad_cursor_answers_400_with_the_first_page(self):
        self.login(self.alice)
        response = self.client.get("/patients/", {"cursor": "made-up"})
        assert response.status_code == 400
        assert len(response.context["page"].items) == 25
        assert "not valid" in response.content.decode()
