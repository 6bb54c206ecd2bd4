"""Tests of the muscle catalog loader, its queries, its validation and the exports, on small
fixture data written to a temporary directory."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from taut.kb.catalog import GROUPS, Dosage, ZoneRef, load_catalog
from taut.kb.errors import DataError
from taut.kb.export import muscle_to_dict, muscle_to_text
from taut.kb.vocab import DATA_DIR

VOCAB_FILES = ("regions.yaml", "movements.yaml", "causes.yaml", "sources.yaml")


def _upper_trapezius() -> dict[str, Any]:
    return {
        "id": "upper_trapezius",
        "name": "Upper trapezius",
        "part_of": "trapezius",
        "aliases": ["trapezius upper fibres"],
        "actions": ["raises the shoulder girdle"],
        "trigger_points": [
            {
                "id": "upper_trapezius_tp1",
                "name": "Central upper fibres",
                "location": "Middle of the free upper border",
                "site": "upper_shoulder",
                "essential": ["posterolateral_neck", "temple"],
                "spillover": ["occiput"],
                "prevalence": "very_common",
                "prevalence_basis": "fixture",
                "symptoms": ["temple headache"],
                "movements": ["neck_lateral_flexion"],
                "perpetuating_factors": ["poor_posture"],
                "sources": [{"key": "ts1", "where": "ch. 6"}],
            }
        ],
        "needling": {
            "position": "prone",
            "approach": "pincer grasp",
            "needle_length_mm": [25, 40],
            "needle_gauge_mm": [0.25, 0.3],
            "depth": None,
            "structures_at_risk": [{"structure": "lung", "note": "apex lies deep"}],
            "pneumothorax_risk": True,
            "source": {"key": "dommerholt2019", "where": "ch. 5"},
        },
        "self_care": [
            {
                "kind": "stretch",
                "name": "Ear-to-shoulder stretch",
                "how": "Tilt the head away.",
                "dosage": {"sets": 3, "hold_seconds": 30, "times_per_day": 2},
                "source": {"key": "davies2004", "where": "ch. 5"},
            }
        ],
        "sources": [{"key": "ts1", "where": "ch. 6"}],
    }


def _scm() -> dict[str, Any]:
    return {
        "id": "sternocleidomastoid",
        "name": "Sternocleidomastoid",
        "aliases": ["scm"],
        "actions": ["turns the head"],
        "trigger_points": [
            {
                "id": "sternocleidomastoid_tp1",
                "name": "Sternal head",
                "location": "Along the sternal head",
                "site": "anterior_neck",
                "essential": ["occiput", "cheek"],
                "prevalence": "common",
                "prevalence_basis": "fixture",
            }
        ],
        "needling": {
            "position": "supine",
            "approach": "pincer grasp",
            "needle_length_mm": [13, 25],
            "needle_gauge_mm": [0.2, 0.25],
            "pneumothorax_risk": False,
            "source": {"key": "dommerholt2019"},
        },
        "sources": [{"key": "ts1", "where": "ch. 7"}],
    }


def _rectus() -> dict[str, Any]:
    return {
        "id": "rectus_abdominis",
        "name": "Rectus abdominis",
        "actions": ["flexes the trunk"],
        "trigger_points": [
            {
                "id": "rectus_abdominis_tp1",
                "name": "Lower band",
                "location": "Just above the pubis",
                "site": "suprapubic",
                "essential": ["both:lumbar_paraspinal", "sacrum"],
                "spillover": ["temple"],
                "prevalence": "occasional",
                "prevalence_basis": "fixture",
            }
        ],
        "needling": {
            "position": "supine",
            "approach": "flat palpation",
            "pneumothorax_risk": False,
            "source": {"key": "dommerholt2019", "where": "ch. 9"},
        },
        "sources": [{"key": "ts1", "where": "ch. 49"}],
    }


def _files() -> dict[str, dict[str, Any]]:
    # abdomen_pelvis sorts first by file name but comes after head_neck in group order.
    return {
        "abdomen_pelvis.yaml": {"group": "abdomen_pelvis", "muscles": [_rectus()]},
        "head_neck.yaml": {"group": "head_neck", "muscles": [_upper_trapezius(), _scm()]},
    }


def _write(tmp_path: Path, files: dict[str, Any]) -> Path:
    for name in VOCAB_FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    muscles = tmp_path / "muscles"
    muscles.mkdir(exist_ok=True)
    for name, doc in files.items():
        text = doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False)
        (muscles / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def cat(tmp_path):
    return load_catalog(_write(tmp_path, _files()))


# --- loading and queries ---------------------------------------------------------------------


def test_loads_in_group_then_file_order(cat):
    assert [m.id for m in cat.muscles] == [
        "upper_trapezius",
        "sternocleidomastoid",
        "rectus_abdominis",
    ]
    ut = cat.muscle("upper_trapezius")
    assert ut.group == "head_neck" and ut.part_of == "trapezius"
    assert ut.needling.needle_length_mm == (25.0, 40.0)
    assert ut.needling.pneumothorax_risk is True and ut.pneumothorax_risk
    assert ut.needling.structures_at_risk[0].structure == "lung"
    assert ut.citations[0].source.key == "ts1" and ut.citations[0].where == "ch. 6"
    tp = cat.trigger_point("upper_trapezius_tp1")
    assert tp.muscle_id == "upper_trapezius"
    assert tp.site == "upper_shoulder"
    assert tp.essential == (ZoneRef("posterolateral_neck", False), ZoneRef("temple", False))
    assert tp.movements[0].id == "neck_lateral_flexion"
    assert tp.perpetuating_factors[0].id == "poor_posture"
    assert cat.muscle("sternocleidomastoid").needling.citation.where == ""
    assert cat.muscle("rectus_abdominis").needling.needle_length_mm is None
    assert [t.id for t in cat.trigger_points()] == [
        "upper_trapezius_tp1",
        "sternocleidomastoid_tp1",
        "rectus_abdominis_tp1",
    ]
    assert "neck_rotation" in cat.movements and "ts1" in cat.sources
    assert "poor_posture" in cat.causes


def test_objects_are_immutable(cat):
    with pytest.raises(AttributeError):
        cat.muscle("upper_trapezius").name = "x"  # type: ignore[misc]


def test_unknown_ids_raise_key_error(cat):
    with pytest.raises(KeyError):
        cat.muscle("nope")
    with pytest.raises(KeyError):
        cat.trigger_point("nope_tp1")
    with pytest.raises(KeyError):
        cat.referring_to("temple_l")


def test_by_group_lists_all_groups_in_order(cat):
    groups = cat.by_group()
    assert list(groups) == list(GROUPS)
    assert [m.id for m in groups["head_neck"]] == ["upper_trapezius", "sternocleidomastoid"]
    assert groups["leg_foot"] == ()


def test_empty_muscles_dir_loads(tmp_path):
    assert load_catalog(_write(tmp_path, {})).muscles == ()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("upper trap", ["upper_trapezius"]),
        ("TRAP", ["upper_trapezius"]),  # part_of and name, any case
        ("trapezius upper fib", ["upper_trapezius"]),
        ("scm", ["sternocleidomastoid"]),  # alias
        ("rapez", []),  # prefixes only, not inner substrings
        ("", []),
        ("  ", []),
        ("rectus abd", ["rectus_abdominis"]),
        ("fibres", ["upper_trapezius"]),
    ],
)
def test_search(cat, query, expected):
    assert [m.id for m in cat.search(query)] == expected


def test_search_ranks_name_matches_first(tmp_path):
    files = _files()
    scm = files["head_neck.yaml"]["muscles"][1]
    scm["aliases"] = ["upper neck turner"]
    cat = load_catalog(_write(tmp_path, files))
    # Catalog order has upper_trapezius first anyway; flip it to prove name matches lead.
    assert [m.id for m in cat.search("upper")] == ["upper_trapezius", "sternocleidomastoid"]
    files["head_neck.yaml"]["muscles"].reverse()
    cat = load_catalog(_write(tmp_path, files))
    assert [m.id for m in cat.search("upper")] == ["upper_trapezius", "sternocleidomastoid"]


def test_referring_to_puts_essential_first(cat):
    hits = [(tp.id, kind) for tp, kind in cat.referring_to("temple")]
    # rectus_abdominis_tp1 comes after in catalog order but only spills over to the temple;
    # upper_trapezius_tp1 lists it as essential.
    assert hits == [("upper_trapezius_tp1", "essential"), ("rectus_abdominis_tp1", "spillover")]
    hits = [(tp.id, kind) for tp, kind in cat.referring_to("occiput")]
    assert hits == [("sternocleidomastoid_tp1", "essential"), ("upper_trapezius_tp1", "spillover")]
    assert cat.referring_to("lumbar_paraspinal")[0][0].id == "rectus_abdominis_tp1"
    assert cat.referring_to("plantar_heel") == []


def test_both_prefix(cat):
    tp = cat.trigger_point("rectus_abdominis_tp1")
    assert tp.essential[0] == ZoneRef("lumbar_paraspinal", True)
    assert str(tp.essential[0]) == "both:lumbar_paraspinal"


@pytest.mark.parametrize(
    ("dosage", "text"),
    [
        (Dosage(sets=3, hold_seconds=30, times_per_day=2), "3 × 30 s hold, 2×/day"),
        (
            Dosage(sets=1, repetitions=3, hold_seconds=30, times_per_day=2),
            "1 set of 3 × 30 s hold, 2×/day",
        ),
        (Dosage(sets=3, repetitions=10), "3 sets of 10"),
        (Dosage(repetitions=10), "10 repetitions"),
        (Dosage(repetitions=1), "1 repetition"),
        (Dosage(sets=2), "2 sets"),
        (Dosage(hold_seconds=90), "90 s hold"),
        (Dosage(times_per_day=3), "3×/day"),
        (Dosage(), ""),
    ],
)
def test_dosage_text(dosage, text):
    assert str(dosage) == text
    assert bool(dosage) == bool(text)


def test_self_care_dosage_loaded(cat):
    care = cat.muscle("upper_trapezius").self_care[0]
    assert care.kind == "stretch" and care.citation.source.key == "davies2004"
    assert str(care.dosage) == "3 × 30 s hold, 2×/day"


def test_muscle_to_dict_is_json_ready(cat):
    d = muscle_to_dict(cat.muscle("rectus_abdominis"))
    assert json.loads(json.dumps(d)) == d
    assert d["id"] == "rectus_abdominis" and d["group"] == "abdomen_pelvis"
    assert d["trigger_points"][0]["site"] == "suprapubic"
    assert d["trigger_points"][0]["essential"] == ["both:lumbar_paraspinal", "sacrum"]
    assert d["trigger_points"][0]["spillover"] == ["temple"]
    assert d["pneumothorax_risk"] is False
    assert d["sources"] == [{"key": "ts1", "cite": cat.sources["ts1"].cite, "where": "ch. 49"}]
    d = muscle_to_dict(cat.muscle("upper_trapezius"))
    assert d["pneumothorax_risk"] is True
    assert d["needling"]["needle_length_mm"] == [25.0, 40.0]
    assert d["self_care"][0]["dosage"] == {"sets": 3, "hold_seconds": 30, "times_per_day": 2}
    assert d["aliases"] == ["trapezius upper fibres"] and d["part_of"] == "trapezius"
    assert d["trigger_points"][0]["movements"] == ["neck_lateral_flexion"]


def test_muscle_to_text(cat):
    text = muscle_to_text(cat.muscle("upper_trapezius"), cat.regions)
    assert text.startswith("Upper trapezius\n")
    for expected in (
        "Head and neck",
        "Lies over: Top of the shoulder girdle (trapezius ridge)",
        "Temple",
        "Back and side of the neck",
        "Back of the head (occiput)",
        "PNEUMOTHORAX RISK",
        "lung: apex lies deep",
        "3 × 30 s hold, 2×/day",
        "Tilting the head to the side",
        "Poor or sustained posture",
        "Needle length: 25-40 mm",
        "Needle gauge: 0.25-0.3 mm",
        "Simons DG",
    ):
        assert expected in text
    text = muscle_to_text(cat.muscle("rectus_abdominis"))
    assert "PNEUMOTHORAX" not in text
    assert "Low back beside the spine (both sides)" in text
    assert "Lies over: Above the pubic bone\n" in text


# --- validation ------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _ut(files: dict[str, Any]) -> dict[str, Any]:
    return files["head_neck.yaml"]["muscles"][0]


def _tp(files: dict[str, Any]) -> dict[str, Any]:
    return _ut(files)["trigger_points"][0]


def _set(getter: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any) -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        getter(files)[key] = value

    return mutate


def _drop(getter: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        del getter(files)[key]

    return mutate


def _needling(files):
    return _ut(files)["needling"]


def _care(files):
    return _ut(files)["self_care"][0]


def _dup_muscle(files):
    files["abdomen_pelvis.yaml"]["muscles"].append(copy.deepcopy(_ut(files)))
    files["abdomen_pelvis.yaml"]["muscles"][-1]["trigger_points"][0]["id"] += "x"


def _dup_tp(files):
    _ut(files)["trigger_points"].append(copy.deepcopy(_tp(files)))


HN = "muscles/head_neck.yaml"
UT = "upper_trapezius"
TP = "upper_trapezius/upper_trapezius_tp1"

CASES: list[tuple[str, Mutation, str, str, str, str]] = [
    # (rule, mutation, file, entry, field, text the message must contain)
    (
        "unknown key in a trigger point",
        _set(_tp, "spilover", ["occiput"]),
        HN,
        TP,
        "spilover",
        "did you mean 'spillover'",
    ),
    ("unknown key in a muscle", _set(_ut, "alias", ["x"]), HN, UT, "alias", "unknown field"),
    (
        "unknown key in needling",
        _set(_needling, "length", [1, 2]),
        HN,
        UT,
        "needling.length",
        "unknown field",
    ),
    (
        "unknown key in dosage",
        _set(lambda f: _care(f)["dosage"], "reps", 3),
        HN,
        UT,
        "self_care[0].dosage.reps",
        "unknown field",
    ),
    ("missing muscle name", _drop(_ut, "name"), HN, UT, "name", "missing"),
    ("missing trigger point location", _drop(_tp, "location"), HN, TP, "location", "missing"),
    ("missing needling", _drop(_ut, "needling"), HN, UT, "needling", "missing"),
    (
        "missing prevalence basis",
        _drop(_tp, "prevalence_basis"),
        HN,
        TP,
        "prevalence_basis",
        "missing",
    ),
    ("name must be text", _set(_ut, "name", 12), HN, UT, "name", "expected non-empty text"),
    ("empty name", _set(_ut, "name", "  "), HN, UT, "name", "expected non-empty text"),
    ("actions must be a list", _set(_ut, "actions", "lifts"), HN, UT, "actions", "list"),
    ("actions items are text", _set(_ut, "actions", ["ok", 3]), HN, UT, "actions[1]", "text"),
    ("ids are snake_case", _set(_ut, "id", "Upper-Trap"), HN, "Upper-Trap", "id", "snake_case"),
    (
        "prevalence enumeration",
        _set(_tp, "prevalence", "frequent"),
        HN,
        TP,
        "prevalence",
        "very_common",
    ),
    (
        "structure enumeration",
        _set(lambda f: _needling(f)["structures_at_risk"][0], "structure", "bone"),
        HN,
        UT,
        "needling.structures_at_risk[0].structure",
        "'bone' is not one of",
    ),
    (
        "self-care kind enumeration",
        _set(_care, "kind", "massage"),
        HN,
        UT,
        "self_care[0].kind",
        "'massage' is not one of",
    ),
    (
        "duplicate muscle id across files",
        _dup_muscle,
        HN,
        UT,
        "id",
        "already defined in muscles/abdomen_pelvis.yaml",
    ),
    ("duplicate trigger point id", _dup_tp, HN, TP, "id", "duplicate id"),
    (
        "trigger point id starts with muscle id",
        _set(_tp, "id", "trapezius_tp1"),
        HN,
        "upper_trapezius/trapezius_tp1",
        "id",
        "must start with the muscle id",
    ),
    (
        "unknown region",
        _set(_tp, "essential", ["posterolateral_neck", "tempel"]),
        HN,
        TP,
        "essential[1]",
        "did you mean 'temple'",
    ),
    (
        "sided region id",
        _set(_tp, "essential", ["temple_l"]),
        HN,
        TP,
        "essential[0]",
        "base id 'temple'",
    ),
    ("missing trigger point site", _drop(_tp, "site"), HN, TP, "site", "missing"),
    ("empty trigger point site", _set(_tp, "site", ""), HN, TP, "site", "empty"),
    (
        "unknown site",
        _set(_tp, "site", "upper_shouldr"),
        HN,
        TP,
        "site",
        "did you mean 'upper_shoulder'",
    ),
    (
        "sided site id",
        _set(_tp, "site", "upper_shoulder_r"),
        HN,
        TP,
        "site",
        "base id 'upper_shoulder'",
    ),
    (
        "site is one side",
        _set(_tp, "site", "both:upper_shoulder"),
        HN,
        TP,
        "site",
        "both: does not apply",
    ),
    ("site is one region", _set(_tp, "site", ["upper_shoulder"]), HN, TP, "site", "text"),
    (
        "unknown both: region",
        _set(_tp, "spillover", ["both:nowhere"]),
        HN,
        TP,
        "spillover[0]",
        "unknown region 'nowhere'",
    ),
    (
        "both: on a midline region",
        _set(_tp, "spillover", ["both:sternum"]),
        HN,
        TP,
        "spillover[0]",
        "midline",
    ),
    (
        "region listed twice",
        _set(_tp, "spillover", ["occiput", "occiput"]),
        HN,
        TP,
        "spillover[1]",
        "twice",
    ),
    (
        "essential must not be empty",
        _set(_tp, "essential", []),
        HN,
        TP,
        "essential",
        "at least one",
    ),
    (
        "same region in essential and spillover",
        _set(_tp, "spillover", ["both:temple"]),
        HN,
        TP,
        "spillover[0]",
        "also listed in essential",
    ),
    (
        "unknown movement",
        _set(_tp, "movements", ["neck_twist"]),
        HN,
        TP,
        "movements[0]",
        "unknown id 'neck_twist'",
    ),
    (
        "unknown cause",
        _set(_tp, "perpetuating_factors", ["bad_luck"]),
        HN,
        TP,
        "perpetuating_factors[0]",
        "unknown id 'bad_luck'",
    ),
    (
        "unknown muscle source",
        _set(_ut, "sources", [{"key": "ts3", "where": "p. 1"}]),
        HN,
        UT,
        "sources[0].key",
        "unknown source 'ts3'",
    ),
    (
        "unknown trigger point source",
        _set(_tp, "sources", [{"key": "nobody"}]),
        HN,
        TP,
        "sources[0].key",
        "unknown source",
    ),
    (
        "unknown needling source",
        _set(_needling, "source", {"key": "nobody"}),
        HN,
        UT,
        "needling.source.key",
        "unknown source",
    ),
    (
        "unknown self-care source",
        _set(_care, "source", {"key": "nobody"}),
        HN,
        UT,
        "self_care[0].source.key",
        "unknown source",
    ),
    ("at least one muscle source", _set(_ut, "sources", []), HN, UT, "sources", "at least one"),
    (
        "needle range min above max",
        _set(_needling, "needle_length_mm", [40, 25]),
        HN,
        UT,
        "needling.needle_length_mm",
        "0 < min <= max",
    ),
    (
        "needle range must be positive",
        _set(_needling, "needle_gauge_mm", [0, 0.3]),
        HN,
        UT,
        "needling.needle_gauge_mm",
        "0 < min <= max",
    ),
    (
        "needle range of two numbers",
        _set(_needling, "needle_length_mm", [25]),
        HN,
        UT,
        "needling.needle_length_mm",
        "[min, max]",
    ),
    (
        "needle range numeric",
        _set(_needling, "needle_gauge_mm", ["0.25", "0.3"]),
        HN,
        UT,
        "needling.needle_gauge_mm",
        "[min, max]",
    ),
    (
        "pneumothorax_risk present",
        _drop(_needling, "pneumothorax_risk"),
        HN,
        UT,
        "needling.pneumothorax_risk",
        "missing",
    ),
    (
        "pneumothorax_risk boolean",
        _set(_needling, "pneumothorax_risk", "maybe"),
        HN,
        UT,
        "needling.pneumothorax_risk",
        "true or false",
    ),
    (
        "dosage whole numbers",
        _set(lambda f: _care(f)["dosage"], "sets", 0),
        HN,
        UT,
        "self_care[0].dosage.sets",
        "whole number",
    ),
    (
        "unknown group",
        _set(lambda f: f["head_neck.yaml"], "group", "neck"),
        HN,
        "-",
        "group",
        "is not one of",
    ),
    (
        "unknown top-level key",
        _set(lambda f: f["head_neck.yaml"], "muscle", []),
        HN,
        "-",
        "muscle",
        "did you mean 'muscles'",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "file", "entry", "field", "contains"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_validation_rule(tmp_path, mutate, file, entry, field, contains):
    files = _files()
    mutate(files)
    with pytest.raises(DataError) as info:
        load_catalog(_write(tmp_path, files))
    err = info.value
    assert (err.file, err.entry, err.field) == (file, entry, field)
    message = str(err)
    for part in (file, entry, field, contains):
        assert part in message


def test_missing_trigger_point_id_is_named_by_position(tmp_path):
    files = _files()
    del _tp(files)["id"]
    with pytest.raises(DataError) as info:
        load_catalog(_write(tmp_path, files))
    assert (info.value.entry, info.value.field) == ("upper_trapezius/trigger_points[0]", "id")


def test_yaml_syntax_error_names_the_line(tmp_path):
    bad = "group: head_neck\nmuscles:\n  - id: x\n    name: [unclosed\n"
    with pytest.raises(DataError) as info:
        load_catalog(_write(tmp_path, {"head_neck.yaml": bad}))
    err = info.value
    assert (err.file, err.entry, err.field) == (HN, "-", "-")
    assert "line " in str(err)


def test_duplicate_yaml_key_is_an_error(tmp_path):
    text = yaml.safe_dump(_files()["head_neck.yaml"], sort_keys=False)
    # A second `name:` line would otherwise silently replace the first.
    text = text.replace(
        "  name: Upper trapezius\n", "  name: Upper trapezius\n  name: Trapezius\n", 1
    )
    with pytest.raises(DataError) as info:
        load_catalog(_write(tmp_path, {"head_neck.yaml": text}))
    assert info.value.file == HN
    assert "duplicate key 'name'" in str(info.value) and "line 5" in str(info.value)


def test_file_that_is_not_a_mapping(tmp_path):
    with pytest.raises(DataError) as info:
        load_catalog(_write(tmp_path, {"head_neck.yaml": "- just\n- a list\n"}))
    assert (info.value.file, info.value.entry, info.value.field) == (HN, "-", "-")


def test_first_error_wins(tmp_path):
    files = _files()
    files["abdomen_pelvis.yaml"]["muscles"][0]["name"] = ""
    _ut(files)["name"] = ""
    with pytest.raises(DataError) as info:
        load_catalog(_write(tmp_path, files))
    # Files are read in name order, so abdomen_pelvis.yaml is checked before head_neck.yaml.
    assert info.value.file == "muscles/abdomen_pelvis.yaml"


def test_vocabulary_file_errors_name_the_file(tmp_path):
    data = _write(tmp_path, _files())
    (data / "causes.yaml").write_text("causes:\n  - {id: x}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_catalog(data)
    assert (info.value.file, info.value.entry, info.value.field) == ("causes.yaml", "x", "name")
    (data / "causes.yaml").unlink()
    with pytest.raises(DataError, match="causes.yaml.*file not found"):
        load_catalog(data)
