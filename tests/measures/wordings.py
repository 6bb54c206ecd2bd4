"""A stand-in for a clinic's licensed wording in tests: text of the right shape, made up here
(the real wording is copyrighted and never in the repository)."""

import json

from taut.measures import wordings
from taut.scoring.wording import ANCHORS, SHAPES


def stand_in(instrument: str) -> dict:
    items = []
    for number, options in enumerate(SHAPES[instrument], 1):
        count = 2 if options == ANCHORS else options
        items.append({
            "text": f"Stand-in question {number}",
            "options": [f"Stand-in answer {number}.{k}" for k in range(count)],
        })  # fmt: skip
    return {
        "instrument": instrument, "title": f"Stand-in {instrument.upper()}",
        "instructions": "Stand-in instructions.", "source": "Test licence", "items": items,
    }  # fmt: skip


def load_wording(clinic, instrument: str, by):
    """Upload the stand-in wording of `instrument` for `clinic`, as its admin would."""
    return wordings.upload(clinic, instrument, json.dumps(stand_in(instrument)), by)
