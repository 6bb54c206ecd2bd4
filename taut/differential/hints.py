"""Hints that a drawing may have a non-myofascial source, most urgent first: a pattern that
mimics visceral disease (visceral), the knowledge base's own warnings for the candidates that
explain the drawing (caution), a dermatomal band of numbness (radicular), burning in both feet
or hands (neuropathic), regions no trigger point refers to (no_referral)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from taut.differential import params
from taut.differential.evidence import Compiled
from taut.differential.model import MIDLINE, SIDES, Model
from taut.differential.visceral import matches

DERMATOMES_FILE = Path(__file__).resolve().parent / "data" / "dermatomes.yaml"

FEET = frozenset(
    {
        "dorsal_foot",
        "lateral_foot",
        "dorsal_great_toe",
        "dorsal_lesser_toes",
        "plantar_heel",
        "medial_arch",
        "plantar_midfoot",
        "plantar_lateral_foot",
        "ball_of_foot",
        "plantar_great_toe",
        "plantar_lesser_toes",
    }
)
HANDS = frozenset(
    {
        "palm",
        "thenar",
        "hypothenar",
        "thumb",
        "index_finger",
        "middle_finger",
        "ring_finger",
        "little_finger",
        "dorsal_hand",
        "dorsal_thumb_web",
        "dorsal_thumb",
        "dorsal_index_finger",
        "dorsal_middle_finger",
        "dorsal_ring_finger",
        "dorsal_little_finger",
    }
)
# Qualities that point to a nerve rather than to referred myofascial pain.
NEURAL = frozenset({"burning", "numbness_tingling"})


# A sentence of a trigger point's notes that warns: what to rule out first, what it mimics.
WARNING = re.compile(r"rule[sd]? out|exclud|screen|mimic|imitat|before attributing", re.I)
KINDS = ("visceral", "caution", "radicular", "neuropathic", "no_referral")


@dataclass(frozen=True)
class Hint:
    """A prompt to consider another source; `kind` is one of KINDS, most urgent first."""

    kind: str
    message: str
    regions: tuple[str, ...]
    roots: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # the citations behind a visceral pattern


@dataclass(frozen=True)
class Dermatomes:
    """Base region -> root, and the roots in cranio-caudal order."""

    roots: tuple[str, ...]
    regions: Mapping[str, str]


@functools.cache
def dermatomes(path: Path = DERMATOMES_FILE) -> Dermatomes:
    """The dermatome table, checked: every root known, every region a base region."""
    from taut.kb.catalog import catalog

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    roots = tuple(data["roots"])
    regions = dict(data["regions"])
    known = catalog().regions
    for base, root in regions.items():
        if base not in known:
            raise ValueError(f"{path.name}: {base!r} is not a base region")
        if root not in roots:
            raise ValueError(f"{path.name}: {base}: unknown root {root!r}")
    return Dermatomes(roots, MappingProxyType(regions))


def hints(model: Model, ev: Compiled, explanation: tuple[int, ...] = ()) -> tuple[Hint, ...]:
    """Every hint the evidence supports, most urgent kind first; `explanation` is the
    explanation set, whose members' warnings are shown."""
    found = [*_visceral(model, ev), *_cautions(model, ev, explanation)]
    if ev.quality:
        found += [*_radicular(model, ev), *_neuropathic(model, ev)]
    return (*found, *_no_referral(model, ev))


def _visceral(model: Model, ev: Compiled) -> list[Hint]:
    painful = frozenset(model.region_ids[k] for k in ev.drawn.tolist())
    out = []
    for match in matches(painful):
        where = f" on the {match.side}" if match.side else ""
        out.append(
            Hint(
                "visceral",
                f"Rule out {match.pattern.organ}{where}: {match.pattern.message}",
                match.regions,
                sources=match.pattern.sources,
            )
        )
    return out


