"""The body atlas: every surface region on each side, with its names, shape and neighbours.

regions.yaml lists the base regions (name, view, midline); atlas.yaml adds the aliases people
use for them; the figure package draws them. Neighbours are not written anywhere: two regions are
neighbours when their shapes share an edge in the same view, so they can never disagree with
the drawing.

Region ids: a base region exists as `<base>_r` and `<base>_l`, or once as `<base>` when it is
a midline region.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from taut.kb import figure
from taut.kb.errors import DataError
from taut.kb.vocab import BaseRegion, Fields, load_regions, read_yaml, relative_name

DATA_DIR = Path(__file__).resolve().parent / "data"
VIEWS = figure.VIEWS
SIDES = ("right", "left")
_SUFFIX = {"right": "_r", "left": "_l"}
_SIDE_WORDS = {"right": "right", "r": "right", "left": "left", "l": "left"}


@dataclass(frozen=True)
class Region:
    """One drawn region: a base region on one side (or the midline one)."""

    id: str
    base: str
    name: str  # as regions.yaml names the base region, without the side
    view: str
    side: str  # "right" | "left" | "midline"
    aliases: tuple[str, ...]
    neighbours: tuple[str, ...]  # region ids, in atlas order
    path: str  # SVG path data in the view's canvas coordinates

    @property
    def label(self) -> str:
        """Display name with the side: "Temple, right", "Sacrum, midline" (a screen reader
        user hears where each region is; a name that says "midline" already is not repeated)."""
        if self.side == "midline" and "midline" in self.name:
            return self.name
        return f"{self.name}, {self.side}"


class Atlas:
    """All regions in a stable order (regions.yaml order; right before left), with look-ups."""

    def __init__(self, regions: Sequence[Region], geometry: figure.Geometry):
        self._regions = tuple(regions)
        self._by_id = {r.id: r for r in self._regions}
        self._order = {r.id: k for k, r in enumerate(self._regions)}
        self._bases: dict[str, tuple[Region, ...]] = {}
        for r in self._regions:
            self._bases[r.base] = self._bases.get(r.base, ()) + (r,)
        self.geometry = geometry  # the figure's meshes, shapes and context outlines

    @property
    def regions(self) -> tuple[Region, ...]:
        return self._regions

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions)

    def __len__(self) -> int:
        return len(self._regions)

    def __contains__(self, region_id: object) -> bool:
        return region_id in self._by_id

    def get(self, region_id: str) -> Region:
        """The region with this id; KeyError (with suggestions) for an unknown id."""
        try:
            return self._by_id[region_id]
        except KeyError:
            hint = ", ".join(self.closest(str(region_id)))
            raise KeyError(
                f"unknown region {region_id!r}" + (f"; did you mean {hint}?" if hint else "")
            ) from None

    def views(self) -> tuple[str, ...]:
        return VIEWS

    def in_view(self, view: str, side: str | None = None) -> tuple[Region, ...]:
        """Regions drawn in a view; with a side, only that side's ("right", "left" or
        "midline"). The head view's right and left profiles are its two sides."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
        return tuple(
            r for r in self._regions if r.view == view and (side is None or r.side == side)
        )

    def mirror(self, region_id: str) -> str:
        """The same region on the other side; a midline region is its own mirror image."""
        region = self.get(region_id)
        if region.side == "midline":
            return region.id
        return self.sided(region.base, "left" if region.side == "right" else "right")

    def sided(self, base: str, side: str) -> str:
        """The region id of a base region on a side ("right"/"left"); midline bases have a
        single region, whatever the side."""
        if side not in SIDES:
            raise ValueError(f"side must be 'right' or 'left', got {side!r}")
        regions = self._bases.get(base)
        if regions is None:
            close = difflib.get_close_matches(base, list(self._bases), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"unknown base region {base!r}{hint}")
        if regions[0].side == "midline":
            return regions[0].id
        return base + _SUFFIX[side]

    def closest(self, unknown_id: str, n: int = 3) -> tuple[str, ...]:
        """Region ids that look like a mistyped one, best first.

        Each region scores the better of the whole-id likeness and a word-by-word likeness
        against its id, name and aliases, so a misspelt word inside a longer id ("heal_l")
        still finds its region (plantar_heel_l). A side suffix keeps that side and the midline.
        """
        word = unknown_id.strip().lower().replace(" ", "_").replace("-", "_")
        base, _, suffix = word.rpartition("_")
        side = {"l": "left", "r": "right"}.get(suffix) if base else None
        parts = [p for p in (base if side else word).split("_") if p]
        scored = []
        for region in self._regions:
            if side is not None and region.side not in (side, "midline"):
                continue
            whole = difflib.SequenceMatcher(None, word, region.id).ratio()
            vocabulary = sorted(set(_words(" ".join((region.id.replace("_", " "),
                                                     *_terms(region))))))  # fmt: skip
            matches = [max((difflib.SequenceMatcher(None, p, v).ratio(), v) for v in vocabulary)
                       for p in parts]  # fmt: skip
            by_word = sum(score for score, _ in matches) / max(len(parts), 1)
            key = tuple(v for _, v in matches) if by_word > whole else (region.id,)
            # On a tie, a word of the region's own id beats one found only in an alias.
            in_id = all(v in region.id.split("_") for v in key) or key == (region.id,)
            scored.append((-max(whole, by_word), not in_id, self._order[region.id], region.id, key))
        scored.sort()
        # One suggestion per word it matched first ("heal": one head region, one heel region),
        # then the next best.
        good = [(rid, key) for score, _, _, rid, key in scored if -score >= 0.6]
        seen: set[tuple[str, ...]] = set()
        first = [rid for rid, key in good if not (key in seen or seen.add(key))]
        return tuple(dict.fromkeys(first + [rid for rid, _ in good]))[:n]

    def search(self, text: str) -> tuple[Region, ...]:
        """Regions whose name, aliases or id match the text (case-insensitive), best first:
        an exact alias, name or id; then names starting with the text; then containing it as
        whole words; then anywhere; then all its words in any order. A side word ("left",
        "right") in the text keeps that side (and the midline)."""
        words = _words(text)
        side = None
        if len(words) > 1 and words[0] in _SIDE_WORDS:
            side, words = _SIDE_WORDS[words[0]], words[1:]
        elif len(words) > 1 and words[-1] in _SIDE_WORDS:
            side, words = _SIDE_WORDS[words[-1]], words[:-1]
        query = " ".join(words)
        if not query:
            return ()
        ranked = []
        for region in self._regions:
            if side is not None and region.side not in (side, "midline"):
                continue
            rank = _rank(query, _terms(region))
            if rank is not None:
                ranked.append((rank, self._order[region.id], region))
        ranked.sort(key=lambda item: item[:2])
        return tuple(region for _rank_, _order, region in ranked)


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def _terms(region: Region) -> list[str]:
    """Everything a region answers to, normalised to lower-case words."""
    terms = [region.id, region.base, region.name, *region.aliases]
    return [" ".join(_words(t)) for t in terms]


