"""The development cases can all be expressed in atlas regions (issue: knowledge base)."""

import pytest

from taut.kb.atlas import load_atlas
from tests.vignettes import DEV_CASES, TERM_TO_REGION


@pytest.mark.parametrize("case", DEV_CASES, ids=lambda c: c.id)
def test_every_case_maps_onto_atlas_regions(case):
    atlas = load_atlas()
    midline = frozenset(r.base for r in atlas.regions if r.side == "midline")
    for region_id in case.sided(midline):
        assert region_id in atlas, region_id
        assert atlas.get(region_id).side in (case.side, "midline")


def test_every_term_is_found_by_its_words_in_the_atlas():
    atlas = load_atlas()
    for term, base in TERM_TO_REGION.items():
        found = {r.base for r in atlas.search(term.replace("_", " "))}
        assert base in found, f"{term!r} does not find {base!r}; it finds {sorted(found)[:5]}"
