"""Drawings that mimic visceral disease (`data/visceral.yaml`): the patterns, checked when
loaded, and matched against a drawing in plain Python."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

VISCERAL_FILE = Path(__file__).resolve().parent / "data" / "visceral.yaml"
SIDE_RULES = ("left", "right", "same", "any")
SUFFIX = {"left": "_l", "right": "_r"}
BOTH = "both:"  # a group entry on either side, whatever the pattern's side rule


class VisceralDataError(ValueError):
    """The visceral pattern file is invalid; the message names the pattern and field."""


@dataclass(frozen=True)
class Pattern:
    """A referral pattern of an organ: every group needs a painful region on the side rule."""

    id: str
    organ: str
    side: str  # left | right | same | any
    groups: tuple[tuple[str, ...], ...]  # base regions
    message: str
    sources: tuple[str, ...]  # full citations, with where in the source
    sided: Mapping[str, tuple[frozenset[str], ...]]  # side tried -> each group as region ids


def _id(base: str, side: str, midline: Collection[str]) -> str:
    base = base.removeprefix(BOTH)
    return base if base in midline else base + SUFFIX[side]


def _sided(side_rule: str, groups: list[list[str]], midline: Collection[str]) -> dict:
    """Each group as region ids per side tried: one side, each side (same), or both (any)."""
    tried = {"left": ("left",), "right": ("right",), "same": ("left", "right")}
    out = {}
    for side in tried.get(side_rule, ("both",)):
        sides = ("left", "right") if side == "both" else (side,)
        out[side] = tuple(
            frozenset(
                _id(base, s, midline)
                for base in group
                for s in (("left", "right") if base.startswith(BOTH) else sides)
            )
            for group in groups
        )
    return out


@dataclass(frozen=True)
class Match:
    pattern: Pattern
    side: str | None  # the side of a `same` pattern, else None
    regions: tuple[str, ...]  # the drawn regions that matched


@functools.cache
def patterns(path: Path = VISCERAL_FILE) -> tuple[Pattern, ...]:
    """The patterns, checked: known base regions and side rules, cited sources, own words."""
    from taut.kb.catalog import catalog

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"sources", "patterns"}:
        raise VisceralDataError(f"{path.name}: expected the keys 'sources' and 'patterns'")
    sources: Mapping[str, str] = data["sources"]
    known = catalog().regions
    midline = {b for b, r in known.items() if r.midline}
    out, seen = [], set()
    for i, raw in enumerate(data["patterns"]):
        where = f"{path.name}: patterns[{i}]"
        keys = {"id", "organ", "side", "groups", "message", "sources"}
        if not isinstance(raw, dict) or set(raw) != keys:
            raise VisceralDataError(f"{where}: expected exactly {', '.join(sorted(keys))}")
        if raw["id"] in seen:
            raise VisceralDataError(f"{where}: duplicate id {raw['id']!r}")
        seen.add(raw["id"])
        if raw["side"] not in SIDE_RULES:
            raise VisceralDataError(f"{where}.side: expected one of {', '.join(SIDE_RULES)}")
        groups = raw["groups"]
        if not isinstance(groups, list) or len(groups) < 2:
            raise VisceralDataError(f"{where}.groups: a pattern joins at least two areas")
        for g, group in enumerate(groups):
            for base in group:
                if base.removeprefix(BOTH) not in known:
                    raise VisceralDataError(f"{where}.groups[{g}]: unknown base region {base!r}")
        cited = []
        for s, ref in enumerate(raw["sources"] or []):
            if not isinstance(ref, dict) or ref.get("key") not in sources or not ref.get("where"):
                raise VisceralDataError(f"{where}.sources[{s}]: expected a known key and where")
            cited.append(f"{sources[ref['key']]} ({ref['where']})")
        if not cited:
            raise VisceralDataError(f"{where}.sources: every pattern needs a source")
        out.append(
            Pattern(
                raw["id"],
                raw["organ"],
                raw["side"],
                tuple(tuple(group) for group in groups),
                " ".join(raw["message"].split()),
                tuple(cited),
                MappingProxyType(_sided(raw["side"], groups, midline)),
            )
        )
    return tuple(out)


def matches(painful: Collection[str]) -> list[Match]:
    """The patterns a drawing shows, given its painful region ids, in file order."""
    out = []
    for pattern in patterns():
        for side, groups in pattern.sided.items():
            if all(not group.isdisjoint(painful) for group in groups):
                regions = tuple(sorted({r for group in groups for r in group & painful}))
                out.append(Match(pattern, side if pattern.side == "same" else None, regions))
    return out
