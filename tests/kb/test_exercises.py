"""The exercise library: stable ids, sourced dosages, muscle look-ups and the body picture."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taut.kb.atlas import load_atlas
from taut.kb.catalog import SELF_CARE_KINDS, catalog
from taut.kb.errors import DataError
from taut.kb.exercises import (
    AS_ADVISED,
    exercise,
    exercises,
    for_muscles,
    library,
    load_library,
    picture_svg,
    slugify,
)
from taut.kb.vocab import DATA_DIR

ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the package's data directory."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


# --- ids ---------------------------------------------------------------------------------------


def test_every_self_care_item_of_the_catalog_is_one_exercise():
    assert len(exercises()) == sum(len(m.self_care) for m in catalog().muscles)


def test_ids_are_unique_and_shaped_muscle_dot_slug():
    ids = [e.id for e in exercises()]
    assert len(ids) == len(set(ids))
    for e in exercises():
        assert ID_RE.match(e.id), e.id
        assert e.id == f"{e.muscle_id}.{slugify(e.name)}"


def test_ids_are_stable_for_known_exercises():
    # Plans store these ids; renaming an exercise breaks them, so pin a few.
    assert exercise("upper_trapezius.ear-to-shoulder-stretch").name == "Ear-to-shoulder stretch"
    chin_nod = exercise("longus_colli.chin-nod-deep-neck-flexor-training")
    assert chin_nod.kind == "strengthening" and chin_nod.muscle_name == "Longus colli"


def test_slugify_keeps_only_plain_words():
    assert slugify("Chin nod (deep neck flexor training)") == "chin-nod-deep-neck-flexor-training"
    assert slugify("Ball — on the  wall!") == "ball-on-the-wall"
    assert slugify("Élan") == "elan"


def test_an_unknown_id_is_a_clear_key_error():
    with pytest.raises(KeyError, match="no exercise with id 'upper_trapezius.ear-to-shoulder'"):
        exercise("upper_trapezius.ear-to-shoulder")


# --- dosage ------------------------------------------------------------------------------------


def test_every_exercise_has_a_dosage_or_says_why_not():
    for e in exercises():
        assert e.dosage_source, e.id
        if e.dosage:
            assert e.dosage_citation is not None, e.id
            assert e.dosage_label == str(e.dosage)
        else:
            assert e.dosage_label == AS_ADVISED
            assert "no trial" in e.dosage_source.lower(), e.id


def test_posture_advice_has_no_invented_dose():
    posture = [e for e in exercises() if e.kind == "posture"]
    assert posture and all(not e.dosage for e in posture)


def test_stretch_default_is_within_the_acsm_flexibility_recommendation():
    # Garber et al. 2011: hold 10-30 s, 2-4 repetitions, about 60 s per stretch in all.
    d = library().defaults["stretch"]
    assert d.citation.source.key == "garber2011"
    assert 10 <= d.dosage.hold_seconds <= 30
    assert 2 <= d.dosage.repetitions <= 4
    assert d.dosage.hold_seconds * d.dosage.repetitions >= 60


def test_strengthening_default_is_within_the_novice_resistance_range():
    # Ratamess et al. 2009: novices 1-3 sets of 8-12 repetitions, 2-3 days a week.
    d = library().defaults["strengthening"]
    assert d.citation.source.key == "ratamess2009"
    assert 1 <= d.dosage.sets <= 3 and 8 <= d.dosage.repetitions <= 12
    assert "2-3 days a week" in d.frequency


def test_self_release_default_is_one_of_the_trialled_compression_doses():
    # Hou et al. 2002: pain-threshold pressure for 90 s, or firmer pressure for 30 s.
    d = library().defaults["self_release"]
    assert d.citation.source.key == "hou2002"
    assert d.dosage.hold_seconds in (30, 90)


def test_an_exercises_own_dosage_wins_over_the_default(data):
    edit(
        data / "muscles" / "head_neck.yaml",
        "        name: Chin nod (deep neck flexor training)\n",
        "        name: Chin nod (deep neck flexor training)\n"
        "        dosage: {repetitions: 10, hold_seconds: 10}\n",
    )
    ex = load_library(data).get("longus_colli.chin-nod-deep-neck-flexor-training")
    assert (ex.dosage.repetitions, ex.dosage.hold_seconds) == (10, 10)
    assert ex.dosage_citation == ex.citation
    assert ex.frequency == ""


def test_default_dosage_fills_in_where_the_source_gives_none():
    ex = exercise("upper_trapezius.ear-to-shoulder-stretch")
    assert ex.dosage == library().defaults["stretch"].dosage
    assert "Med Sci Sports Exerc" in ex.dosage_source
    assert ex.citation.source.key == "ts1"  # the exercise itself keeps its own source


# --- strengthening additions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "muscle_id",
    [
        "lower_trapezius",
        "middle_trapezius",
        "serratus_anterior",
        "infraspinatus",
        "supraspinatus",
        "teres_minor",
        "longus_colli",
        "gluteus_medius",
        "gluteus_maximus",
        "external_oblique",
        "rectus_abdominis_lower",
        "quadratus_lumborum_superficial",
        "quadratus_lumborum_deep",
        "lumbar_multifidi",
    ],
)
def test_clinically_key_muscles_have_a_strengthening_exercise(muscle_id):
    kinds = {e.kind for e in library().of_muscle(muscle_id)}
    assert "strengthening" in kinds


# --- for_muscles -------------------------------------------------------------------------------


def test_for_muscles_keeps_the_muscle_order_then_the_kind_order():
    found = for_muscles(["lower_trapezius", "upper_trapezius"])
    muscles = [e.muscle_id for e in found]
    assert muscles == sorted(muscles, key=["lower_trapezius", "upper_trapezius"].index)
    for muscle_id in ("lower_trapezius", "upper_trapezius"):
        kinds = [e.kind for e in found if e.muscle_id == muscle_id]
        assert kinds == sorted(kinds, key=SELF_CARE_KINDS.index)
    # lower trapezius lists self-release before strengthening in its file
    assert [e.kind for e in found if e.muscle_id == "lower_trapezius"][0] == "self_release"
    upper = [e.kind for e in found if e.muscle_id == "upper_trapezius"]
    assert upper == ["stretch", "self_release", "posture"]


def test_a_whole_muscle_brings_all_its_parts():
    found = {e.muscle_id for e in for_muscles(["trapezius"])}
    assert found == {"upper_trapezius", "middle_trapezius", "lower_trapezius"}


def test_a_part_and_its_whole_muscle_give_each_exercise_once():
    found = for_muscles(["upper_trapezius", "trapezius"])
    assert len({e.id for e in found}) == len(found)
    assert found[0].muscle_id == "upper_trapezius"


def test_two_parts_sharing_an_exercise_list_it_once():
    found = for_muscles(["sternocleidomastoid"])
    names = [(e.kind, e.name) for e in found]
    assert names.count(("stretch", "Sternocleidomastoid stretch")) == 1


MUSCLE_IDS = [m.id for m in catalog().muscles] + sorted(
    {m.part_of for m in catalog().muscles if m.part_of}
)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.sampled_from(MUSCLE_IDS), max_size=6))
def test_for_muscles_groups_by_first_mention_and_sorts_kinds_within(muscle_ids):
    found = for_muscles(muscle_ids)
    assert len({e.id for e in found}) == len(found)
    # Where each exercise's muscle was first asked for, directly or through its whole muscle.
    rank = {}
    for k, ident in enumerate(muscle_ids):
        for m in library().muscles_named(ident):
            rank.setdefault(m.id, k)
    keys = [(rank[e.muscle_id], SELF_CARE_KINDS.index(e.kind)) for e in found]
    firsts = [k for k, _ in keys]
    assert firsts == sorted(firsts)
    for muscle_id in {e.muscle_id for e in found}:
        kinds = [SELF_CARE_KINDS.index(e.kind) for e in found if e.muscle_id == muscle_id]
        assert kinds == sorted(kinds)
    # Nothing asked for is missing: every exercise of the muscles named, bar repeats.
    wanted = {(e.kind, e.name, e.how) for m in rank for e in library().of_muscle(m)}
    assert {(e.kind, e.name, e.how) for e in found} == wanted


def test_for_muscles_refuses_an_unknown_muscle_with_a_hint():
    with pytest.raises(KeyError, match="infraspinatus"):
        for_muscles(["infraspinatis"])


# --- find ----------------------------------------------------------------------------------------


def test_find_filters_by_kind_muscle_and_words():
    lib = library()
    strengthening = lib.find(kind="strengthening")
    assert strengthening and all(e.kind == "strengthening" for e in strengthening)
    assert {e.muscle_id for e in lib.find(muscle="trapezius")} == {
        "upper_trapezius",
        "middle_trapezius",
        "lower_trapezius",
    }
    assert "serratus_anterior.push-up-plus" in {e.id for e in lib.find("push-up")}
    by_muscle = lib.find("infraspinatus", kind="strengthening")
    assert [e.id for e in by_muscle] == ["infraspinatus.side-lying-external-rotation"]
    assert lib.find("zzzz") == []


# --- picture -------------------------------------------------------------------------------------


def marked(svg: str) -> set[str]:
    return set(re.findall(r'data-region="([^"]+)" class="region muscle"', svg))


def test_picture_marks_where_the_muscles_trigger_points_lie():
    atlas = load_atlas()
    muscle = catalog().muscle("upper_trapezius")
    sites = {atlas.sided(tp.site, "right") for tp in muscle.trigger_points}
    svg = picture_svg("upper_trapezius.ear-to-shoulder-stretch")
    assert marked(svg) == sites
    assert "upper_shoulder_r" in marked(svg)
    assert "body-figure--posterior" in svg


def test_picture_draws_one_view_the_muscle_lies_in():
    assert "body-figure--head" in picture_svg("temporalis")
    assert "body-figure--anterior" in picture_svg("pectoralis_major_sternal")
    assert "body-figure--plantar" in picture_svg("flexor_digitorum_brevis")
    for muscle_id in ("temporalis", "soleus", "rectus_abdominis_lower"):
        assert picture_svg(muscle_id).count("<svg") == 1
        assert marked(picture_svg(muscle_id)), muscle_id


def test_picture_is_small_and_prints_without_the_stylesheet():
    svg = picture_svg("gluteus_medius")
    height = int(re.search(r'<svg width="\d+" height="(\d+)"', svg).group(1))
    assert height <= 240
    assert 'class="region muscle" fill="#' in svg


def test_pictures_of_two_exercises_have_distinct_element_ids():
    a = picture_svg("upper_trapezius.ear-to-shoulder-stretch")
    b = picture_svg("upper_trapezius.pincer-squeeze-of-the-upper-trapezius")
    ids_a = set(re.findall(r' id="([^"]+)"', a))
    assert ids_a and not ids_a & set(re.findall(r' id="([^"]+)"', b))
    assert picture_svg("soleus", id_prefix="pdf-").count('id="pdf-soleus-') > 1


def test_picture_of_an_unknown_id_is_a_key_error():
    with pytest.raises(KeyError, match="soleus"):
        picture_svg("solues")
    with pytest.raises(KeyError):
        picture_svg("soleus.no-such-exercise")


# --- validation of the data --------------------------------------------------------------------


def test_a_missing_kind_in_the_dosage_file_is_named(data):
    path = data / "exercise_dosage.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  - kind: posture")])
    with pytest.raises(DataError) as error:
        load_library(data)
    assert "exercise_dosage.yaml" in str(error.value)
    assert "'posture'" in str(error.value)


def test_a_misspelt_kind_gets_a_did_you_mean(data):
    edit(data / "exercise_dosage.yaml", "- kind: stretch", "- kind: strech")
    with pytest.raises(DataError, match="did you mean 'stretch'"):
        load_library(data)


def test_a_default_dosage_without_a_source_is_refused(data):
    path = data / "exercise_dosage.yaml"
    text = path.read_text()
    start = text.index("    source:\n      key: hou2002")
    end = text.index("  - kind: strengthening")
    path.write_text(text[:start] + text[end:])
    with pytest.raises(DataError) as error:
        load_library(data)
    assert error.value.entry == "self_release" and error.value.field == "source"


def test_no_dosage_and_no_reason_is_refused(data):
    path = data / "exercise_dosage.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("    reason:")])
    with pytest.raises(DataError) as error:
        load_library(data)
    assert error.value.entry == "posture" and error.value.field == "reason"


def test_a_bad_dosage_number_names_the_field(data):
    edit(data / "exercise_dosage.yaml", "sets: 2,", "sets: 0,")
    with pytest.raises(DataError) as error:
        load_library(data)
    assert error.value.field == "dosage.sets" and "at least 1" in error.value.problem


def test_broken_yaml_gives_the_file_and_line(data):
    edit(data / "exercise_dosage.yaml", "defaults:", "defaults: [")
    with pytest.raises(DataError, match=r"exercise_dosage.yaml.*line \d+"):
        load_library(data)


def test_two_exercises_with_one_id_in_a_muscle_are_refused(data):
    edit(
        data / "muscles" / "shoulder_arm.yaml",
        "        name: Self-hug stretch\n",
        "        name: Ball between shoulder blade and spine!\n",
    )
    with pytest.raises(DataError) as error:
        load_library(data)
    assert error.value.file == "muscles/shoulder_arm.yaml"
    assert error.value.entry == "middle_trapezius"
    assert "same exercise id" in error.value.problem
