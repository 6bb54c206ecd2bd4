"""Item labels (ours, short) and a clinic's licensed wording."""

import pytest

from taut.scoring import INSTRUMENTS, ScoringError, items

COUNTS = {"nprs": 1, "psfs": 5, "ndi": 10, "odi": 10, "quickdash": 11, "fiqr": 21, "acr2016": 6}


def test_every_instrument_has_short_labels():
    assert set(items.LABELS) == set(INSTRUMENTS)
    for name, labels in items.LABELS.items():
        assert len(labels) == COUNTS[name]
        for label in labels:
            assert label and len(label) <= 30 and not label.endswith(("?", "."))


def test_examples():
    assert items.label("ndi", 1) == "Pain intensity"
    assert items.label("odi", 3) == "Lifting"
    assert items.label("fiqr", 21) == "Environmental sensitivity"


def test_licensed_wording_replaces_the_label_where_given():
    wording = items.check_wording("ndi", {4: "Licensed text of item four"})
    assert items.item_text("ndi", 4, wording) == "Licensed text of item four"
    assert items.item_text("ndi", 5, wording) == "Headaches"
    assert items.item_text("ndi", 5) == "Headaches"


@pytest.mark.parametrize(
    ("instrument", "wording", "message"),
    [
        ("ndi", {0: "x"}, "ndi has items 1 to 10"),
        ("ndi", {11: "x"}, "ndi has items 1 to 10"),
        ("ndi", {"1": "x"}, "item numbers are whole numbers"),
        ("ndi", {True: "x"}, "item numbers are whole numbers"),
        ("ndi", {2: "  "}, r"item 2 \(Personal care\): expected non-empty text"),
        ("vas", {1: "x"}, "unknown instrument 'vas'"),
    ],
)
def test_invalid_wording(instrument, wording, message):
    with pytest.raises(ScoringError, match=message):
        items.check_wording(instrument, wording)