def _rank(query: str, terms: Sequence[str]) -> int | None:
    padded = f" {query} "
    qwords = set(query.split())
    best = None
    for term in terms:
        if term == query:
            rank = 0
        elif term.startswith(query + " "):
            rank = 1
        elif padded in f" {term} ":
            rank = 2
        elif query in term:
            rank = 3
        elif qwords <= set(term.split()):
            rank = 4
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


# --- loading -------------------------------------------------------------------------------


@cache
def load_atlas() -> Atlas:
    """The shipped atlas, loaded once."""
    return load_atlas_from(DATA_DIR)


def load_atlas_from(data_dir: Path) -> Atlas:
    """Read regions.yaml and atlas.yaml from data_dir, check them against each other and
    against the figure, and build the atlas. Malformed data raises DataError."""
    bases = load_regions(data_dir)
    regions_file = relative_name(data_dir / "regions.yaml", data_dir)
    for base in bases.values():
        if base.view not in VIEWS:
            raise DataError(
                regions_file, base.id, "view", f"{base.view!r} is not one of {', '.join(VIEWS)}"
            )
    aliases = _load_aliases(data_dir, bases)
    midline = frozenset(b.id for b in bases.values() if b.midline)
    geometry = figure.geometry(midline)
    _check_shapes(regions_file, bases, geometry)
    regions = []
    for base in bases.values():
        for rid, side in _region_ids(base):
            shape = geometry.shapes[rid]
            regions.append(
                Region(rid, base.id, base.name, base.view, side, aliases[base.id], (), shape.path)
            )
    order = {r.id: k for k, r in enumerate(regions)}
    regions = [
        _with_neighbours(r, sorted(geometry.neighbours.get(r.id, ()), key=order.__getitem__))
        for r in regions
    ]
    return Atlas(regions, geometry)


