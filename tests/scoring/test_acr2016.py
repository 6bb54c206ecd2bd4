"""ACR 2016 fibromyalgia criteria (Wolfe et al. 2016, Semin Arthritis Rheum 46:319-329)."""

import pytest

from taut.scoring import ScoringError, acr2016

NONE = {
    "fatigue": 0,
    "waking_unrefreshed": 0,
    "cognitive": 0,
    "headaches": 0,
    "lower_abdominal": 0,
    "depression": 0,
    "duration_months": 6,
}
# One area in each of the five generalized-pain regions.
FIVE_REGIONS = ["left_upper_arm", "right_shoulder_girdle", "left_hip", "right_lower_leg", "neck"]


def symptoms(sss, months=6):
    """Symptom fields adding up to `sss` (severity items first, then the yes/no ones)."""
    out = dict(NONE, duration_months=months)
    for key in acr2016.SEVERITY:
        out[key] = min(3, sss)
        sss -= out[key]
    for key in acr2016.PRESENT:
        out[key] = min(1, sss)
        sss -= out[key]
    assert sss == 0
    return out


def test_hand_computed():
    areas = ["neck", "left_hip", "right_hip", "left_upper_arm", "right_lower_arm", "chest"]
    result = acr2016.score(
        [*areas, "abdomen"],
        fatigue=2,
        waking_unrefreshed=2,
        cognitive=1,
        headaches=1,
        lower_abdominal=0,
        depression=0,
        duration_months=4,
    )
    assert (result.wpi, result.sss, result.fs) == (7, 6, 13)
    assert result.generalized_pain
    assert result.regions == ("left upper", "right upper", "left lower", "right lower", "axial")
    assert result.meets_criteria
    assert result.as_dict() == {
        "score": 13.0,
        "wpi": 7,
        "sss": 6,
        "fs": 13,
        "generalized_pain": True,
        "meets_criteria": True,
    }


def test_all_areas_and_symptoms_give_the_maxima():
    result = acr2016.score(list(acr2016.AREAS), **symptoms(12))
    assert (result.wpi, result.sss, result.fs, result.score) == (19, 12, 31, 31.0)


@pytest.mark.parametrize(
    ("wpi", "sss", "meets"),
    [
        (7, 5, True),  # WPI >= 7 and SSS >= 5
        (7, 4, False),
        (6, 9, True),  # WPI 4-6 and SSS >= 9
        (6, 8, False),
        (4, 9, True),
        (4, 12, True),
        (5, 8, False),
        (19, 5, True),
        (19, 4, False),
    ],
)
def test_severity_thresholds(wpi, sss, meets):
    # WPI 4 is possible with generalized pain only as one area in each of four regions.
    areas = (FIVE_REGIONS[:4] if wpi == 4 else FIVE_REGIONS) + [
        a for a in acr2016.AREAS if a not in FIVE_REGIONS
    ]
    result = acr2016.score(areas[:wpi], **symptoms(sss))
    assert result.generalized_pain
    assert (result.wpi, result.sss, result.meets_criteria) == (wpi, sss, meets)


def test_jaw_chest_and_abdomen_count_in_the_wpi_but_in_no_region():
    areas = ["left_jaw", "right_jaw", "chest", "abdomen", "left_hip", "left_upper_leg", "neck"]
    result = acr2016.score(areas, **symptoms(12))
    assert result.wpi == 7
    assert result.regions == ("left lower", "axial")
    assert not result.generalized_pain
    assert not result.meets_criteria


def test_three_regions_are_not_generalized_pain_however_many_areas():
    areas = [a for a in acr2016.AREAS if not a.startswith("right_")]  # no right-sided region
    areas = [a for a in areas if not a.endswith(("_hip", "_leg"))]  # nor left lower
    result = acr2016.score(areas, **symptoms(12))
    assert result.regions == ("left upper", "axial")
    assert not result.generalized_pain


def test_four_regions_are_generalized_pain():
    result = acr2016.score(FIVE_REGIONS[:4], **symptoms(0))
    assert result.generalized_pain
    assert not result.meets_criteria  # SSS 0


@pytest.mark.parametrize(("months", "meets"), [(3, True), (3.0, True), (2.9, False), (0, False)])
def test_symptoms_for_at_least_three_months(months, meets):
    result = acr2016.score(FIVE_REGIONS + ["chest", "abdomen"], **symptoms(5, months))
    assert result.meets_criteria is meets


def test_unknown_area_is_an_error_with_a_suggestion():
    with pytest.raises(ScoringError) as exc:
        acr2016.score(["neck", "left_shoulder"], **NONE)
    message = str(exc.value)
    assert message.startswith("ACR 2016 areas entry 2: 'left_shoulder' is not one of the 19")
    assert "did you mean left_shoulder_girdle" in message
    assert exc.value.field == "areas"


def test_duplicate_area_is_an_error():
    with pytest.raises(ScoringError, match=r"areas entry 3: 'neck' \(Neck\) is already entry 1"):
        acr2016.score(["neck", "chest", "neck"], **NONE)


@pytest.mark.parametrize("areas", ["neck", None, {"neck": 1}, 3])
def test_areas_must_be_a_list(areas):
    with pytest.raises(ScoringError, match="expected a list of painful area names"):
        acr2016.score(areas, **NONE)


def test_non_text_area_is_an_error():
    with pytest.raises(ScoringError, match="areas entry 1: 7 is not an area name"):
        acr2016.score([7], **NONE)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("fatigue", 4, r"fatigue \(SSS item 1, Fatigue\): 4 is above the maximum 3"),
        ("cognitive", -1, r"cognitive \(SSS item 3, Cognitive symptoms\): -1 is below"),
        ("headaches", 2, r"headaches \(SSS item 4, Headaches\): 2 is above the maximum 1"),
        ("depression", True, r"depression \(SSS item 6, Depression\): a boolean \(True\)"),
        ("waking_unrefreshed", 1.5, r"waking_unrefreshed \(SSS item 2, .*\): 1.5 is not a whole"),
        ("lower_abdominal", None, r"lower_abdominal \(SSS item 5, .*\): nothing \(null\)"),
    ],
)
def test_symptom_errors_name_the_item_and_rule(key, value, message):
    with pytest.raises(ScoringError, match=message) as exc:
        acr2016.score(["neck"], **dict(NONE, **{key: value}))
    assert exc.value.field == key


@pytest.mark.parametrize("months", [-1, float("nan"), float("inf"), True, "3", None])
def test_duration_must_be_a_number_of_months(months):
    with pytest.raises(ScoringError, match="ACR 2016 duration_months"):
        acr2016.score(["neck"], **dict(NONE, duration_months=months))
