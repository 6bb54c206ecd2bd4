"""Prevention advice per perpetuating factor, and the after-needling care sheet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from taut.kb.care import (
    AFTERCARE_SECTIONS,
    POINTS_PER_ADVICE,
    advice,
    aftercare,
    load_aftercare,
    load_prevention,
    prevention_for,
)
from taut.kb.errors import DataError
from taut.kb.vocab import DATA_DIR, load_causes

INTAKE_CAUSES = (
    "repetitive_movement",
    "heavy_lifting",
    "direct_injury",
    "poor_posture",
    "muscle_tension",
    "chronic_stress",
    "prolonged_sitting",
    "inactivity",
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


# --- prevention ----------------------------------------------------------------------------------


def test_every_cause_has_advice():
    assert list(advice()) == list(load_causes())
    for cause_id in INTAKE_CAUSES:
        assert cause_id in advice()


def test_advice_is_short_and_sourced():
    low, high = POINTS_PER_ADVICE
    for a in advice().values():
        assert low <= len(a.points) <= high, a.cause_id
        assert a.title and a.cause_name
        assert a.citation.source.cite and a.citation.where, a.cause_id


def test_prevention_for_keeps_the_order_given_and_drops_repeats():
    found = prevention_for(["inactivity", "heavy_lifting", "inactivity"])
    assert [a.cause_id for a in found] == ["inactivity", "heavy_lifting"]
    assert found[0].cause_name == "Bed rest or lack of exercise"


def test_activity_advice_carries_the_who_numbers():
    # Bull et al. 2020: at least 150 min a week of moderate activity, strengthening 2+ days.
    (a,) = prevention_for(["inactivity"])
    assert a.citation.source.key == "bull2020"
    assert any("150 minutes" in p for p in a.points)


def test_prevention_for_an_unknown_cause_is_a_clear_error():
    with pytest.raises(KeyError, match="did you mean 'poor_posture'"):
        prevention_for(["poor_postur"])


def test_a_cause_without_advice_is_refused(data):
    path = data / "prevention.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  - cause: joint_dysfunction")])
    with pytest.raises(DataError) as error:
        load_prevention(data)
    assert error.value.file == "prevention.yaml" and "joint_dysfunction" in error.value.problem


def test_advice_for_an_unknown_cause_gets_a_did_you_mean(data):
    edit(data / "prevention.yaml", "cause: heavy_lifting", "cause: heavy_liftin")
    with pytest.raises(DataError, match="did you mean 'heavy_lifting'"):
        load_prevention(data)


def test_advice_with_too_many_points_is_refused(data):
    edit(
        data / "prevention.yaml",
        '      - "Share the work',
        '      - "One more."\n      - "And another."\n      - "Share the work',
    )
    with pytest.raises(DataError) as error:
        load_prevention(data)
    assert error.value.entry == "repetitive_movement" and error.value.field == "points"


def test_advice_with_an_unknown_source_is_refused(data):
    edit(data / "prevention.yaml", "key: waters1993", "key: waters1994")
    with pytest.raises(DataError, match="did you mean 'waters1993'"):
        load_prevention(data)


def test_broken_prevention_yaml_names_the_file_and_line(data):
    edit(data / "prevention.yaml", "advice:", "advice: {")
    with pytest.raises(DataError, match=r"prevention.yaml.*line \d+"):
        load_prevention(data)


# --- aftercare -----------------------------------------------------------------------------------


def test_aftercare_has_every_section_in_reading_order():
    assert [s.id for s in aftercare().sections] == list(AFTERCARE_SECTIONS)
    for s in aftercare().sections:
        assert s.points and s.citations, s.id


def test_soreness_is_expected_to_settle_within_three_days():
    # Martin-Pintado-Zugasti et al. 2018: post-needling soreness usually lasts under 72 h.
    care = aftercare()
    assert care.soreness_hours == 72
    assert care.soreness_citation.source.key == "martinpintado2018"
    assert any("72 hours" in p for p in care.normal.points)


def test_emergency_section_names_pneumothorax_symptoms():
    text = " ".join(aftercare().emergency.points).lower()
    for sign in ("shortness of breath", "chest pain", "pneumothorax", "upper back", "hours"):
        assert sign in text
    assert "halle2016" in {c.source.key for c in aftercare().emergency.citations}


def test_aftercare_lists_each_citation_once():
    citations = aftercare().citations
    assert len(citations) == len(set(citations))


def test_a_missing_aftercare_section_is_refused(data):
    path = data / "aftercare.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  - id: emergency")])
    with pytest.raises(DataError) as error:
        load_aftercare(data)
    assert error.value.file == "aftercare.yaml" and "'emergency'" in error.value.problem


def test_an_unknown_aftercare_section_gets_a_did_you_mean(data):
    edit(data / "aftercare.yaml", "- id: call_clinic", "- id: call_clinc")
    with pytest.raises(DataError, match="did you mean 'call_clinic'"):
        load_aftercare(data)


def test_soreness_hours_must_be_a_whole_number(data):
    edit(data / "aftercare.yaml", "usually_within_hours: 72", "usually_within_hours: soon")
    with pytest.raises(DataError) as error:
        load_aftercare(data)
    assert error.value.field == "soreness.usually_within_hours"
