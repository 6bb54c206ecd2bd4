"""Full questionnaire wording: Taut's own for the free instruments, a clinic's licensed copy
for the others, checked against each instrument's item and option counts."""

import json

import pytest

from taut.scoring import INSTRUMENTS, items, wording
from taut.scoring.wording import WordingError
from tests.measures.wordings import stand_in


def test_every_instrument_is_shipped_or_licensed_and_has_a_shape():
    assert set(wording.SHIPPED) | set(wording.LICENSED) == set(INSTRUMENTS)
    assert not set(wording.SHIPPED) & set(wording.LICENSED)
    for name, shape in wording.SHAPES.items():
        assert len(shape) == len(items.LABELS[name]) or name == "psfs"


@pytest.mark.parametrize("name", wording.SHIPPED)
def test_the_shipped_wording_fits_its_instrument(name):
    full = wording.shipped(name)
    assert full.instrument == name and full.title and full.instructions and full.source
    assert len(full.items) == len(wording.SHAPES[name])


def test_licensed_instruments_ship_no_wording():
    for name in wording.LICENSED:
        assert wording.shipped(name) is None
        assert not (wording.DATA / f"{name}.yaml").exists()


def test_nprs_items_are_a_0_to_10_scale_with_two_anchors():
    item = wording.shipped("nprs").item(1)
    assert not item.statements and len(item.options) == 2


def test_acr_severity_has_four_levels_and_the_others_yes_or_no():
    full = wording.shipped("acr2016")
    assert [len(i.options) for i in full.items] == [4, 4, 4, 2, 2, 2]
    assert all(i.statements for i in full.items)


@pytest.mark.parametrize("name", wording.LICENSED)
def test_a_wording_of_the_right_shape_is_accepted_from_json_or_yaml(name):
    data = stand_in(name)
    from_json = wording.parse(name, wording.read(json.dumps(data)))
    assert len(from_json.items) == len(wording.SHAPES[name])
    assert wording.parse(name, from_json.as_dict()) == from_json  # stored and read back


def test_the_template_has_the_shape_but_its_placeholders_are_refused():
    with pytest.raises(WordingError, match=r"item 1 \(Pain intensity\) text: still the template"):
        data = wording.read(wording.template("ndi"))
        data["title"], data["instructions"], data["source"] = "NDI", "Answer each.", "Licence"
        wording.parse("ndi", data)


def broken(name, change):
    data = stand_in(name)
    change(data)
    return data


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("ndi", lambda d: d["items"].pop(), "ndi has 10 items, found 9"),
        ("ndi", lambda d: d["items"][2]["options"].pop(),
         r"item 3 \(Lifting\): expected 6 answer statements, lowest score first, found 5"),
        ("quickdash", lambda d: d["items"][0]["options"].append("x"),
         r"item 1 \(Gripping and twisting\): expected 5 answer statements"),
        ("fiqr", lambda d: d["items"][20]["options"].append("x"),
         r"item 21 \(Environmental sensitivity\): expected the words at the two ends"),
        ("odi", lambda d: d["items"][0].update(text=" "), r"item 1 \(Pain intensity\) text"),
        ("odi", lambda d: d["items"][1]["options"].__setitem__(0, 3), "option 1: expected text"),
        ("odi", lambda d: d.update(instrument="ndi"), "this file is for 'ndi', not 'odi'"),
        ("odi", lambda d: d.update(extra=1), r"unknown key\(s\): extra"),
        ("odi", lambda d: d.pop("title"), "title: expected text, found nothing"),
        ("odi", lambda d: d["items"][0].update(text="x" * 1001), "longer than 1000"),
    ],
)  # fmt: skip
def test_a_wording_that_does_not_fit_is_refused_naming_the_problem(name, change, message):
    with pytest.raises(WordingError, match=message):
        wording.parse(name, broken(name, change))


def test_unreadable_files_are_refused():
    with pytest.raises(WordingError, match="not valid YAML or JSON at line"):
        wording.read("items: [\n  - text: 'unclosed")
    with pytest.raises(WordingError, match="expected a mapping"):
        wording.parse("ndi", wording.read("- just\n- a list\n"))
    with pytest.raises(WordingError, match="longer than"):
        wording.read("x" * (wording.MAX_UPLOAD + 1))
