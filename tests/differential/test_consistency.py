"""The differential against its own knowledge base (taut/differential/consistency.py): the
three self-consistency figures over every trigger point of the catalog, printed (run with -s)
and held to their floors."""

import pytest

from taut.differential.consistency import figures
from tests.differential.conftest import MEASURED

ZONE_FLOOR = 0.95
REGION_FLOOR = 0.85
TOP_EXPLAINS_FLOOR = 1.0


@pytest.fixture(scope="module")
def measured():
    result = figures()
    MEASURED.append(result)
    print()
    for figure in result:
        print(figure)
        for miss in figure.misses[:10]:
            print("  miss", miss)
    return result


def test_a_whole_essential_zone_puts_its_muscle_in_the_top_three(measured):
    assert measured.zone.cases >= 180
    assert measured.zone.rate >= ZONE_FLOOR, measured.zone.misses


def test_a_single_essential_region_puts_its_muscle_in_the_top_five(measured):
    assert measured.region.cases >= 338
    assert measured.region.rate >= REGION_FLOOR, measured.region.misses


def test_the_first_candidate_always_explains_the_drawn_region(measured):
    assert measured.top_explains.rate >= TOP_EXPLAINS_FLOOR, measured.top_explains.misses
