"""Outline curves (monotone splines sampled into dense polylines with nodes) and the
patches, strips and digits that cut the bands between curves into cells."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from taut.kb.figure.canvas import HalfCell, Label, Point, Ring

# --- curves ------------------------------------------------------------------------------


def _pchip(xs: Sequence[float], ys: Sequence[float]) -> Callable[[float], float]:
    """Monotone cubic interpolation through (xs, ys): smooth, and it never overshoots, so an
    outline drawn through a few control points keeps its bumps where they were put."""
    n = len(xs)
    h = [xs[k + 1] - xs[k] for k in range(n - 1)]
    if any(step <= 0 for step in h):
        raise ValueError("control points must be strictly increasing")
    delta = [(ys[k + 1] - ys[k]) / h[k] for k in range(n - 1)]
    m = [delta[0]] + [0.0] * (n - 2) + [delta[-1]]
    for k in range(1, n - 1):
        if delta[k - 1] * delta[k] > 0:
            w1, w2 = 2 * h[k] + h[k - 1], h[k] + 2 * h[k - 1]
            m[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])

    def f(x: float) -> float:
        k = min(max(bisect_right(xs, x) - 1, 0), n - 2)
        t = (x - xs[k]) / h[k]
        t2, t3 = t * t, t * t * t
        return (
            (2 * t3 - 3 * t2 + 1) * ys[k]
            + (t3 - 2 * t2 + t) * h[k] * m[k]
            + (-2 * t3 + 3 * t2) * ys[k + 1]
            + (t3 - t2) * h[k] * m[k + 1]
        )

    return f


@dataclass(frozen=True)
class Curve:
    """A dense polyline; some of its points are nodes, where grid lines attach.

    The dense points between two nodes make the outline smooth; patches that share a side
    share the whole Curve, so both use the same in-between points and their cells meet."""

    pts: tuple[Point, ...]
    nodes: tuple[int, ...]

    @property
    def segments(self) -> int:
        return len(self.nodes) - 1

    def node(self, k: int) -> Point:
        return self.pts[self.nodes[k]]

    def node_points(self) -> list[Point]:
        return [self.pts[i] for i in self.nodes]

    def between(self, a: int, b: int) -> list[Point]:
        """Dense points strictly between node a and node b, in the a -> b direction."""
        ia, ib = self.nodes[a], self.nodes[b]
        if ia <= ib:
            return list(self.pts[ia + 1 : ib])
        return list(reversed(self.pts[ib + 1 : ia]))

    def sub(self, a: int, b: int) -> Curve:
        """The part of the curve from node a to node b (a < b)."""
        ia, ib = self.nodes[a], self.nodes[b]
        return Curve(self.pts[ia : ib + 1], tuple(i - ia for i in self.nodes[a : b + 1]))

    def then(self, other: Curve) -> Curve:
        """This curve followed by one that starts where this one ends."""
        if _dist(self.pts[-1], other.pts[0]) > 1e-9:
            raise ValueError("curves do not meet")
        offset = len(self.pts) - 1
        nodes = self.nodes + tuple(i + offset for i in other.nodes[1:])
        return Curve(self.pts + other.pts[1:], nodes)

    def node_fractions(self) -> list[float]:
        """Arc-length position of each node along the curve, from 0 to 1."""
        cum = [0.0]
        for p, q in zip(self.pts, self.pts[1:], strict=False):
            cum.append(cum[-1] + _dist(p, q))
        return [cum[i] / cum[-1] for i in self.nodes]


def _dist(p: Point, q: Point) -> float:
    return math.hypot(q[0] - p[0], q[1] - p[1])


def _sampled(ctrl: Sequence[Point], node_at: Sequence[float], step: float, axis: int) -> Curve:
    """A curve through ctrl whose `axis` coordinate runs monotonically; nodes at node_at."""
    other = 1 - axis
    f = _pchip([p[axis] for p in ctrl], [p[other] for p in ctrl])
    lo, hi = node_at[0], node_at[-1]
    at = set(node_at)
    n = max(1, round(abs(hi - lo) / step))
    for k in range(1, n):
        v = lo + (hi - lo) * k / n
        if min(abs(v - a) for a in node_at) > step / 3:
            at.add(v)
    ordered = sorted(at, reverse=hi < lo)
    pts = []
    for v in ordered:
        p = [0.0, 0.0]
        p[axis], p[other] = v, f(v)
        pts.append((p[0], p[1]))
    # The end points are corners shared with other curves: keep them exact.
    if ordered[0] == ctrl[0][axis]:
        pts[0] = ctrl[0]
    if ordered[-1] == ctrl[-1][axis]:
        pts[-1] = ctrl[-1]
    return Curve(tuple(pts), tuple(ordered.index(v) for v in node_at))


def ycurve(ctrl: Sequence[Point], node_ys: Sequence[float], step: float = 0.035) -> Curve:
    """A side curve, x as a smooth function of y (top to bottom), with nodes at node_ys."""
    return _sampled(ctrl, node_ys, step, axis=1)


def xcurve(ctrl: Sequence[Point], node_xs: Sequence[float], step: float = 0.035) -> Curve:
    """A top or bottom curve, y as a smooth function of x (inner to outer), nodes at node_xs."""
    return _sampled(ctrl, node_xs, step, axis=0)


def straight(points: Sequence[Point]) -> Curve:
    """A polyline whose every point is a node."""
    return Curve(tuple(points), tuple(range(len(points))))


# --- patches -----------------------------------------------------------------------------


def _coons(left: Curve, right: Curve, top: Curve, bottom: Curve) -> list[list[Point]]:
    """Grid nodes inside four sides. The border nodes are the sides' own nodes, so a
    neighbouring patch on the same side gets exactly the same points.

    Each row is a line from its left node to its right node, with lanes at fractions that
    blend from the top's to the bottom's; the bend of the top and bottom curves carries into
    the nearby rows and fades quadratically (a Coons patch fades it linearly, which skews
    the lanes all along a long limb under a rounded shoulder)."""
    lp, rp, tp, bp = (c.node_points() for c in (left, right, top, bottom))
    vl, vr, ut, ub = (c.node_fractions() for c in (left, right, top, bottom))
    nr, nc = len(lp) - 1, len(tp) - 1
    grid: list[list[Point]] = []
    for i in range(nr + 1):
        row: list[Point] = []
        v = (vl[i] + vr[i]) / 2
        fade_top, fade_bottom = (1 - v) ** 2, v**2
        for j in range(nc + 1):
            if i == 0 or i == nr or j == 0 or j == nc:
                row.append(tp[j] if i == 0 else bp[j] if i == nr else lp[i] if j == 0 else rp[i])
                continue
            u = (1 - v) * ut[j] + v * ub[j]
            pt = []
            for k in (0, 1):
                ruled = (1 - u) * lp[i][k] + u * rp[i][k]
                bend_top = tp[j][k] - ((1 - u) * tp[0][k] + u * tp[-1][k])
                bend_bottom = bp[j][k] - ((1 - u) * bp[0][k] + u * bp[-1][k])
                pt.append(ruled + fade_top * bend_top + fade_bottom * bend_bottom)
            row.append((pt[0], pt[1]))
        grid.append(row)
    return grid


def patch(
    left: Curve,
    right: Curve,
    top: Curve,
    bottom: Curve,
    labels: Sequence[str],
    legend: Mapping[str, Label],
) -> list[HalfCell]:
    """Cells of a band between `left` and `right` (top to bottom) and `top` and `bottom`
    (left to right). labels: one string per row, one legend character per lane."""
    nr, nc = left.segments, top.segments
    if right.segments != nr or bottom.segments != nc:
        raise ValueError("opposite sides of a patch need the same number of nodes")
    if len(labels) != nr or any(len(row) != nc for row in labels):
        raise ValueError(f"label map must be {nr} rows of {nc} lanes")
    corners = ((left.node(0), top.node(0)), (right.node(0), top.node(nc)))
    corners += ((left.node(nr), bottom.node(0)), (right.node(nr), bottom.node(nc)))
    if any(_dist(p, q) > 1e-9 for p, q in corners):
        raise ValueError(f"patch sides do not meet at the corners: {corners}")
    grid = _coons(left, right, top, bottom)
    cells: list[HalfCell] = []
    for i in range(nr):
        for j in range(nc):
            ring = [grid[i][j]]
            ring += top.between(j, j + 1) if i == 0 else []
            ring.append(grid[i][j + 1])
            ring += right.between(i, i + 1) if j == nc - 1 else []
            ring.append(grid[i + 1][j + 1])
            ring += bottom.between(j + 1, j) if i == nr - 1 else []
            ring.append(grid[i + 1][j])
            ring += left.between(i + 1, i) if j == 0 else []
            cells.append((ring, legend[labels[i][j]]))
    return cells


def _rows(block: str) -> list[str]:
    return block.split()


def strip(rows: Sequence[Sequence[Point]], labels: Sequence[Label], cap: Label) -> list[HalfCell]:
    """Cells between explicit row lines (a finger, a toe, the thumb), closed by a rounded cap
    past the last row. labels: one per cell, row by row."""
    cells: list[HalfCell] = []
    it = iter(labels)
    for upper, lower in zip(rows, rows[1:], strict=False):
        for j in range(len(upper) - 1):
            cells.append(([upper[j], upper[j + 1], lower[j + 1], lower[j]], next(it)))
    last = rows[-1]
    cells.append((list(last) + _cap_arc(rows[-2], last), cap))
    return cells


def _cap_arc(prev: Sequence[Point], last: Sequence[Point], n: int = 9) -> Ring:
    """Points of a half-ellipse beyond the row `last`, from its far end back to its near end,
    bulging in the direction the strip was heading (from `prev` to `last`)."""
    a, b = last[0], last[-1]
    centre = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    mid_prev = ((prev[0][0] + prev[-1][0]) / 2, (prev[0][1] + prev[-1][1]) / 2)
    hw = _dist(a, b) / 2
    ax, ay = (b[0] - centre[0]) / hw, (b[1] - centre[1]) / hw
    dx, dy = centre[0] - mid_prev[0], centre[1] - mid_prev[1]
    dn = math.hypot(dx, dy)
    dx, dy = dx / dn, dy / dn
    pts = []
    for k in range(1, n):
        t = math.pi * k / n
        c, s = math.cos(t), math.sin(t)
        pts.append((centre[0] + hw * (c * ax + s * dx), centre[1] + hw * (c * ay + s * dy)))
    return pts


def digit(
    base: Sequence[Point],
    angle: float,
    length: float,
    tip_halfwidth: float,
    label: Label,
    rows: int = 3,
) -> list[HalfCell]:
    """A finger or toe growing from the base nodes `base` (its first row line).

    angle: degrees from the direction `down` (+y) toward +x, negative toward -x; a sole's
    toes point up, which `angle` near 180 gives."""
    lanes = len(base) - 1
    p0, p1 = base[0], base[-1]
    c0 = ((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2)
    hw0 = _dist(p0, p1) / 2
    d = (math.sin(math.radians(angle)), math.cos(math.radians(angle)))
    n = (d[1], -d[0])
    if n[0] * (p1[0] - p0[0]) + n[1] * (p1[1] - p0[1]) < 0:
        n = (-n[0], -n[1])
    lines: list[list[Point]] = [list(base)]
    reach = length - tip_halfwidth
    for k in range(1, rows + 1):
        f = k / rows
        c = (c0[0] + d[0] * reach * f, c0[1] + d[1] * reach * f)
        hw = hw0 + (tip_halfwidth - hw0) * f
        lines.append([_along(c, n, -hw + 2 * hw * j / lanes) for j in range(lanes + 1)])
    return strip(lines, [label] * (rows * lanes), label)


def _along(p: Point, d: Point, t: float) -> Point:
    return (p[0] + d[0] * t, p[1] + d[1] * t)
