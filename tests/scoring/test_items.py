"""Item labels: ours, short."""

from taut.scoring import INSTRUMENTS, items

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
