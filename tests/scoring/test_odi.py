"""ODI 2.1a: 10 sections 0-5; percent = sum / (5 x answered) x 100; at most 2 missing; bands
0-20 minimal, over 20-40 moderate, over 40-60 severe, over 60-80 crippled, over 80 bed-bound
(Fairbank & Pynsent 2000)."""

import pytest

from taut.scoring import ScoringError, odi


def items_with_total(total, answered=10):
    values = []
    for _ in range(answered):
        values.append(min(5, total))
        total -= values[-1]
    assert total == 0
    return values + [None] * (10 - answered)


def test_published_scoring_example_all_sections():
    # The ODI scoring instructions' example: 16 (total scored) / 50 (total possible) x 100 = 32%.
    result = odi.score(items_with_total(16))
    assert result.score == 32.0
    assert result.band == "moderate"


def test_published_scoring_example_one_section_missed():
    # The same instructions: one section missed or not applicable, 16 / 45 x 100, printed as
    # "35.5%"; we return the unrounded 35.555...
    result = odi.score([3, 2, 1, 2, 2, 2, 1, None, 2, 1])
    assert result.score == 1600 / 45
    assert 35.5 < result.score < 35.6
    assert result.answered == 9


def test_hand_computed():
    result = odi.score([0, 1, 2, 3, 4, 5, 0, 1, 2, 3])  # 21 of 50
    assert result.score == 42.0
    assert result.band == "severe"
    assert result.as_dict() == {"score": 42.0, "band": "severe"}


def test_three_missing_sections_is_an_error_naming_them():
    with pytest.raises(ScoringError) as exc:
        odi.score([1, 1, None, 1, 1, 1, 1, None, 1, None])
    message = str(exc.value)
    assert "3 items missing" in message
    assert "3 (Lifting), 8 (Sex life), 10 (Travelling)" in message
    assert "at most 2 of 10 may be missing" in message


@pytest.mark.parametrize(
    ("total", "answered", "band"),
    [
        (0, 10, "minimal"),
        (10, 10, "minimal"),  # 20% exactly
        (11, 10, "moderate"),  # 22%
        (9, 9, "minimal"),  # 20% exactly, from a prorated form
        (10, 9, "moderate"),  # 22.2%
        (8, 8, "minimal"),  # 20% exactly
        (20, 10, "moderate"),  # 40%
        (21, 10, "severe"),
        (18, 9, "moderate"),  # 40% exactly
        (19, 9, "severe"),  # 42.2%
        (30, 10, "severe"),  # 60%
        (31, 10, "crippled"),
        (40, 10, "crippled"),  # 80%
        (41, 10, "bed-bound"),
        (32, 8, "crippled"),  # 80% exactly
        (33, 8, "bed-bound"),  # 82.5%
        (50, 10, "bed-bound"),
    ],
)
def test_bands_at_and_just_past_each_threshold(total, answered, band):
    assert odi.score(items_with_total(total, answered)).band == band
