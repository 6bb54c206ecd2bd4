"""NPRS: one whole number 0-10, returned as a float; nothing may be missing."""

import pytest

from taut.scoring import ScoringError, nprs


@pytest.mark.parametrize("rating", range(11))
def test_every_rating_scores_itself(rating):
    result = nprs.score([rating])
    assert result.score == float(rating)
    assert isinstance(result.score, float)
    assert result.as_dict() == {"score": float(rating)}


def test_missing_rating_is_an_error_naming_the_item():
    with pytest.raises(ScoringError, match=r"^NPRS item 1 \(Pain intensity\): missing"):
        nprs.score([None])


def test_exactly_one_rating():
    for values in ([], [3, 4]):
        with pytest.raises(ScoringError, match="expected a list of 1 item values"):
            nprs.score(values)
