"""Properties that hold for every valid input: scores in range, monotonic in every item, bands
exactly at their thresholds, CLI output line for line, and invalid input never scored."""

import io
import json
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taut.scoring import (
    INSTRUMENTS,
    ScoringError,
    acr2016,
    cli,
    fiqr,
    improvement,
    ndi,
    odi,
    psfs,
    quickdash,
)

SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow],
)
# (item count, low, high, how many may be missing, which positions may be missing)
FORMS = {
    "ndi": (10, 0, 5, 2, range(10)),
    "odi": (10, 0, 5, 2, range(10)),
    "quickdash": (11, 1, 5, 1, range(11)),
    "fiqr": (21, 0, 10, 1, range(9)),  # only one function item may be missing
}


@st.composite
def forms(draw, name):
    count, low, high, max_missing, positions = FORMS[name]
    values = draw(st.lists(st.integers(low, high), min_size=count, max_size=count))
    missing = draw(st.sets(st.sampled_from(list(positions)), max_size=max_missing))
    return [None if i in missing else v for i, v in enumerate(values)]


@st.composite
def raised(draw, name):
    """A valid form, and the same form with one answered item raised by 1 or more."""
    values = draw(forms(name))
    high = FORMS[name][2]
    room = [i for i, v in enumerate(values) if v is not None and v < high]
    if not room:
        return values, values
    i = draw(st.sampled_from(room))
    bigger = list(values)
    bigger[i] = draw(st.integers(values[i] + 1, high))
    return values, bigger


symptom_fields = st.fixed_dictionaries(
    {
        "fatigue": st.integers(0, 3),
        "waking_unrefreshed": st.integers(0, 3),
        "cognitive": st.integers(0, 3),
        "headaches": st.integers(0, 1),
        "lower_abdominal": st.integers(0, 1),
        "depression": st.integers(0, 1),
        "duration_months": st.one_of(st.integers(0, 600), st.floats(0, 600)),
    }
)
area_sets = st.lists(st.sampled_from(acr2016.AREAS), unique=True, max_size=19)
ORDER = {
    "ndi": ("none", "mild", "moderate", "severe", "complete"),
    "odi": ("minimal", "moderate", "severe", "crippled", "bed-bound"),
}


@SETTINGS
@given(st.data())
def test_item_scores_stay_in_range(data):
    for name in FORMS:
        result = INSTRUMENTS[name](data.draw(forms(name)))
        assert isinstance(result.score, float)
        assert 0.0 <= result.score <= 100.0
        if name == "fiqr":
            assert 0 <= result.function <= 30
            assert 0 <= result.overall <= 20
            assert 0 <= result.symptoms <= 50
            assert abs(result.function + result.overall + result.symptoms - result.score) < 1e-9


@SETTINGS
@given(st.lists(st.integers(0, 10), min_size=1, max_size=5), st.integers(0, 10))
def test_nprs_and_psfs_stay_in_range(ratings, pain):
    assert 0.0 <= psfs.score(ratings).score <= 10.0
    assert INSTRUMENTS["nprs"]([pain]).score == pain


@SETTINGS
@given(st.data())
def test_raising_one_item_never_lowers_the_score_or_the_band(data):
    for name in FORMS:
        lower, higher = data.draw(raised(name))
        a, b = INSTRUMENTS[name](lower), INSTRUMENTS[name](higher)
        assert b.score >= a.score
        if name in ORDER:
            assert ORDER[name].index(b.band) >= ORDER[name].index(a.band)
        if name == "fiqr":
            assert (b.function, b.overall, b.symptoms) >= (a.function, a.overall, a.symptoms)


@SETTINGS
@given(st.lists(st.integers(0, 10), min_size=1, max_size=5), st.data())
def test_raising_one_psfs_activity_never_lowers_the_mean(ratings, data):
    i = data.draw(st.integers(0, len(ratings) - 1))
    bigger = list(ratings)
    bigger[i] = data.draw(st.integers(ratings[i], 10))
    assert psfs.score(bigger).score >= psfs.score(ratings).score


@SETTINGS
@given(area_sets, symptom_fields, st.sampled_from(acr2016.AREAS), st.data())
def test_acr_ranges_and_monotonicity(areas, fields, extra, data):
    result = acr2016.score(areas, **fields)
    assert 0 <= result.wpi <= 19 and 0 <= result.sss <= 12
    assert result.fs == result.wpi + result.sss == result.score
    # Adding a painful area never lowers the WPI or takes away generalized pain.
    more = acr2016.score(sorted({*areas, extra}), **fields)
    assert more.wpi >= result.wpi
    assert more.generalized_pain >= result.generalized_pain
    assert more.sss == result.sss
    # Raising one symptom never lowers the SSS.
    key = data.draw(st.sampled_from(acr2016.FIELDS))
    high = 3 if key in acr2016.SEVERITY else 1
    worse = acr2016.score(areas, **dict(fields, **{key: high}))
    assert worse.sss >= result.sss
    assert worse.wpi == result.wpi


