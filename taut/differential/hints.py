"""Hints that a drawing may have a non-myofascial source: a dermatomal band of numbness
(radicular), burning in both feet or hands (neuropathic), regions no trigger point refers to."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from taut.differential import params
from taut.differential.evidence import Compiled
from taut.differential.model import MIDLINE, SIDES, Model

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


@dataclass(frozen=True)
class Hint:
    """A prompt to consider another source: kind radicular | neuropathic | no_referral."""

    kind: str
    message: str
    regions: tuple[str, ...]
    roots: tuple[str, ...] = ()


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


def hints(model: Model, ev: Compiled) -> tuple[Hint, ...]:
    """Every hint the evidence supports, radicular first, sides left before right."""
    if not ev.quality:
        return tuple(_no_referral(model, ev))
    return (*_radicular(model, ev), *_neuropathic(model, ev), *_no_referral(model, ev))


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
