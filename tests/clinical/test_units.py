"""Timed units against CMS's own worked examples: Medicare Claims Processing Manual (Pub.
100-04), chapter 5, section 20.2 C, examples 1-4, and its table of minutes to units."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taut.clinical.units import UnitRule, ama_units, cms_units, timed_units, units_for


@pytest.mark.parametrize(
    ("minutes", "units"),
    # The manual's table: 1 unit 8-22 minutes, 2 units 23-37, ... 8 units 113-127.
    [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4), (67, 4),
     (68, 5), (82, 5), (83, 6), (97, 6), (98, 7), (112, 7), (113, 8), (127, 8)],
)  # fmt: skip
def test_the_cms_table_of_minutes_to_units(minutes, units):
    assert units_for(minutes) == units


def test_example_1_more_units_to_the_service_that_took_longer():
    # 24 minutes of neuromuscular reeducation, 23 of therapeutic exercise: 47 minutes, 3 units.
    assert cms_units({"97112": 24, "97110": 23}) == {"97112": 2, "97110": 1}


def test_example_2_equal_times_either_code_takes_the_second_unit_never_three_for_one():
    units = cms_units({"97112": 20, "97110": 20})
    assert sorted(units.values()) == [1, 2]


def test_example_3_seven_minutes_of_manual_therapy_earns_the_third_unit():
    # 33 minutes of exercise (two full units, 3 minutes left) beat by 7 of manual therapy.
    assert cms_units({"97110": 33, "97140": 7}) == {"97110": 2, "97140": 1}


def test_example_4_the_leftover_units_go_to_the_longest_remainders():
    # 18 exercise, 13 manual therapy, 10 gait training, 8 ultrasound: 49 minutes, 3 units;
    # one each of 97110, 97140 and 97116, none of 97035.
    units = cms_units({"97110": 18, "97140": 13, "97116": 10, "97035": 8})
    assert units == {"97110": 1, "97140": 1, "97116": 1, "97035": 0}


def test_two_services_of_seven_minutes_bill_one_unit_for_the_longer():
    assert cms_units({"97110": 5, "97140": 7}) == {"97110": 0, "97140": 1}


def test_one_service_under_eight_minutes_bills_nothing():
    assert cms_units({"97140": 7}) == {"97140": 0}


def test_the_ama_rule_counts_each_code_on_its_own():
    # Example 3 under the AMA rule: 7 minutes of manual therapy do not reach the midpoint.
    assert ama_units({"97110": 33, "97140": 7}) == {"97110": 2, "97140": 0}
    assert timed_units({"97110": 33, "97140": 7}, UnitRule.AMA) == {"97110": 2, "97140": 0}


@given(st.dictionaries(st.sampled_from(["97110", "97140", "97112", "97116"]),
                       st.integers(0, 180), min_size=1))  # fmt: skip
def test_cms_units_add_up_to_the_total_and_honour_full_quarters(minutes):
    units = cms_units(minutes)
    assert sum(units.values()) == units_for(sum(minutes.values()))
    for code, m in minutes.items():
        assert units[code] >= m // 15
        assert units[code] <= m // 15 + 1


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        units_for(-1)