def _with_neighbours(region: Region, neighbours: Sequence[str]) -> Region:
    return Region(
        region.id,
        region.base,
        region.name,
        region.view,
        region.side,
        region.aliases,
        tuple(neighbours),
        region.path,
    )


def _region_ids(base: BaseRegion) -> list[tuple[str, str]]:
    if base.midline:
        return [(base.id, "midline")]
    return [(base.id + _SUFFIX[side], side) for side in SIDES]


def _load_aliases(data_dir: Path, bases: Mapping[str, BaseRegion]) -> dict[str, tuple[str, ...]]:
    """atlas.yaml: `regions:` is a list of {id: <base id>, aliases: [lower-case text, ...]},
    one entry for every base region."""
    path = data_dir / "atlas.yaml"
    rel = relative_name(path, data_dir)
    top = Fields(rel, "-", read_yaml(path, data_dir))
    top.check_keys(("regions",))
    out: dict[str, tuple[str, ...]] = {}
    for i, raw in enumerate(top.items("regions", nonempty=True)):
        named = isinstance(raw, dict) and isinstance(raw.get("id"), str)
        entry = Fields(rel, raw["id"] if named else f"regions[{i}]", raw)
        entry.check_keys(("id", "aliases"))
        base = entry.required_text("id")
        if base not in bases:
            close = difflib.get_close_matches(base, list(bases), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            entry.fail("id", f"unknown base region {base!r}{hint}; regions.yaml lists them")
        if base in out:
            entry.fail("id", "duplicate id")
        aliases = entry.text_list("aliases", nonempty=True)
        for k, alias in enumerate(aliases):
            if alias != alias.lower() or "_" in alias:
                entry.fail(f"aliases[{k}]", f"{alias!r}: aliases are plain lower-case phrases")
            if alias in aliases[:k]:
                entry.fail(f"aliases[{k}]", f"{alias!r} is listed twice")
        out[base] = aliases
    for base in bases:
        if base not in out:
            raise DataError(rel, base, "aliases", "no entry: every base region needs aliases")
    return out


def _check_shapes(
    regions_file: str, bases: Mapping[str, BaseRegion], geometry: figure.Geometry
) -> None:
    """Every region has exactly one shape, in the view regions.yaml gives, and the figure
    draws nothing regions.yaml does not list."""
    expected = {}
    for base in bases.values():
        for rid, _side in _region_ids(base):
            expected[rid] = base
            shape = geometry.shapes.get(rid)
            if shape is None:
                raise DataError(regions_file, base.id, "id", f"the figure draws no shape for {rid}")
            if shape.view != base.view:
                raise DataError(
                    regions_file,
                    base.id,
                    "view",
                    f"{base.view!r}, but the figure draws {rid} in the {shape.view} view",
                )
    for rid in geometry.shapes:
        if rid not in expected:
            base = rid.removesuffix("_r").removesuffix("_l")
            raise DataError(
                regions_file, base, "id", f"the figure draws {rid}, which regions.yaml lacks"
            )
