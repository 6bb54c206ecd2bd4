"""Clinically important change: sign convention (positive = better), percent of baseline, the
published default thresholds, and clinic-specific thresholds."""

import dataclasses

import pytest

from taut.scoring import DEFAULT, Rule, ScoringError, Thresholds, improvement, ndi, psfs, quickdash


@pytest.mark.parametrize(
    ("before", "after", "important"),
    [
        (10, 7, True),  # 3 points and 30%
        (10, 8, True),  # 2 points, though only 20%
        (9, 7, True),  # 2 points, 22%
        (4, 2, True),  # 2 points, 50%
        (3, 2, True),  # 33%, though only 1 point
        (10, 9, False),  # 1 point, 10%: neither
        (6, 5, False),  # 1 point, 17%: neither
        (5, 5, False),
        (2, 6, False),  # worse
    ],
)
def test_nprs_counts_two_points_or_thirty_percent_farrar_2001_ostelo_2008(before, after, important):
    """Farrar et al. 2001 (Pain 94:149-158) and Ostelo et al. 2008 (Spine 33:90-94): a drop
    of about 2 points or about 30% is clinically important; either one suffices."""
    change = improvement("nprs", before, after)
    assert change.important is important
    assert change.difference == before - after


def test_sign_convention_lower_is_better_for_pain_and_disability():
    change = improvement("ndi", 40.0, 30.0)
    assert change.difference == 10.0
    assert change.percent == 25.0
    worse = improvement("ndi", 30.0, 40.0)
    assert worse.difference == -10.0
    assert worse.percent == pytest.approx(-100 / 3)
    assert not worse.important


def test_sign_convention_higher_is_better_for_psfs():
    change = improvement("psfs", 3.0, 5.0)
    assert change.difference == 2.0
    assert change.percent == pytest.approx(200 / 3)
    assert change.important
    assert improvement("psfs", 5.0, 3.0).difference == -2.0


def test_psfs_two_points_on_the_mean_despite_float_rounding():
    before, after = psfs.score([3, 3, 4]), psfs.score([5, 5, 6])  # 10/3 -> 16/3
    change = improvement("psfs", before, after)  # result objects are accepted
    assert change.difference == pytest.approx(2.0)
    assert change.important
    assert not improvement("psfs", 3.0, 4.9).important


@pytest.mark.parametrize(
    ("before", "after", "important"),
    [
        (40.0, 21.0, True),  # Cleland et al. 2008: 19 percentage points
        (40.0, 22.0, False),
    ],
)
def test_ndi_nineteen_points(before, after, important):
    assert improvement("ndi", before, after).important is important


def test_ndi_from_results():
    before = ndi.score([3] * 10)  # 60%
    after = ndi.score([3, 3, 1, 1, 1, 1, 1, 3, 3, 3])  # 40%: 20 points better
    assert improvement("ndi", before, after).important


@pytest.mark.parametrize(
    ("before", "after", "important"),
    [
        (44.0, 34.0, True),  # Ostelo et al. 2008: 10 points
        (44.0, 35.0, False),  # 9 points, 20%
        (20.0, 14.0, True),  # 6 points but 30%
        (20.0, 15.0, False),  # 5 points, 25%
    ],
)
def test_odi_ten_points_or_thirty_percent(before, after, important):
    assert improvement("odi", before, after).important is important


def test_quickdash_seven_raw_points_on_eleven_items_count():
    # Franchignoni et al. 2014: 15.91 is 7 raw points on 11 items.
    before = quickdash.score([3] * 11)  # 50
    after = quickdash.score([3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2])  # 7 raw points lower
    change = improvement("quickdash", before, after)
    assert change.difference == pytest.approx(175 / 11)
    assert change.important
    six = quickdash.score([3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2])
    assert not improvement("quickdash", before, six).important


@pytest.mark.parametrize(
    ("before", "after", "important"),
    [(50.0, 43.0, True), (50.0, 43.5, False), (0.0, 0.0, False)],  # Bennett et al. 2009: 14%
)
def test_fiqr_fourteen_percent(before, after, important):
    assert improvement("fiqr", before, after).important is important


def test_zero_baseline_has_no_percent():
    change = improvement("psfs", 0.0, 4.0)
    assert change.percent is None
    assert change.important  # 4 points
    assert improvement("nprs", 0, 0).percent is None


def test_zero_baseline_meets_a_percent_rule_when_improved():
    clinic = dataclasses.replace(DEFAULT, psfs=Rule(percent=50))
    assert improvement("psfs", 0.0, 1.0, clinic).important
    assert not improvement("psfs", 0.0, 0.0, clinic).important


def test_clinic_thresholds():
    strict = dataclasses.replace(DEFAULT, ndi=Rule(points=25))
    assert improvement("ndi", 50.0, 30.0).important
    assert not improvement("ndi", 50.0, 30.0, strict).important
    both = Thresholds.from_dict({"nprs": {"points": 2, "percent": 30, "combine": "all"}})
    assert not improvement("nprs", 9, 7, both).important  # a clinic may ask for both
    assert improvement("nprs", 9, 7).important
    assert both.ndi == DEFAULT.ndi


def test_thresholds_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.ndi = Rule(points=1)  # type: ignore[misc]


@pytest.mark.parametrize(
    "spec",
    [
        {},
        {"points": -1},
        {"percent": float("nan")},
        {"points": True},
        {"points": 2, "combine": "x"},
    ],
)
def test_invalid_rules(spec):
    with pytest.raises(ScoringError):
        Rule(**spec)


@pytest.mark.parametrize(
    "data", [{"vas": {"points": 1}}, {"ndi": 5}, {"ndi": {"points": 5, "extra": 1}}]
)
def test_invalid_threshold_settings(data):
    with pytest.raises(ScoringError):
        Thresholds.from_dict(data)


@pytest.mark.parametrize(
    ("instrument", "before", "after", "message"),
    [
        ("acr2016", 10, 5, "no clinically important change is defined for 'acr2016'"),
        ("vas", 10, 5, "choose one of nprs, psfs, ndi, odi, quickdash, fiqr"),
        ("nprs", 11, 5, "before: 11 is outside the nprs range 0-10"),
        ("odi", 50, 101, "after: 101 is outside the odi range 0-100"),
        ("nprs", True, 5, r"before: a boolean \(True\) is not a nprs score"),
        ("nprs", 5, float("nan"), "after: nan is not a nprs score"),
        ("nprs", "5", 3, "before: text '5' is not a nprs score"),
    ],
)
def test_invalid_scores(instrument, before, after, message):
    with pytest.raises(ScoringError, match=message):
        improvement(instrument, before, after)