def _cautions(model: Model, ev: Compiled, explanation: tuple[int, ...]) -> list[Hint]:
    """The warnings in the notes of the trigger points that explain the drawing, once each."""
    drawn = frozenset(ev.drawn.tolist())
    # One hint a trigger point, over the drawn regions of both sides when both explain the
    # drawing, so that a mirrored drawing gets the mirrored hint.
    by_point: dict[str, tuple] = {}
    for k in explanation:
        c = model.candidates[k]
        regions = [model.region_ids[r] for r in model.zone_regions[k] if r in drawn]
        first, earlier = by_point.get(c.trigger_point.id, (c, []))
        by_point[c.trigger_point.id] = (first, earlier + regions)
    out = []
    for c, regions in by_point.values():
        warning = _warning(c.trigger_point.notes)
        if warning:
            name = f"{c.muscle_name}, {c.trigger_point.name}"
            out.append(Hint("caution", f"{name}: {warning}", tuple(sorted(set(regions)))))
    return out


@functools.cache
def _warning(notes: str | None) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", " ".join((notes or "").split()))
    warning = " ".join(s for s in sentences if WARNING.search(s))
    # The notes name sources by their catalog key ("ts1"); a reader needs author and year.
    return re.sub(r"\b\w+\b", lambda m: _source_names().get(m.group(), m.group()), warning)


@functools.cache
def _source_names() -> dict[str, str]:
    """Source key -> "Simons et al. 1999", from the first author and the year of its citation."""
    from taut.kb.catalog import catalog

    names = {}
    for key, source in catalog().sources.items():
        author = source.cite.split(" ", 1)[0].rstrip(",")
        years = re.findall(r"\b(?:19|20)\d\d\b", source.cite)
        others = " et al." if source.cite.split(".", 1)[0].count(",") else ""
        if years:
            names[key] = f"{author}{others} {years[0]}"
    return names


def _radicular(model: Model, ev: Compiled) -> list[Hint]:
    table = dermatomes()
    out = []
    for side in SIDES:
        numb = [
            k
            for k, q in sorted(ev.quality.items())
            if q == "numbness_tingling"
            and model.region_side[k] == side
            and model.region_base[k] in table.regions
        ]
        per_root = Counter(table.regions[model.region_base[k]] for k in numb)
        roots = [r for r in table.roots if per_root[r] >= params.RADICULAR_MIN_REGIONS]
        if not roots and len(numb) >= params.RADICULAR_MIN_REGIONS:
            # A band straddling two adjacent roots still reads as radicular.
            levels = sorted(table.roots.index(r) for r in per_root)
            if levels[-1] - levels[0] == 1:
                roots = [table.roots[k] for k in levels if table.roots[k] in per_root]
                roots = list(dict.fromkeys(roots))
        if not roots:
            continue
        regions = tuple(
            model.region_ids[k] for k in numb if table.regions[model.region_base[k]] in roots
        )
        names = "/".join(roots)
        out.append(
            Hint(
                "radicular",
                f"Numbness or tingling in a {names} dermatomal band on the {side} "
                f"({', '.join(regions)}): consider a radicular cause ({names} nerve root) "
                "before treating trigger points.",
                regions,
                tuple(roots),
            )
        )
    return out


def _neuropathic(model: Model, ev: Compiled) -> list[Hint]:
    out = []
    for part, pattern, where in ((FEET, "stocking", "feet"), (HANDS, "glove", "hands")):
        hit = [
            k for k, q in sorted(ev.quality.items()) if q in NEURAL and model.region_base[k] in part
        ]
        sides = {model.region_side[k] for k in hit}
        if not {"left", "right"} <= sides:
            continue
        regions = tuple(model.region_ids[k] for k in hit)
        out.append(
            Hint(
                "neuropathic",
                f"Burning or numbness in both {where} ({pattern} pattern): consider a "
                "neuropathic cause such as a peripheral neuropathy.",
                regions,
            )
        )
    return out


def _no_referral(model: Model, ev: Compiled) -> list[Hint]:
    lone = [k for k in ev.drawn.tolist() if k not in model.referred_set]
    if not lone:
        return []
    # Left-before-right within a base keeps the list the same for a mirrored drawing.
    order = {"left": 0, MIDLINE: 1, "right": 2}
    lone.sort(key=lambda k: (model.region_base[k], order[model.region_side[k]]))
    regions = tuple(model.region_ids[k] for k in lone)
    return [
        Hint(
            "no_referral",
            f"No trigger point in the catalog refers pain to {', '.join(regions)}: look for "
            "another source there.",
            regions,
        )
    ]
