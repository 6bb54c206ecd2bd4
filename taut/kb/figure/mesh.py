"""Meshes of every drawing (the half-figure cells mapped to canvas coordinates), region
outlines and SVG path data, and the geometry the atlas is built from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from taut.kb.figure.body import _half_body
from taut.kb.figure.canvas import (
    BODY_SCALE,
    BODY_TOP,
    BODY_W,
    CANVAS,
    HEAD_SCALE,
    HEAD_TOP,
    HEAD_W,
    SOLE_GAP,
    SOLE_SCALE,
    SOLE_TOP,
    SOLE_W,
    HalfCell,
    Label,
    Point,
)
from taut.kb.figure.head import _head_profile
from taut.kb.figure.soles import _sole

# --- assembling views ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One mesh cell: a ring of point indices (counter-clockwise on screen) and its region
    id, or None for context shapes that belong to no region."""

    ring: tuple[int, ...]
    region: str | None


@dataclass(frozen=True)
class Mesh:
    """The cells of one drawing, in canvas coordinates. The head view has one mesh per side
    (the two profiles occupy the same canvas); the other views have one."""

    view: str
    side: str | None
    width: float
    height: float
    points: tuple[Point, ...]
    cells: tuple[Cell, ...]


def _ids_for(label: Label, suffix: str, midline: frozenset[str]) -> str | None:
    if label is None:
        return None
    return label if label in midline else f"{label}_{suffix}"


def _mesh(
    view: str,
    side: str | None,
    parts: Iterable[tuple[Sequence[HalfCell], Callable[[Point], Point], str]],
    midline: frozenset[str],
) -> Mesh:
    """Turn half-figure cells into a mesh: map them to canvas coordinates (each part with
    its own map and id suffix) and give coincident points one index."""
    width, height = CANVAS[view]
    points: list[Point] = []
    index: dict[Point, int] = {}
    cells: list[Cell] = []
    for half, to_canvas, suffix in parts:
        for ring, label in half:
            ids: list[int] = []
            for p in ring:
                x, y = to_canvas(p)
                # Round to 1/100 unit: points computed twice for a shared corner collapse
                # into one, which is what lets shared edges cancel when regions merge.
                key = (round(x, 2) + 0.0, round(y, 2) + 0.0)
                if key not in index:
                    index[key] = len(points)
                    points.append(key)
                if not ids or ids[-1] != index[key]:
                    ids.append(index[key])
            while len(ids) > 1 and ids[0] == ids[-1]:
                ids.pop()
            if len(ids) < 3:
                continue
            if _signed_area([points[i] for i in ids]) < 0:
                ids.reverse()
            cells.append(Cell(tuple(ids), _ids_for(label, suffix, midline)))
    return Mesh(view, side, width, height, tuple(points), tuple(cells))


def _signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area; positive when the ring runs counter-clockwise on screen (y down)."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, list(ring[1:]) + [ring[0]], strict=False):
        s += x2 * y1 - x1 * y2
    return s / 2


@cache
def meshes(midline: frozenset[str]) -> tuple[Mesh, ...]:
    """Every drawing's mesh: anterior, posterior, head (right, left), plantar."""
    out = []
    for view, sign in (("anterior", -1.0), ("posterior", 1.0)):
        half = _half_body(view)
        cx = BODY_W / 2

        def right(p: Point, s: float = sign, cx: float = cx) -> Point:
            return (cx + s * p[0] * BODY_SCALE, BODY_TOP + p[1] * BODY_SCALE)

        def left(p: Point, s: float = sign, cx: float = cx) -> Point:
            return (cx - s * p[0] * BODY_SCALE, BODY_TOP + p[1] * BODY_SCALE)

        out.append(_mesh(view, None, [(half, right, "r"), (half, left, "l")], midline))
    profile = _head_profile()
    x_centre = (0.545 + -0.385) / 2  # nose tip and back of the head straddle the canvas centre
    for side, sign, suffix in (("right", 1.0, "r"), ("left", -1.0, "l")):

        def head_map(p: Point, s: float = sign) -> Point:
            return (HEAD_W / 2 + s * (p[0] - x_centre) * HEAD_SCALE, HEAD_TOP + p[1] * HEAD_SCALE)

        out.append(_mesh("head", side, [(profile, head_map, suffix)], midline))
    sole = _sole()

    def right_sole(p: Point) -> Point:
        return (SOLE_W / 2 + SOLE_GAP + p[0] * SOLE_SCALE, SOLE_TOP + p[1] * SOLE_SCALE)

    def left_sole(p: Point) -> Point:
        return (SOLE_W / 2 - SOLE_GAP - p[0] * SOLE_SCALE, SOLE_TOP + p[1] * SOLE_SCALE)

    out.append(_mesh("plantar", None, [(sole, right_sole, "r"), (sole, left_sole, "l")], midline))
    return tuple(out)


