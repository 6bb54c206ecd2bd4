"""FIQR (Bennett et al. 2009, Arthritis Res Ther 11:R120, and the authors' scoring notes):
function = items 1-9 sum / 3 (0-30), overall = items 10-11 sum (0-20), symptoms = items 12-21
sum / 2 (0-50), total 0-100; one missing function item weights the function sum by 9/8."""

from fractions import Fraction

import pytest

from taut.scoring import ScoringError, fiqr


def form(function, overall, symptoms):
    return [*function, *overall, *symptoms]


def test_domain_limits_from_the_scoring_notes():
    # "Divide function domain sum (0-90) by 3 (upper limit 30) ... overall (0-20) ... unchanged
    # ... symptom domain sum (0-100) by 2 (upper limit 50) ... total (range 0-100)".
    top = fiqr.score([10] * 21)
    assert (top.function, top.overall, top.symptoms, top.score) == (30.0, 20.0, 50.0, 100.0)
    bottom = fiqr.score([0] * 21)
    assert (bottom.function, bottom.overall, bottom.symptoms, bottom.score) == (0, 0, 0, 0)


def test_hand_computed():
    values = form([3, 5, 2, 6, 4, 7, 1, 5, 8], [6, 4], [7, 5, 6, 8, 3, 4, 2, 6, 5, 9])
    result = fiqr.score(values)
    assert result.function == 41 / 3  # 13.666...
    assert result.overall == 10.0
    assert result.symptoms == 27.5  # 55 / 2
    assert result.score == pytest.approx(41 / 3 + 10 + 27.5, abs=1e-12)
    assert result.score == float(Fraction(41, 3) + 10 + Fraction(55, 2))  # correctly rounded
    assert result.as_dict() == {
        "score": result.score,
        "function": result.function,
        "overall": 10.0,
        "symptoms": 27.5,
    }


def test_one_missing_function_item_is_weighted_by_nine_eighths():
    values = form([3, 5, None, 6, 4, 7, 1, 5, 8], [6, 4], [7, 5, 6, 8, 3, 4, 2, 6, 5, 9])
    result = fiqr.score(values)
    assert result.function == 39 * 9 / 8 / 3  # 14.625
    assert result.score == 14.625 + 10 + 27.5


def test_two_missing_function_items_is_an_error_naming_them():
    values = form([3, None, 2, 6, None, 7, 1, 5, 8], [6, 4], [5] * 10)
    with pytest.raises(ScoringError) as exc:
        fiqr.score(values)
    message = str(exc.value)
    assert "2 function items missing" in message
    assert "2 (Sustained walking), 5 (Carrying shopping)" in message
    assert "at most 1 of the 9 may be missing" in message


@pytest.mark.parametrize(
    ("number", "label", "domain"),
    [(10, "Weekly goals", "overall impact"), (11, "Feeling overwhelmed", "overall impact")]
    + [(12, "Pain", "symptom"), (21, "Environmental sensitivity", "symptom")],
)
def test_any_missing_overall_or_symptom_item_is_an_error(number, label, domain):
    values = [5] * 21
    values[number - 1] = None
    with pytest.raises(ScoringError) as exc:
        fiqr.score(values)
    assert str(exc.value).startswith(f"FIQR item {number} ({label}): missing; no {domain} item")
    assert exc.value.item == number
