"""QuickDASH: 11 items 1-5; at least 10 answered; score = (sum / answered - 1) x 25 (Beaton et
al. 2005)."""

import pytest

from taut.scoring import ScoringError, quickdash


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1] * 11, 0.0),
        ([5] * 11, 100.0),
        ([3] * 11, 50.0),
        ([2, 3, 1, 4, 2, 3, 5, 1, 2, 3, 4], 25 * (30 / 11 - 1)),  # sum 30: 43.1818...
        ([2, 3, 1, 4, 2, None, 5, 1, 2, 3, 4], (27 / 10 - 1) * 25),  # sum 27 over 10: 42.5
    ],
)
def test_hand_computed(values, expected):
    result = quickdash.score(values)
    assert result.score == pytest.approx(expected, abs=1e-12)
    assert result.as_dict() == {"score": result.score}


def test_one_missing_item_exact():
    result = quickdash.score([2, 3, 1, 4, 2, None, 5, 1, 2, 3, 4])
    assert result.score == 42.5
    assert result.answered == 10


def test_two_missing_items_is_an_error_naming_them():
    with pytest.raises(ScoringError) as exc:
        quickdash.score([2, None, 1, 4, 2, 3, 5, 1, 2, None, 4])
    message = str(exc.value)
    assert "2 items missing" in message
    assert "2 (Heavy household tasks), 10 (Tingling)" in message
    assert "at least 10 of 11 must be answered" in message


def test_zero_is_below_the_scale():
    with pytest.raises(ScoringError, match=r"^QuickDASH item 3 \(Carrying\): 0 is below"):
        quickdash.score([1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1])
