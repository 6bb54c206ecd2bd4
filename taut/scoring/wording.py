"""The full wording of a questionnaire: its instructions, each item's question and each item's
answer statements (or, for 0-10 items, the words at the two ends of the scale), checked against
the shape of the instrument the scorers score.

An instrument is administered as validated only with its full wording. Taut ships the wording
of the instruments it may (SHIPPED, written in our own words, data/wording/*.yaml); a clinic
supplies the licensed wording of the others (LICENSED) from its own licensed copy. See
docs/scoring.md, "Wording", for the licence of each instrument.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from taut.scoring import items
from taut.scoring.errors import ScoringError

SHIPPED = ("nprs", "psfs", "acr2016")
LICENSED = ("ndi", "odi", "quickdash", "fiqr")
DATA = Path(__file__).parent / "data" / "wording"

# Answer options per item, in item order: the number of answer statements, or ANCHORS for a
# 0-10 item whose answers are numbers with words at both ends (NPRS, PSFS, FIQR). From each
# instrument's published form: NDI (Vernon & Mior 1991) and ODI 2.1a (Fairbank & Pynsent 2000)
# six statements scored 0-5; QuickDASH (Beaton et al. 2005) five answers scored 1-5; FIQR
# (Bennett et al. 2009) 0-10 items; ACR 2016 (Wolfe et al. 2016) fatigue, waking unrefreshed and
# cognitive symptoms on four levels 0-3, and headaches, lower abdominal pain and depression in
# the past 6 months as no or yes. PSFS (Stratford et al. 1995): one 0-10 rating question asked
# of each activity the patient names.
ANCHORS = "anchors"
SHAPES: dict[str, tuple] = {
    "nprs": (ANCHORS,),
    "psfs": (ANCHORS,),
    "ndi": (6,) * 10,
    "odi": (6,) * 10,
    "quickdash": (5,) * 11,
    "fiqr": (ANCHORS,) * 21,
    "acr2016": (4, 4, 4, 2, 2, 2),
}
MAX_TEXT = 1000  # characters in one question or statement; longer is a pasting mistake
MAX_UPLOAD = 200_000  # characters in an uploaded file


class WordingError(ScoringError):
    """Wording that does not fit the instrument: the message names the item and what is wrong."""


@dataclass(frozen=True)
class Item:
    text: str
    options: tuple[str, ...]  # answer statements, lowest score first; or the two anchors
    statements: bool = True  # False: a 0-10 item, `options` are the words at 0 and at 10


@dataclass(frozen=True)
class Wording:
    """One instrument's full wording, checked against its shape."""

    instrument: str
    title: str
    instructions: str
    items: tuple[Item, ...]
    source: str = ""  # where the wording comes from: our own words, or the clinic's licence

    def item(self, number: int) -> Item:
        return self.items[number - 1]

    def as_dict(self) -> dict[str, Any]:
        """The plain form `parse` reads back (and the database stores)."""
        return {
            "instrument": self.instrument, "title": self.title,
            "instructions": self.instructions, "source": self.source,
            "items": [{"text": i.text, "options": list(i.options)} for i in self.items],
        }  # fmt: skip


def shape_help(instrument: str) -> str:
    """What an upload must hold, in words."""
    shape = SHAPES[instrument]
    kinds = sorted({"two end labels" if n == ANCHORS else f"{n} answer statements" for n in shape})
    return f"{len(shape)} item{'s' if len(shape) != 1 else ''}, each with {' or '.join(kinds)}"


def text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WordingError(f"{where}: expected text, found {describe(value)}")
    if len(value) > MAX_TEXT:
        raise WordingError(f"{where}: longer than {MAX_TEXT} characters")
    value = value.strip()
    if value.startswith("(") and value.endswith(")"):
        raise WordingError(f"{where}: still the template's placeholder {value}")
    return value


def describe(value: Any) -> str:
    if value is None or value == "":
        return "nothing"
    return type(value).__name__


def parse(instrument: str, data: Any) -> Wording:
    """Check `data` (a mapping as read from YAML or JSON) against `instrument`'s shape."""
    if instrument not in SHAPES:
        raise WordingError(f"unknown instrument {instrument!r}; known: {', '.join(SHAPES)}")
    if not isinstance(data, Mapping):
        raise WordingError("expected a mapping with instrument, title, instructions and items")
    unknown = set(data) - {"instrument", "title", "instructions", "items", "source"}
    if unknown:
        raise WordingError(f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    if data.get("instrument") != instrument:
        raise WordingError(
            f"instrument: this file is for {data.get('instrument')!r}, not {instrument!r}"
        )
    shape, raw = SHAPES[instrument], data.get("items")
    if not isinstance(raw, list) or len(raw) != len(shape):
        found = len(raw) if isinstance(raw, list) else describe(raw)
        raise WordingError(f"items: {instrument} has {len(shape)} items, found {found}")
    checked = []
    for number, (entry, options) in enumerate(zip(raw, shape, strict=True), 1):
        checked.append(parse_item(instrument, number, entry, options))
    source = data.get("source") or ""
    return Wording(
        instrument=instrument, title=text(data.get("title"), "title"),
        instructions=text(data.get("instructions"), "instructions"), items=tuple(checked),
        source=text(source, "source") if source else "",
    )  # fmt: skip


def parse_item(instrument: str, number: int, entry: Any, options: int | str) -> Item:
    where = f"item {number} ({items.label(instrument, number)})"
    if not isinstance(entry, Mapping) or set(entry) - {"text", "options"}:
        raise WordingError(f"{where}: expected text and options")
    question = text(entry.get("text"), f"{where} text")
    given = entry.get("options")
    want = 2 if options == ANCHORS else options
    if not isinstance(given, list) or len(given) != want:
        what = "the words at the two ends of its 0-10 scale" if options == ANCHORS else (
            f"{want} answer statements, lowest score first")  # fmt: skip
        found = len(given) if isinstance(given, list) else describe(given)
        raise WordingError(f"{where}: expected {what}, found {found}")
    statements = tuple(text(o, f"{where} option {k}") for k, o in enumerate(given, 1))
    return Item(question, statements, statements=options != ANCHORS)


def read(content: str) -> Any:
    """The data in an uploaded YAML or JSON file (JSON first: its errors are clearer)."""
    if len(content) > MAX_UPLOAD:
        raise WordingError(f"the file is longer than {MAX_UPLOAD} characters")
    try:
        return json.loads(content)
    except ValueError:
        pass
    try:
        return yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise WordingError(f"not valid YAML or JSON{where}") from None


@cache
def shipped(instrument: str) -> Wording | None:
    """Taut's own wording of `instrument`, for the instruments in SHIPPED."""
    if instrument not in SHIPPED:
        return None
    return parse(instrument, yaml.safe_load((DATA / f"{instrument}.yaml").read_text("utf-8")))


def template(instrument: str) -> str:
    """A YAML skeleton of `instrument`'s wording, with placeholders, for a clinic to fill in
    from its licensed copy."""
    lines = [
        f"instrument: {instrument}",
        'title: "(the instrument\'s title as on your licensed form)"',
        'instructions: "(the instructions to the patient)"',
        'source: "(your licence: from whom, which version, which language)"',
        "items:",
    ]
    for number, options in enumerate(SHAPES[instrument], 1):
        lines.append(f'  - text: "(item {number}, {items.label(instrument, number)})"')
        lines.append("    options:")
        if options == ANCHORS:
            lines += ['      - "(words at 0)"', '      - "(words at 10)"']
        else:
            lines += [f'      - "(statement {k})"' for k in range(1, options + 1)]
    return "\n".join(lines) + "\n"
