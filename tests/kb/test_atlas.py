"""The body atlas: region ids, sides, names, search, neighbours and data validation."""

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from taut.kb.atlas import DATA_DIR, Atlas, Region, load_atlas, load_atlas_from
from taut.kb.errors import DataError


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load_atlas()


@pytest.fixture(scope="module")
def bases() -> list[dict]:
    return yaml.safe_load((DATA_DIR / "regions.yaml").read_text(encoding="utf-8"))["regions"]


# --- ids and sides ---------------------------------------------------------------------------


def test_more_than_a_hundred_regions_on_each_side(atlas):
    sides = Counter(r.side for r in atlas)
    assert sides["right"] > 100
    assert sides["left"] > 100
    assert sides["right"] == sides["left"]


def test_every_base_region_exists_once_per_side_or_once_on_the_midline(atlas, bases):
    expected = []
    for base in bases:
        if base.get("midline"):
            expected.append(base["id"])
        else:
            expected += [base["id"] + "_r", base["id"] + "_l"]
    ids = [r.id for r in atlas.regions]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(expected)


def test_regions_carry_base_name_view_and_side(atlas, bases):
    by_id = {b["id"]: b for b in bases}
    for region in atlas:
        base = by_id[region.base]
        assert region.name == base["name"]
        assert region.view == base["view"]
        if base.get("midline"):
            assert (region.id, region.side) == (region.base, "midline")
        else:
            assert region.side in ("right", "left")
            assert region.id == region.base + ("_r" if region.side == "right" else "_l")


def test_label_adds_the_side_to_the_name(atlas):
    assert atlas.get("temple_r").label == "Temple, right"
    assert atlas.get("plantar_heel_l").label == "Sole of the heel, left"
    assert atlas.get("sternum").label == "Breastbone (sternum), midline"
    assert atlas.get("cervical_spine").label == "Neck spine (midline)"  # said once


def test_every_label_says_where_the_region_is(atlas):
    for region in atlas.regions:
        assert region.label.endswith((", right", ", left", ", midline", "(midline)")), region


def test_regions_are_frozen(atlas):
    region = atlas.get("temple_r")
    assert isinstance(region, Region)
    with pytest.raises(AttributeError):
        region.name = "Other"  # type: ignore[misc]


def test_every_region_has_aliases_and_a_shape(atlas):
    for region in atlas:
        assert region.aliases, region.id
        assert all(a == a.lower() and a.strip() for a in region.aliases), region.id
        assert region.path.startswith("M") and region.path.endswith("Z"), region.id


def test_order_is_stable_and_follows_regions_yaml(atlas, bases):
    first_seen = list(dict.fromkeys(r.base for r in atlas))
    assert first_seen == [b["id"] for b in bases]
    assert load_atlas() is atlas  # cached


# --- look-ups --------------------------------------------------------------------------------


def test_get_contains_and_unknown_ids(atlas):
    assert "temple_r" in atlas
    assert "temple" not in atlas  # a sided base has no unsided region
    assert "sternum" in atlas
    with pytest.raises(KeyError, match="temple_r"):
        atlas.get("tempel_r")


def test_closest_suggests_ids_for_a_typo(atlas):
    assert atlas.closest("tempel_r")[0] == "temple_r"
    assert "greater_trochanter_l" in atlas.closest("greater_trochanter_left")
    assert len(atlas.closest("mastoid", n=2)) == 2
    assert atlas.closest("zzzzzz") == ()


def test_sided(atlas):
    assert atlas.sided("temple", "right") == "temple_r"
    assert atlas.sided("temple", "left") == "temple_l"
    assert atlas.sided("sternum", "left") == "sternum"
    with pytest.raises(KeyError):
        atlas.sided("nowhere", "left")
    with pytest.raises(ValueError):
        atlas.sided("temple", "both")


def test_views_and_in_view(atlas):
    assert atlas.views() == ("anterior", "posterior", "head", "plantar")
    for view in atlas.views():
        assert atlas.in_view(view)
    head_right = atlas.in_view("head", "right")
    assert len(head_right) == 21
    assert all(r.side == "right" for r in head_right)
    assert {r.base for r in atlas.in_view("plantar")} >= {"plantar_heel", "ball_of_foot"}
    with pytest.raises(ValueError):
        atlas.in_view("sideways")


