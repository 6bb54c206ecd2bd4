"""The ICD-10-CM code set: loaded whole from the package, searched by code and by words."""

from django.test import TestCase

from taut.icd10 import search
from taut.icd10.models import Icd10Code


class CodeSetTests(TestCase):
    def test_the_whole_tabular_list_is_loaded(self):
        # CMS's FY2026 list has over 74,000 billable codes (the package's April 2026 file).
        assert Icd10Code.objects.filter(billable=True).count() > 74_000
        assert not Icd10Code.objects.get(code="G44.2").billable
        assert Icd10Code.objects.get(code="M54.2").billable

    def test_the_myofascial_shortlist_is_billable(self):
        from taut.clinical.diagnoses import ICD10_CM

        assert set(search.billable(ICD10_CM)) == set(ICD10_CM)

    def test_a_code_is_found_however_it_is_typed(self):
        for typed in ("M54.2", "m542", "M54.2-", " m54.2 "):
            assert search.search(typed)[0].code == "M54.2", typed

    def test_a_category_brings_everything_under_it(self):
        codes = [c.code for c in search.search("G44.2")]
        assert codes[:4] == ["G44.2", "G44.20", "G44.201", "G44.209"]

    def test_words_match_descriptions_and_inclusion_terms(self):
        found = {c.code for c in search.search("tension-type headache chronic")}
        assert {"G44.221", "G44.229"} <= found
        # "Myofascial pain syndrome" is an inclusion term of M79.1, not its description.
        found = [c.code for c in search.search("myofascial pain syndrome")]
        assert "M79.1" in found and "M79.18" in found

    def test_an_everyday_phrase_finds_its_index_code_first(self):
        assert search.search("Neck  pain")[0].code == "M54.2"

    def test_nothing_is_searched_for_an_empty_query(self):
        assert search.search("   ") == []

    def test_label(self):
        assert search.label("M79.7") == "Fibromyalgia"
        assert search.label("NOPE") == ""