# --- outlines, shapes and neighbours ------------------------------------------------------


def outline_loops(points: Sequence[Point], rings: Iterable[Sequence[int]]) -> list[list[int]]:
    """Boundary loops of a union of cells: every edge two cells share (running opposite
    ways) cancels; what is left chains into closed loops, outer ones counter-clockwise and
    holes clockwise, so a nonzero fill draws the union exactly."""
    edges: set[tuple[int, int]] = set()
    for ring in rings:
        for a, b in zip(ring, list(ring[1:]) + [ring[0]], strict=False):
            if (b, a) in edges:
                edges.remove((b, a))
            else:
                edges.add((a, b))
    nexts: dict[int, list[int]] = {}
    for a, b in sorted(edges):
        nexts.setdefault(a, []).append(b)
    loops = []
    while nexts:
        start = min(nexts)
        loop, at = [start], start
        while True:
            following = nexts[at].pop(0)
            if not nexts[at]:
                del nexts[at]
            if following == start:
                break
            loop.append(following)
            at = following
            if at not in nexts:
                raise ValueError("open boundary: the cells do not close up")
        loops += _split_at_pinches(loop)
    return loops


def _split_at_pinches(loop: list[int]) -> list[list[int]]:
    """Cut a loop that passes through a point twice (two toes meeting at one corner) into
    simple loops, so every loop outlines one piece."""
    out: list[list[int]] = []
    path: list[int] = []
    seen: dict[int, int] = {}
    for point in loop:
        if point in seen:
            start = seen[point]
            piece = path[start:]
            out.append(piece)
            for p in piece[1:]:
                del seen[p]
            path = path[: start + 1]
        else:
            seen[point] = len(path)
            path.append(point)
    out.append(path)
    return [piece for piece in out if len(piece) >= 3]


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def path_data(points: Sequence[Point], loops: Iterable[Sequence[int]]) -> str:
    """SVG path data for closed loops of point indices."""
    parts = []
    for loop in loops:
        coords = " ".join(f"{_fmt(points[i][0])},{_fmt(points[i][1])}" for i in loop)
        parts.append(f"M{coords}Z")
    return "".join(parts)


@dataclass(frozen=True)
class Shape:
    """A region as drawn: its view, which head profile (or None), SVG path and area."""

    region: str
    view: str
    side: str | None
    path: str
    area: float


@dataclass(frozen=True)
class Geometry:
    """Everything the atlas needs from the figure."""

    shapes: Mapping[str, Shape]
    neighbours: Mapping[str, frozenset[str]]
    context: Mapping[tuple[str, str | None], str]  # (view, head side) -> context path
    meshes: tuple[Mesh, ...]


def region_cells(mesh: Mesh) -> dict[str | None, list[tuple[int, ...]]]:
    """Cell rings of each region of a mesh (None: the context shapes)."""
    by_region: dict[str | None, list[tuple[int, ...]]] = {}
    for cell in mesh.cells:
        by_region.setdefault(cell.region, []).append(cell.ring)
    return by_region


@cache
def geometry(midline: frozenset[str]) -> Geometry:
    """Shapes and neighbours of every region, derived from the meshes."""
    shapes: dict[str, Shape] = {}
    neighbours: dict[str, set[str]] = {}
    context: dict[tuple[str, str | None], str] = {}
    all_meshes = meshes(midline)
    for mesh in all_meshes:
        for region, rings in region_cells(mesh).items():
            loops = outline_loops(mesh.points, rings)
            path = path_data(mesh.points, loops)
            if region is None:
                context[(mesh.view, mesh.side)] = path
                continue
            if region in shapes:
                raise ValueError(f"region {region} is drawn twice")
            area = sum(_signed_area([mesh.points[i] for i in loop]) for loop in loops)
            shapes[region] = Shape(region, mesh.view, mesh.side, path, area)
            neighbours.setdefault(region, set())
        # Two regions are neighbours when some edge belongs to a cell of each.
        owner: dict[tuple[int, int], str | None] = {}
        for cell in mesh.cells:
            ring = cell.ring
            for a, b in zip(ring, ring[1:] + ring[:1], strict=False):
                other = owner.pop((b, a), "")
                if other == "":
                    owner[(a, b)] = cell.region
                elif other is not None and cell.region is not None and other != cell.region:
                    neighbours[other].add(cell.region)
                    neighbours[cell.region].add(other)
    frozen = {k: frozenset(v) for k, v in neighbours.items()}
    return Geometry(shapes, frozen, context, all_meshes)