def test_ndi_bands_exactly_at_the_thresholds_for_every_total():
    # Every reachable (total, answered): the band is the one whose lower bound the exact
    # equivalent 0-50 total has reached (percent thresholds 10/30/50/70).
    for answered in (8, 9, 10):
        for total in range(5 * answered + 1):
            equivalent = Fraction(50 * total, 5 * answered)
            expected = next(name for bound, name in ndi.BANDS if equivalent >= bound)
            assert ndi.band(total, answered) == expected
            percent = Fraction(100 * total, 5 * answered)
            by_percent = next(
                name
                for bound, name in zip((70, 50, 30, 10, 0), ORDER["ndi"][::-1], strict=True)
                if percent >= bound
            )
            assert expected == by_percent


def test_odi_bands_exactly_at_the_thresholds_for_every_total():
    for answered in (8, 9, 10):
        for total in range(5 * answered + 1):
            percent = Fraction(100 * total, 5 * answered)
            expected = next(name for bound, name in odi.BANDS if percent <= bound)
            assert odi.band(total, answered) == expected


def test_every_reachable_score_is_the_correctly_rounded_exact_value():
    for answered in (8, 9, 10):
        for total in range(5 * answered + 1):
            values = [min(5, max(0, total - 5 * i)) for i in range(answered)]
            values += [None] * (10 - answered)
            exact = float(Fraction(100 * total, 5 * answered))
            assert ndi.score(values).score == exact
            assert odi.score(values).score == exact
    for answered in (10, 11):
        for total in range(answered, 5 * answered + 1):
            values = [min(5, max(1, total - answered + 1 - 4 * i)) for i in range(answered)]
            assert sum(values) == total
            exact = float((Fraction(total, answered) - 1) * 25)
            assert quickdash.score(values + [None] * (11 - answered)).score == exact


@SETTINGS
@given(st.data())
def test_fiqr_total_is_the_correctly_rounded_exact_value(data):
    values = data.draw(forms("fiqr"))
    f = sum(v or 0 for v in values[:9])
    weight = Fraction(9, 8) if None in values[:9] else 1
    exact = Fraction(f) * weight / 3 + sum(values[9:11]) + Fraction(sum(values[11:]), 2)
    assert fiqr.score(values).score == float(exact)


@SETTINGS
@given(
    st.sampled_from(["nprs", "psfs", "ndi", "odi", "quickdash", "fiqr"]),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_improvement_is_antisymmetric(name, x, y):
    top = 10.0 if name in ("nprs", "psfs") else 100.0
    forward, back = improvement(name, x * top, y * top), improvement(name, y * top, x * top)
    assert forward.difference == -back.difference
    assert not (forward.important and back.important)
    if forward.important:
        assert forward.difference > 0


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=25) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=30,
)


@settings(SETTINGS, max_examples=300)
@given(st.sampled_from(list(INSTRUMENTS)), junk)
def test_arbitrary_json_is_scored_or_rejected_never_a_traceback(name, value):
    text = json.dumps(value)
    out, err = io.StringIO(), io.StringIO()
    status = cli.run([name], io.StringIO(text), out, err)
    assert status in (0, 2)
    if status == 2:
        assert out.getvalue() == "" and err.getvalue().startswith("invalid input: ")
    assert "Traceback" not in err.getvalue()


@settings(SETTINGS, max_examples=100)
@given(st.lists(st.one_of(forms("ndi"), junk), max_size=20))
def test_jsonl_gives_one_output_line_per_non_blank_input_line(cases):
    text = "\n".join(
        json.dumps({"items": c}) if isinstance(c, list) else json.dumps(c) for c in cases
    )
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["ndi", "--jsonl"], io.StringIO(text), out, err)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(cases)
    errors = sum("error" in json.loads(line) for line in lines)
    assert status == (2 if errors else 0)


@SETTINGS
@given(st.data())
def test_an_invalid_item_is_never_scored(data):
    name = data.draw(st.sampled_from(list(FORMS)))
    values = data.draw(forms(name))
    i = data.draw(st.integers(0, len(values) - 1))
    bad = data.draw(
        st.one_of(
            st.booleans(),
            st.floats(allow_nan=True).filter(lambda f: f != f or not float(f).is_integer()),
            st.integers().filter(lambda n: not FORMS[name][1] <= n <= FORMS[name][2]),
            st.text(max_size=3),
        )
    )
    values[i] = bad
    try:
        INSTRUMENTS[name](values)
    except ScoringError as exc:
        assert f"item {i + 1} (" in str(exc)
    else:
        raise AssertionError(f"{name} scored an invalid item {bad!r}")