# --- mirror ----------------------------------------------------------------------------------


def test_mirror_is_an_involution_that_maps_each_region_to_its_twin(atlas):
    for region in atlas:
        twin = atlas.get(atlas.mirror(region.id))
        assert atlas.mirror(twin.id) == region.id
        assert (twin.base, twin.view, twin.name) == (region.base, region.view, region.name)
        if region.side == "midline":
            assert twin is region
        else:
            assert {region.side, twin.side} == {"right", "left"}


# --- neighbours ------------------------------------------------------------------------------


def test_neighbours_are_symmetric_known_and_in_the_same_view(atlas):
    for region in atlas:
        assert region.id not in region.neighbours
        for other_id in region.neighbours:
            other = atlas.get(other_id)
            assert region.id in other.neighbours, (region.id, other_id)
            assert other.view == region.view


def test_every_region_has_a_neighbour(atlas):
    assert all(region.neighbours for region in atlas)


def test_neighbours_mirror_each_other(atlas):
    for region in atlas:
        twin = atlas.get(atlas.mirror(region.id))
        assert {atlas.mirror(n) for n in region.neighbours} == set(twin.neighbours)


@pytest.mark.parametrize(
    ("region", "neighbour"),
    [
        ("temple_r", "forehead_r"),
        ("ear_r", "deep_ear_r"),
        ("tmj_r", "ear_r"),
        ("mastoid_r", "behind_ear_r"),
        ("sternum", "pectoral_l"),
        ("sternum", "xiphoid"),
        ("throat", "anterior_neck_r"),
        ("axilla_r", "anterior_shoulder_r"),
        ("thoracic_spine", "interscapular_r"),
        ("sacrum", "sacroiliac_joint_r"),
        ("lateral_epicondyle_r", "dorsal_radial_forearm_r"),
        ("olecranon_l", "posterior_arm_l"),
        ("snuffbox_r", "dorsal_thumb_r"),
        ("patella_r", "lower_anterior_thigh_r"),
        ("popliteal_r", "calf_r"),
        ("plantar_heel_r", "medial_arch_r"),
        ("ball_of_foot_l", "plantar_great_toe_l"),
    ],
)
def test_anatomical_neighbours(atlas, region, neighbour):
    assert neighbour in atlas.get(region).neighbours


# --- search ----------------------------------------------------------------------------------


def test_search_finds_regions_by_alias(atlas):
    heel = atlas.search("heel")
    assert heel[0].base == "plantar_heel"
    assert {r.id for r in heel[:2]} == {"plantar_heel_r", "plantar_heel_l"}
    assert "posterior_heel_r" in {r.id for r in heel}  # "back of the heel" ranks later
    assert {r.id for r in atlas.search("temple")[:2]} == {"temple_r", "temple_l"}


def test_search_is_case_insensitive_and_ranks_exact_aliases_first(atlas):
    assert atlas.search("TEMPLE")[0].base == "temple"
    hits = atlas.search("elbow")
    assert hits[0].base == "olecranon"  # "elbow" is one of its aliases
    assert {"lateral_epicondyle", "medial_epicondyle", "antecubital"} <= {r.base for r in hits}


def test_search_by_id_name_and_side(atlas):
    assert atlas.search("greater_trochanter_r")[0].id == "greater_trochanter_r"
    assert atlas.search("Outer hip (greater trochanter)")[0].base == "greater_trochanter"
    assert [r.id for r in atlas.search("left temple")] == ["temple_l"]
    assert [r.id for r in atlas.search("temple right")] == ["temple_r"]
    assert atlas.search("   ") == ()
    assert atlas.search("xylophone") == ()


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("side of the head above the ear", "temple"),
        ("posterior plantar heel", "plantar_heel"),
        ("deep anterior shoulder", "anterior_shoulder"),
        ("front of the shoulder joint", "anterior_shoulder"),
        ("posterior deltoid", "posterior_shoulder"),
        ("lower lateral buttock", "lateral_buttock"),
        ("dorsal medial great toe", "dorsal_great_toe"),
        ("radial hand", "thenar"),
        ("dorsal hand near thumb", "dorsal_thumb_web"),
        ("first dorsal web", "dorsal_thumb_web"),
        ("radial forearm dorsal", "dorsal_radial_forearm"),
        ("radial forearm", "volar_radial_forearm"),
        ("angle of mandible", "jaw_angle"),
        ("tennis elbow", "lateral_epicondyle"),
        ("belly button", "periumbilical"),
        ("shoulder blade", "scapula"),
        ("kneecap", "patella"),
        ("armpit", "axilla"),
    ],
)
def test_search_understands_pain_drawing_vocabulary(atlas, text, base):
    assert atlas.search(text)[0].base == base


