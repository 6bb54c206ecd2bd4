"""Rules every item instrument shares: item lists of the right length, whole numbers in range,
no booleans, no NaN; each error names the item (number and label) and the rule, and nothing is
scored."""

import math
import re

import numpy as np
import pytest

from taut.scoring import INSTRUMENTS, ScoringError, items

# (instrument, a valid item list, the position to corrupt, the item range)
CASES = {
    "nprs": ([5], 1, (0, 10)),
    "psfs": ([4, 6, 7], 2, (0, 10)),
    "ndi": ([2] * 10, 4, (0, 5)),
    "odi": ([2] * 10, 3, (0, 5)),
    "quickdash": ([3] * 11, 1, (1, 5)),
    "fiqr": ([5] * 21, 12, (0, 10)),
}
NAMES = {
    "nprs": "NPRS",
    "psfs": "PSFS",
    "ndi": "NDI",
    "odi": "ODI",
    "quickdash": "QuickDASH",
    "fiqr": "FIQR",
}


def corrupt(name, value):
    values, position, _ = CASES[name]
    values = list(values)
    values[position - 1] = value
    return values


def where(name):
    position = CASES[name][1]
    return f"{NAMES[name]} item {position} ({items.label(name, position)})"


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (True, "a boolean (True) is not a number"),
        (False, "a boolean (False) is not a number"),
        (math.nan, "NaN is not a number"),
        (math.inf, "inf is not a finite number"),
        (-math.inf, "-inf is not a finite number"),
        (2.5, "2.5 is not a whole number"),
        ("3", "text '3' is not a number"),
        ([3], "a list is not a number"),
        ({"v": 3}, "a dict is not a number"),
    ],
)
def test_non_numbers_and_fractions_are_rejected_naming_the_item(name, value, problem):
    with pytest.raises(ScoringError) as exc:
        INSTRUMENTS[name](corrupt(name, value))
    low, high = CASES[name][2]
    message = str(exc.value)
    assert message.startswith(f"{where(name)}: {problem}")
    assert f"items are whole numbers from {low} to {high}" in message
    assert exc.value.item == CASES[name][1]


@pytest.mark.parametrize("name", CASES)
def test_out_of_range_names_the_item_and_the_bound(name):
    low, high = CASES[name][2]
    with pytest.raises(
        ScoringError, match=rf"^{re.escape(where(name))}: {high + 1} is above the maximum"
    ):
        INSTRUMENTS[name](corrupt(name, high + 1))
    with pytest.raises(
        ScoringError, match=rf"^{re.escape(where(name))}: {low - 1} is below the minimum"
    ):
        INSTRUMENTS[name](corrupt(name, low - 1))


@pytest.mark.parametrize("name", CASES)
def test_whole_floats_and_numpy_integers_are_accepted(name):
    values, position, (low, _) = CASES[name]
    plain = INSTRUMENTS[name](values)
    assert INSTRUMENTS[name]([float(v) for v in values]) == plain
    assert INSTRUMENTS[name]([np.int64(v) for v in values]) == plain
    assert INSTRUMENTS[name](tuple(values)) == plain
    assert isinstance(plain.score, float)


@pytest.mark.parametrize("name", ["ndi", "odi", "quickdash", "fiqr"])
def test_wrong_length_is_rejected(name):
    values = CASES[name][0]
    for wrong in (values[:-1], [*values, values[0]], []):
        with pytest.raises(ScoringError, match=rf"expected a list of {len(values)} item values"):
            INSTRUMENTS[name](wrong)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("value", ["12345", 5, None, {"items": [1]}, b"\x01"])
def test_not_a_list_is_rejected(name, value):
    with pytest.raises(ScoringError, match=r"expected"):
        INSTRUMENTS[name](value)


def test_scoring_error_is_a_value_error():
    assert issubclass(ScoringError, ValueError)
