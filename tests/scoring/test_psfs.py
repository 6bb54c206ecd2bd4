"""PSFS: 1 to 5 activities rated 0-10 (whole numbers); the score is their mean."""

import pytest

from taut.scoring import ScoringError, psfs


@pytest.mark.parametrize(
    ("ratings", "mean"),
    [
        ([7], 7.0),
        ([3, 5], 4.0),
        ([3, 4, 4], 11 / 3),  # Stratford et al. 1995: sum of the ratings / number of activities
        ([0, 0, 0, 0, 0], 0.0),
        ([10, 10, 10, 10, 10], 10.0),
        ([2, 5, 6, 9, 1], 4.6),
    ],
)
def test_mean_of_the_activities(ratings, mean):
    result = psfs.score(ratings)
    assert result.score == mean
    assert result.activities == len(ratings)
    assert result.as_dict() == {"score": mean}


def test_unrounded():
    assert psfs.score([1, 1, 2]).score == 4 / 3


@pytest.mark.parametrize("ratings", [[], [5] * 6])
def test_one_to_five_activities(ratings):
    with pytest.raises(ScoringError, match=f"expected 1 to 5 activity ratings, got {len(ratings)}"):
        psfs.score(ratings)


def test_decimal_ratings_are_rejected():
    with pytest.raises(ScoringError, match=r"^PSFS item 2 \(Activity 2\): 6.5 is not a whole"):
        psfs.score([4, 6.5])


def test_an_unrated_activity_is_an_error_not_a_missing_item():
    with pytest.raises(ScoringError, match=r"^PSFS item 3 \(Activity 3\): missing"):
        psfs.score([4, 5, None])
