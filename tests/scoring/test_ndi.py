"""NDI: 10 items 0-5; percent = sum / (5 x answered) x 100; at most 2 missing; bands on the 0-50
equivalent total (Vernon & Mior 1991; Vernon 2008)."""

import pytest

from taut.scoring import ScoringError, ndi


def items_with_total(total, answered=10):
    """`answered` items summing to `total` (5s first), then None for the rest."""
    values = []
    for _ in range(answered):
        values.append(min(5, total))
        total -= values[-1]
    assert total == 0
    return values + [None] * (10 - answered)


def test_complete_form_hand_computed():
    result = ndi.score([1, 2, 3, 4, 5, 0, 1, 2, 3, 1])  # total 22 of 50
    assert result.score == 44.0
    assert result.total == 22.0
    assert result.band == "moderate"
    assert result.answered == 10
    assert result.as_dict() == {"score": 44.0, "band": "moderate"}


def test_vernons_scoring_note_raw_score_doubled_and_moderate_band():
    # Vernon's scoring note: the 0-50 score doubled gives a percent, and "15-24 out of 50 (the
    # raw score) equates with moderate disability".
    for raw in (15, 24):
        result = ndi.score(items_with_total(raw))
        assert (result.score, result.band) == (2.0 * raw, "moderate")


def test_missing_item_is_replaced_by_the_mean_of_the_others():
    # Vernon's note: "the average of all other items is then added to the completed items":
    # 9 items totalling 18 average 2, so the total is 20 of 50 = 40%.
    result = ndi.score([2, 2, 2, 2, None, 2, 2, 2, 2, 2])
    assert result.score == 40.0
    assert result.answered == 9


def test_two_missing_items_unrounded():
    result = ndi.score([1, 2, 3, None, 5, 0, 1, None, 3, 4])  # 19 over 8 items
    assert result.score == 100 * 19 / 40
    assert result.score == 47.5
    assert result.band == "moderate"


def test_unrounded_percent():
    result = ndi.score([1, 2, 3, None, 5, 0, 1, 2, 3, 4])  # 21 over 9 items
    assert result.score == 2100 / 45
    assert result.score != round(result.score, 2)


def test_three_missing_items_is_an_error_naming_them():
    values = [1, None, 3, 4, None, 0, 1, None, 3, 4]
    with pytest.raises(ScoringError) as exc:
        ndi.score(values)
    message = str(exc.value)
    assert "3 items missing" in message
    assert "2 (Personal care), 5 (Headaches), 8 (Driving)" in message
    assert "at most 2 of 10 may be missing" in message
    assert exc.value.item == 2


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
        (50, "complete"),
    ],
)
def test_bands_at_the_published_boundaries(total, band):
    assert ndi.score(items_with_total(total)).band == band


@pytest.mark.parametrize(
    ("total", "answered", "band"),
    [
        (4, 9, "none"),  # equivalent total 4.44 (8.9%): below 5
        (4, 8, "mild"),  # 5.0 exactly (10%): the mild band starts here
        (3, 8, "none"),  # 3.75
        (13, 9, "mild"),  # 14.44
        (12, 8, "moderate"),  # 15.0 exactly
        (22, 9, "moderate"),  # 24.44
        (20, 8, "severe"),  # 25.0 exactly
        (31, 9, "severe"),  # 34.44
        (28, 8, "complete"),  # 35.0 exactly
    ],
)
def test_prorated_totals_fall_in_the_band_they_have_reached(total, answered, band):
    result = ndi.score(items_with_total(total, answered))
    assert result.band == band