@given(st.text(max_size=40))
def test_search_and_closest_take_any_text(text):
    atlas = load_atlas()
    hits = atlas.search(text)
    assert len({r.id for r in hits}) == len(hits)
    assert all(rid in atlas for rid in atlas.closest(text))


# --- data validation -------------------------------------------------------------------------


def _data_copy(tmp_path: Path) -> Path:
    for name in ("regions.yaml", "atlas.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _entry(data: dict, ident: str) -> dict:
    return next(e for e in data["regions"] if e["id"] == ident)


def test_the_shipped_data_loads_through_the_directory_loader(tmp_path):
    atlas = load_atlas_from(_data_copy(tmp_path))
    assert len(atlas) == len(load_atlas())


@pytest.mark.parametrize(
    ("edit", "entry", "field"),
    [
        (lambda d: d["regions"].append({"id": "elbw", "aliases": ["x"]}), "elbw", "id"),
        (lambda d: d["regions"].append(dict(d["regions"][0])), "forehead", "id"),
        (lambda d: _entry(d, "temple").update(aliases="temple"), "temple", "aliases"),
        (lambda d: _entry(d, "temple").update(aliases=[]), "temple", "aliases"),
        (lambda d: _entry(d, "temple").update(aliases=[3]), "temple", "aliases[0]"),
        (lambda d: _entry(d, "temple").update(aliases=["ok", "Temple"]), "temple", "aliases[1]"),
        (lambda d: _entry(d, "chin").pop("aliases"), "chin", "aliases"),
        (lambda d: _entry(d, "chin").update(neighbours=["mouth"]), "chin", "neighbours"),
        (lambda d: d["regions"].remove(_entry(d, "mastoid")), "mastoid", "aliases"),
    ],
)
def test_malformed_atlas_file_names_file_entry_and_field(tmp_path, edit, entry, field):
    data_dir = _data_copy(tmp_path)
    _edit(data_dir / "atlas.yaml", edit)
    with pytest.raises(DataError) as caught:
        load_atlas_from(data_dir)
    error = caught.value
    assert (error.file, error.entry, error.field) == ("atlas.yaml", entry, field)
    message = str(error)
    assert "atlas.yaml" in message and repr(entry) in message and repr(field) in message


def test_atlas_file_that_is_not_yaml(tmp_path):
    data_dir = _data_copy(tmp_path)
    (data_dir / "atlas.yaml").write_text("regions: [\n", encoding="utf-8")
    with pytest.raises(DataError, match="atlas.yaml"):
        load_atlas_from(data_dir)


@pytest.mark.parametrize(
    ("edit", "entry", "field"),
    [
        (lambda d: _entry(d, "temple").update(view="sideways"), "temple", "view"),
        (lambda d: _entry(d, "temple").update(view="plantar"), "temple", "view"),
        (
            lambda d: d["regions"].append({"id": "tail", "view": "posterior", "name": "Tail"}),
            "tail",
            "id",
        ),
    ],
)
def test_regions_that_disagree_with_the_figure(tmp_path, edit, entry, field):
    data_dir = _data_copy(tmp_path)
    _edit(data_dir / "regions.yaml", edit)
    if entry == "tail":  # give it aliases so that the missing shape is what fails
        _edit(
            data_dir / "atlas.yaml",
            lambda d: d["regions"].append({"id": "tail", "aliases": ["tail"]}),
        )
    with pytest.raises(DataError) as caught:
        load_atlas_from(data_dir)
    assert (caught.value.file, caught.value.entry, caught.value.field) == (
        "regions.yaml",
        entry,
        field,
    )
