"""The body figure, drawn from code: four views whose regions tile the figure exactly.

Every view is a mesh. A body segment (trunk, arm, leg, palm, ...) is a patch: a band between
two outline curves, cut by rows and lanes into cells; interior corner points come from
interpolating between the patch's four sides. Neighbouring patches are built on the *same*
side curve, so they share its corner points and its dense in-between points, and the cells
fit together without gaps or overlaps. Each cell carries a base region id; a region is the
union of its cells, merged into one outline by cancelling the edges its cells share.

The patient's right half is built once, in body units (one unit = one head height for the
anterior and posterior views) with x measured outward from the centre line, then mirrored
for the left half. Views:

* ``anterior``: whole body from the front; the patient's right is on the viewer's left.
* ``posterior``: whole body from behind; the patient's right is on the viewer's right.
* ``head``: lateral head and neck profile, one per side; the right side faces right, the
  left side is its mirror image (same viewBox, mirrored about its centre line).
* ``plantar``: the two soles as footprints, toes up; right sole on the viewer's right.

Nothing here reads data files: region names come from the atlas, which passes in the set of
midline base ids (they straddle the centre line instead of being split into _l and _r).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the atlas imports this module, so only type checkers import it back
    from taut.kb.atlas import Atlas

Point = tuple[float, float]
Ring = list[Point]
Label = str | None  # a base region id, or None for context (head outline, neck in profile)
HalfCell = tuple[Ring, Label]

VIEWS = ("anterior", "posterior", "head", "plantar")
SIDES = ("right", "left")

# Canvas of each view (SVG user units). The figure's centre line is the canvas centre, which
# makes mirroring a region about the centre line the map x -> width - x.
BODY_W, BODY_H, BODY_SCALE, BODY_TOP = 340.0, 810.0, 100.0, 40.0
HEAD_W, HEAD_H, HEAD_SCALE, HEAD_TOP = 340.0, 390.0, 260.0, 54.0
SOLE_W, SOLE_H, SOLE_SCALE, SOLE_TOP, SOLE_GAP = 300.0, 300.0, 240.0, 42.0, 14.0
CANVAS: dict[str, tuple[float, float]] = {
    "anterior": (BODY_W, BODY_H),
    "posterior": (BODY_W, BODY_H),
    "head": (HEAD_W, HEAD_H),
    "plantar": (SOLE_W, SOLE_H),
}


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


# --- whole body, right half ---------------------------------------------------------------
#
# Body units: one head height. y = 0 at the crown, 7.5 at the soles; x = 0 on the centre
# line, growing toward the patient's right. Landmarks follow the usual 7.5-head canon: chin
# at 1, nipples near 2, navel near 3, crotch at 4, knee near 5.4, ankle near 7.1; shoulders
# about 2 heads wide, hips about 1.5.

# Label maps. One character per lane, listed from the centre line (or the medial edge)
# outward; the legend maps characters to base region ids.
_NECK = {
    "anterior": ("tnL", {"t": "throat", "n": "anterior_neck", "L": "lateral_neck"}),
    "posterior": (
        "cpP",
        {"c": "cervical_spine", "p": "posterior_neck", "P": "posterolateral_neck"},
    ),
}

_TRUNK_ANTERIOR = """
sicccccS
siiiiiiS
sPPPPPPS
sPPPnnPa
sPPPnnPa
xlllllLL
eellllLL
eeUUUULL
eeUUUULL
uuwwwAAA
uuwwwAAA
wwwwwAAA
wwwwwAAA
ppwwwAAA
ppwwwAAA
gGGGGAAA
gGGGGAAA
"""
_TRUNK_ANTERIOR_LEGEND = {
    "s": "sternum", "i": "infraclavicular", "c": "supraclavicular", "S": "anterior_shoulder",
    "P": "pectoral", "n": "nipple", "a": "axilla", "x": "xiphoid", "l": "lower_chest",
    "L": "lateral_chest", "e": "epigastric", "U": "upper_abdomen", "u": "periumbilical",
    "w": "lower_abdomen", "A": "lateral_abdomen", "p": "suprapubic", "g": "genital",
    "G": "groin",
}  # fmt: skip

_TRUNK_POSTERIOR = """
Thhhhhha
TIVqqqqP
TIVCCCCP
TIVCCCCX
TIVCCCXX
TIVNNCXX
TMMMMMMX
TMMMMMMM
TMMMMMMM
TJJFFFFF
KRRFFFFF
KRRRFFFF
KRRZZZZZ
YWWBBBDD
YWWBBBDD
OQQQBBDD
EQQQQDDD
"""
_TRUNK_POSTERIOR_LEGEND = {
    "T": "thoracic_spine", "h": "upper_shoulder", "a": "acromion", "I": "interscapular",
    "V": "vertebral_border_scapula", "q": "suprascapular", "P": "posterior_shoulder",
    "C": "scapula", "X": "posterior_axilla", "N": "inferior_angle_scapula", "M": "mid_back",
    "J": "thoracolumbar", "F": "flank", "K": "lumbar_spine", "R": "lumbar_paraspinal",
    "Z": "iliac_crest", "Y": "sacrum", "W": "sacroiliac_joint", "B": "upper_buttock",
    "D": "lateral_buttock", "O": "coccyx", "Q": "lower_buttock", "E": "perineum",
}  # fmt: skip

# Arm lanes run from the inner (ulnar) edge to the outer (radial) edge; the palm faces
# forward (anatomical position), so the front view shows the palm and the back view the
# back of the hand, with the thumb outermost in both.
_ARM_ANTERIOR = """
SSss
SSss
SSss
aSss
aBBs
mBBl
mBBl
mBBl
eCCl
eCCr
uvvr
uvvr
uvvr
uvvr
uvvr
wwww
"""
_ARM_ANTERIOR_LEGEND = {
    "S": "anterior_shoulder", "s": "lateral_shoulder", "a": "axilla", "B": "anterior_arm",
    "m": "medial_arm", "l": "lateral_arm", "e": "medial_epicondyle", "C": "antecubital",
    "u": "volar_ulnar_forearm", "v": "volar_forearm", "r": "volar_radial_forearm",
    "w": "volar_wrist",
}  # fmt: skip

_ARM_POSTERIOR = """
ccPP
PPPP
PPPP
xPPP
xPPP
nTTo
nTTo
nTTo
nOOo
nOOE
UDDE
UDDR
UDDR
UDDR
UDDR
YWWN
"""
_ARM_POSTERIOR_LEGEND = {
    "c": "acromion", "P": "posterior_shoulder", "x": "posterior_axilla",
    "n": "posteromedial_arm", "T": "posterior_arm", "o": "posterolateral_arm",
    "O": "olecranon", "E": "lateral_epicondyle", "U": "dorsal_ulnar_forearm",
    "D": "dorsal_forearm", "R": "dorsal_radial_forearm", "Y": "ulnar_wrist",
    "W": "dorsal_wrist", "N": "snuffbox",
}  # fmt: skip

# Palm lanes: little, ring, middle, index finger columns.
_PALM = {
    "anterior": ("hptt hptt hppt pppp", {"h": "hypothenar", "p": "palm", "t": "thenar"}),
    "posterior": (
        "ddds dddw dddw dddw",
        {"d": "dorsal_hand", "w": "dorsal_thumb_web", "s": "snuffbox"},
    ),
}
_FINGERS = {
    "anterior": ("little_finger", "ring_finger", "middle_finger", "index_finger"),
    "posterior": (
        "dorsal_little_finger",
        "dorsal_ring_finger",
        "dorsal_middle_finger",
        "dorsal_index_finger",
    ),
}
# Thumb cells: the wedge joining it to the hand (wrist part, web part), then the thumb.
_THUMB = {
    "anterior": (("thenar", "thenar"), "thumb"),
    "posterior": (("snuffbox", "dorsal_thumb"), "dorsal_thumb"),
}

_LEG_ANTERIOR = """
MMAAHHH
MMAAAHL
MMAAALL
MMAAALL
MMAAALL
MMBBBLL
KBBBBBJ
KKPPPJJ
KKPPPJJ
KKSSSJJ
IISSSOO
IISSSOO
IISSSOO
IISSSOO
IISSSOO
NNTTTOO
NNTTTOO
"""
_LEG_ANTERIOR_LEGEND = {
    "M": "medial_thigh", "A": "anterior_thigh", "H": "anterior_hip", "L": "lateral_thigh",
    "B": "lower_anterior_thigh", "K": "medial_knee", "J": "lateral_knee", "P": "patella",
    "S": "shin", "I": "medial_leg", "O": "lateral_leg", "N": "medial_malleolus",
    "T": "anterior_ankle",
}  # fmt: skip

_LEG_POSTERIOR = """
QQQQDZZ
QQQQDZZ
mmppplZ
mmpppll
mmpppll
mmpppll
mmpppll
mOOOOOl
mOOOOOl
wwCCCvv
wwCCCvv
wwCCCvv
wwCCCvv
wwcccvv
wwcccvv
wwaaayy
wwaaayy
"""
_LEG_POSTERIOR_LEGEND = {
    "Q": "lower_buttock", "D": "lateral_buttock", "Z": "greater_trochanter",
    "m": "posteromedial_thigh", "p": "posterior_thigh", "l": "posterolateral_thigh",
    "O": "popliteal", "w": "posteromedial_leg", "C": "calf", "c": "lower_calf",
    "v": "posterolateral_leg", "a": "achilles", "y": "lateral_malleolus",
}  # fmt: skip


def _rows(block: str) -> list[str]:
    return block.split()


# Outline control points (body units), each list running top to bottom.
_TRUNK_TOP = [(0.0, 1.30), (0.1, 1.292), (0.2, 1.265), (0.29, 1.215), (0.41, 1.25),
              (0.53, 1.295), (0.65, 1.34), (0.75, 1.385), (0.84, 1.43)]  # fmt: skip
_TRUNK_SIDE = [(0.84, 1.43), (0.805, 1.57), (0.775, 1.72), (0.75, 1.86), (0.725, 2.0),
               (0.715, 2.15), (0.7, 2.3), (0.683, 2.45), (0.665, 2.6), (0.65, 2.75),
               (0.643, 2.88), (0.646, 3.01), (0.66, 3.13), (0.685, 3.25), (0.71, 3.35),
               (0.735, 3.44), (0.755, 3.52), (0.775, 3.62)]  # fmt: skip
_TRUNK_MID_YS = [1.30, 1.45, 1.62, 1.80, 1.98, 2.15, 2.32, 2.48, 2.64, 2.80, 2.96, 3.12,
                 3.28, 3.44, 3.58, 3.72, 3.86, 4.0]  # fmt: skip
_TRUNK_BOTTOM = [(0.0, 4.0), (0.1, 3.99), (0.19, 3.945), (0.28, 3.89), (0.375, 3.835),
                 (0.47, 3.78), (0.565, 3.725), (0.665, 3.672), (0.775, 3.62)]  # fmt: skip
# The arms hang a little away from the trunk, palms forward.
_ARM_CAP = [(0.84, 1.43), (0.905, 1.452), (0.96, 1.485), (1.0, 1.54), (1.03, 1.63)]
_ARM_INNER = [(0.725, 2.0), (0.745, 2.15), (0.77, 2.32), (0.805, 2.5), (0.84, 2.68),
              (0.875, 2.84), (0.9, 2.98), (0.93, 3.14), (0.97, 3.32), (1.01, 3.5),
              (1.05, 3.66), (1.07, 3.76), (1.09, 3.86)]  # fmt: skip
_ARM_OUTER = [(1.03, 1.63), (1.07, 1.76), (1.085, 1.89), (1.085, 2.0), (1.09, 2.12),
              (1.1, 2.27), (1.115, 2.43), (1.135, 2.6), (1.16, 2.76), (1.19, 2.9),
              (1.235, 3.02), (1.27, 3.18), (1.3, 3.35), (1.315, 3.52), (1.325, 3.68),
              (1.325, 3.78), (1.33, 3.87)]  # fmt: skip
_WRIST = [(1.09, 3.86), (1.21, 3.868), (1.33, 3.87)]
_PALM_INNER = [(1.09, 3.86), (1.085, 3.97), (1.09, 4.08), (1.1, 4.19), (1.115, 4.29)]
_PALM_OUTER = [(1.33, 3.87), (1.37, 3.98), (1.385, 4.1), (1.385, 4.2), (1.38, 4.29)]
_KNUCKLES = [(1.115, 4.29), (1.18, 4.32), (1.25, 4.335), (1.315, 4.325), (1.38, 4.29)]
# Fingers, little to index: (angle from straight down in degrees, length, tip half-width).
_FINGER_SHAPES = [(-4.0, 0.25, 0.026), (1.0, 0.32, 0.028), (5.0, 0.36, 0.029),
                  (9.0, 0.32, 0.028)]  # fmt: skip
_THUMB_ROOT, _THUMB_AXIS, _THUMB_BULGE = (1.44, 4.09), (0.35, 0.94), (1.45, 3.925)
_LEG_INNER = [(0.1, 3.99), (0.1, 4.3), (0.105, 4.75), (0.115, 5.1), (0.12, 5.35),
              (0.118, 5.52), (0.11, 5.68), (0.095, 5.9), (0.08, 6.1), (0.092, 6.4),
              (0.115, 6.68), (0.13, 6.9), (0.12, 7.02), (0.128, 7.14)]  # fmt: skip
_LEG_INNER_YS = [3.99, 4.12, 4.3, 4.52, 4.76, 4.99, 5.2, 5.37, 5.52, 5.68, 5.85, 6.05, 6.27,
                 6.5, 6.72, 6.9, 7.03, 7.14]  # fmt: skip
_LEG_OUTER = [(0.775, 3.62), (0.8, 3.8), (0.79, 4.0), (0.75, 4.3), (0.68, 4.7),
              (0.6, 5.02), (0.54, 5.3), (0.515, 5.52), (0.505, 5.68), (0.515, 5.88),
              (0.53, 6.05), (0.515, 6.3), (0.47, 6.58), (0.41, 6.85), (0.385, 6.96),
              (0.39, 7.05), (0.378, 7.14)]  # fmt: skip
_LEG_OUTER_YS = [3.62, 3.8, 4.0, 4.27, 4.55, 4.82, 5.1, 5.32, 5.5, 5.67, 5.85, 6.05, 6.27,
                 6.5, 6.72, 6.9, 7.03, 7.14]  # fmt: skip
_ANKLE = [(0.128, 7.14), (0.253, 7.15), (0.378, 7.14)]


def _half_body(view: str) -> list[HalfCell]:
    """All cells of the patient's right half of the anterior or posterior view."""
    cells: list[HalfCell] = []
    trunk_top = xcurve(_TRUNK_TOP, [p[0] for p in _TRUNK_TOP])
    trunk_side = ycurve(_TRUNK_SIDE, [p[1] for p in _TRUNK_SIDE])
    trunk_mid = straight([(0.0, y) for y in _TRUNK_MID_YS])
    trunk_bottom = xcurve(_TRUNK_BOTTOM, [p[0] for p in _TRUNK_BOTTOM])
    cells += _head_and_neck(view, trunk_top.sub(0, 3))
    trunk_rows = _TRUNK_ANTERIOR if view == "anterior" else _TRUNK_POSTERIOR
    legend = _TRUNK_ANTERIOR_LEGEND if view == "anterior" else _TRUNK_POSTERIOR_LEGEND
    cells += patch(trunk_mid, trunk_side, trunk_top, trunk_bottom, _rows(trunk_rows), legend)
    wrist = _arm(view, trunk_side.sub(0, 4), cells)
    _hand(view, wrist, cells)
    ankle = _leg(view, trunk_bottom.sub(1, trunk_bottom.segments), cells)
    _foot(view, ankle, cells)
    return cells


def _head_and_neck(view: str, neck_base: Curve) -> list[HalfCell]:
    """The neck (regions) and, above it, the head as a context shape: in the body views the
    head's regions live in the head view, but the figure still needs a head."""
    if view == "anterior":  # under the jaw, down to the chin
        neck_top = xcurve([(0.0, 1.0), (0.08, 0.99), (0.17, 0.955), (0.24, 0.905)],
                          [0.0, 0.08, 0.17, 0.24])  # fmt: skip
    else:  # from behind the neck starts at the base of the skull
        neck_top = xcurve([(0.0, 0.87), (0.08, 0.868), (0.17, 0.86), (0.24, 0.85)],
                          [0.0, 0.08, 0.17, 0.24])  # fmt: skip
    top_y = neck_top.node(0)[1]
    neck_mid = straight([(0.0, top_y + (1.30 - top_y) * k / 3) for k in range(4)])
    corner = neck_top.node(3)
    # The side of the neck flares into the slope of the shoulders.
    side_ctrl = [corner, (0.245, corner[1] + 0.1), (0.256, 1.12), (0.29, 1.215)]
    neck_side = ycurve(side_ctrl, [corner[1], corner[1] + 0.1, 1.12, 1.215], 0.02)
    lanes, legend = _NECK[view]
    cells = patch(neck_mid, neck_side, neck_top, neck_base, [lanes] * 3, legend)
    # Head: crown, temple, ear, cheek and jaw down to where the neck starts.
    outline = [(0.0, 0.0), (0.11, 0.012), (0.21, 0.05), (0.285, 0.12), (0.33, 0.21),
               (0.348, 0.31), (0.352, 0.38), (0.375, 0.37), (0.395, 0.41), (0.398, 0.48),
               (0.387, 0.56), (0.365, 0.61), (0.342, 0.62)]  # fmt: skip
    if view == "anterior":
        outline += [(0.33, 0.68), (0.308, 0.76), (0.275, 0.83), (0.25, 0.875)]
    else:
        outline += [(0.325, 0.7), (0.29, 0.78), (0.262, 0.83)]
    ring = outline + [corner] + neck_top.between(3, 0) + [neck_top.node(0)]
    cells.append((ring, None))
    return cells


def _arm(view: str, seam: Curve, cells: list[HalfCell]) -> Curve:
    """Shoulder cap, upper arm, elbow, forearm and wrist, hanging from the seam it shares
    with the trunk (acromion to armpit); returns the wrist line the hand hangs from."""
    cap = xcurve(_ARM_CAP, [p[0] for p in _ARM_CAP], 0.01)
    inner = seam.then(ycurve(_ARM_INNER, [p[1] for p in _ARM_INNER]))
    outer = ycurve(_ARM_OUTER, [p[1] for p in _ARM_OUTER])
    wrist = xcurve(_WRIST, [1.09 + 0.06 * k for k in range(5)])
    rows = _ARM_ANTERIOR if view == "anterior" else _ARM_POSTERIOR
    legend = _ARM_ANTERIOR_LEGEND if view == "anterior" else _ARM_POSTERIOR_LEGEND
    cells += patch(inner, outer, cap, wrist, _rows(rows), legend)
    return wrist


def _hand(view: str, wrist: Curve, cells: list[HalfCell]) -> None:
    """Palm (or back of the hand), four fingers and the thumb."""
    palm_inner = ycurve(_PALM_INNER, [p[1] for p in _PALM_INNER])
    palm_outer = ycurve(_PALM_OUTER, [p[1] for p in _PALM_OUTER])
    knuckles = straight(_KNUCKLES)  # fingers sit on its nodes: no points in between
    labels, legend = _PALM[view]
    cells += patch(palm_inner, palm_outer, wrist, knuckles, labels.split(), legend)
    for k, (angle, length, tip) in enumerate(_FINGER_SHAPES):
        base = [knuckles.node(k), knuckles.node(k + 1)]
        cells += digit(base, angle, length, tip, _FINGERS[view][k])
    # The thumb leaves the outer edge of the palm between the wrist and the web, pointing
    # down and out. Its root is one fleshy wedge along the palm's edge (the ball of the
    # thumb), bulging outward, and the thumb proper is a strip of rows beyond it.
    d = _unit(_THUMB_AXIS)
    out = (d[1], -d[0])  # across the thumb, toward its outer (radial) edge
    lines: list[list[Point]] = []
    for k, hw in enumerate((0.047, 0.044, 0.04)):
        c = _along(_THUMB_ROOT, d, 0.11 * k)
        lines.append([_along(c, out, hw), _along(c, out, -hw)])
    (wrist_part, web_part), thumb = _THUMB[view]
    # The wedge is cut in two from the palm's edge to the middle of the bulge: the part at
    # the wrist (the snuffbox, seen from behind) and the part toward the web.
    bulge = _bezier(lines[0][0], _THUMB_BULGE, palm_outer.node(0), 8)
    cut = 3
    near_wrist = [palm_outer.node(0), *palm_outer.between(0, 1), palm_outer.node(1)]
    cells.append((near_wrist + bulge[cut:], wrist_part))
    near_web = [palm_outer.node(1), *palm_outer.between(1, 2), palm_outer.node(2)]
    cells.append((near_web + lines[0][::-1] + bulge[: cut + 1], web_part))
    cells += strip(lines, [thumb, thumb], thumb)


def _bezier(a: Point, control: Point, b: Point, n: int) -> list[Point]:
    """Points strictly between a and b on the quadratic Bezier curve a-control-b."""
    pts = []
    for k in range(1, n):
        t = k / n
        pts.append(
            tuple((1 - t) ** 2 * a[i] + 2 * (1 - t) * t * control[i] + t * t * b[i] for i in (0, 1))
        )
    return pts  # type: ignore[return-value]


def _unit(v: Point) -> Point:
    n = math.hypot(*v)
    return (v[0] / n, v[1] / n)


def _leg(view: str, groin: Curve, cells: list[HalfCell]) -> Curve:
    """Thigh, knee, leg and ankle, hanging from the groin line; returns the ankle line."""
    inner = ycurve(_LEG_INNER, _LEG_INNER_YS)
    outer = ycurve(_LEG_OUTER, _LEG_OUTER_YS)
    lanes = groin.segments
    ankle = xcurve(_ANKLE, [0.128 + 0.25 * k / lanes for k in range(lanes + 1)])
    rows = _LEG_ANTERIOR if view == "anterior" else _LEG_POSTERIOR
    legend = _LEG_ANTERIOR_LEGEND if view == "anterior" else _LEG_POSTERIOR_LEGEND
    cells += patch(inner, outer, groin, ankle, _rows(rows), legend)
    return ankle


def _foot(view: str, ankle: Curve, cells: list[HalfCell]) -> None:
    """From the front: the top of the foot, foreshortened, with its toes. From behind: the
    heel."""
    lanes = ankle.segments
    if view == "posterior":
        inner = ycurve([(0.128, 7.14), (0.13, 7.3), (0.16, 7.43)], [7.14, 7.3, 7.43])
        outer = ycurve([(0.378, 7.14), (0.385, 7.3), (0.35, 7.43)], [7.14, 7.3, 7.43])
        heel = [(0.16, 7.43), (0.2, 7.475), (0.255, 7.49), (0.31, 7.475), (0.35, 7.43)]
        bottom = xcurve(heel, [0.16 + 0.19 * k / lanes for k in range(lanes + 1)], 0.01)
        cells += patch(inner, outer, ankle, bottom, ["E" * lanes] * 2, {"E": "posterior_heel"})
        return
    inner = ycurve([(0.128, 7.14), (0.112, 7.22), (0.1, 7.31), (0.095, 7.4)],
                   [7.14, 7.27, 7.4], 0.02)  # fmt: skip
    outer = ycurve([(0.378, 7.14), (0.415, 7.2), (0.45, 7.28), (0.468, 7.38)],
                   [7.14, 7.26, 7.38], 0.02)  # fmt: skip
    xs = [0.095, 0.155, 0.215, 0.28, 0.34, 0.395, 0.432, 0.468]
    # Toes sit on the nodes of this line, so it has no points in between.
    toes = straight(xcurve([(0.095, 7.4), (0.28, 7.405), (0.468, 7.38)], xs).node_points())
    cells += patch(inner, outer, ankle, toes, ["FFFFFXX"] * 2,
                   {"F": "dorsal_foot", "X": "lateral_foot"})  # fmt: skip
    cells += digit(toes.node_points()[0:3], 2.0, 0.12, 0.05, "dorsal_great_toe", rows=2)
    for k, (angle, length) in enumerate(((5.0, 0.095), (8.0, 0.085), (11.0, 0.075))):
        base = [toes.node(2 + k), toes.node(3 + k)]
        cells += digit(base, angle, length, 0.026, "dorsal_lesser_toes", rows=2)
    cells += digit(toes.node_points()[5:8], 14.0, 0.065, 0.024, "dorsal_lesser_toes", rows=2)


# --- head, lateral profile ---------------------------------------------------------------
#
# Head units: one head height; crown at y = 0, chin at y ~ 0.93. The profile of the right
# side faces +x. The mesh is polar around the ear canal: a small disc (deep in the ear), the
# ear, then rings that blend from the ear's outline to the head's outline, cut by rays.
# Regions are blocks of (ray sector, ring), so their borders follow rings and rays.

_CANAL = (0.0, 0.5)
_HEAD_OUTLINE = [
    (-0.05, 0.0), (0.1, 0.015), (0.24, 0.06), (0.35, 0.135), (0.425, 0.23), (0.46, 0.33),
    (0.452, 0.385), (0.49, 0.45), (0.525, 0.51), (0.548, 0.548), (0.54, 0.572),
    (0.495, 0.588), (0.502, 0.63), (0.508, 0.655), (0.493, 0.675), (0.5, 0.698),
    (0.485, 0.728), (0.462, 0.76), (0.472, 0.81), (0.46, 0.86), (0.415, 0.903),
    (0.33, 0.912), (0.2, 0.875), (0.08, 0.825), (0.0, 0.79), (-0.12, 0.775), (-0.24, 0.755),
    (-0.32, 0.72), (-0.37, 0.63),
    (-0.385, 0.5), (-0.375, 0.36), (-0.33, 0.22), (-0.25, 0.1), (-0.15, 0.025),
]  # fmt: skip
# The outer ear, relative to the canal.
_EAR_OUTLINE = [
    (0.025, 0.0), (0.022, -0.05), (0.015, -0.1), (-0.01, -0.145), (-0.045, -0.165),
    (-0.085, -0.15), (-0.11, -0.11), (-0.12, -0.05), (-0.11, 0.01), (-0.09, 0.06),
    (-0.065, 0.1), (-0.035, 0.115), (-0.01, 0.1), (0.008, 0.06), (0.02, 0.03),
]  # fmt: skip
_RING_T = (0.0, 0.1, 0.22, 0.36, 0.5, 0.64, 0.78, 0.9, 1.0)
# Sectors by angle around the canal (degrees; 0 = toward the face, 90 = up, 180 = back,
# 270 = down) and, inner to outer, (ring fraction up to which, region).
_HEAD_SECTORS: list[tuple[float, float, list[tuple[float, str]]]] = [
    (0, 4, [(0.22, "tmj"), (0.78, "cheek"), (1, "nose")]),
    (4, 14, [(0.22, "tmj"), (0.64, "cheek"), (0.9, "behind_eye"), (1, "nose")]),
    (14, 24, [(0.64, "temple"), (0.78, "behind_eye"), (1, "eyebrow")]),
    (24, 60, [(0.64, "temple"), (1, "forehead")]),
    (60, 80, [(0.64, "temple"), (1, "vertex")]),
    (80, 110, [(0.64, "side_of_head"), (1, "vertex")]),
    (110, 125, [(0.22, "behind_ear"), (0.64, "side_of_head"), (1, "vertex")]),
    (125, 160, [(0.22, "behind_ear"), (0.64, "side_of_head"), (1, "occiput")]),
    (160, 200, [(0.22, "behind_ear"), (1, "occiput")]),
    (200, 215, [(0.22, "behind_ear"), (0.5, "mastoid"), (1, "suboccipital")]),
    (215, 262, [(0.5, "mastoid"), (1, "suboccipital")]),
    (262, 296, [(1, "jaw_angle")]),
    (296, 310, [(0.22, "tmj"), (1, "lower_jaw")]),
    (310, 334, [(0.22, "tmj"), (0.64, "lower_jaw"), (1, "chin")]),
    (334, 342, [(0.22, "tmj"), (0.5, "cheek"), (0.78, "lower_teeth"), (1, "mouth")]),
    (342, 350, [(0.22, "tmj"), (0.5, "cheek"), (0.78, "upper_teeth"), (1, "mouth")]),
    (350, 360, [(0.22, "tmj"), (0.78, "cheek"), (1, "nose")]),
]
# Where the neck (context, no regions) hangs from the head outline, as ray angles.
_NECK_FROM, _NECK_TO = 212.0, 304.0


def _closed_spline(ctrl: Sequence[Point], per_span: int = 12) -> list[Point]:
    """A closed Catmull-Rom curve through ctrl."""
    n = len(ctrl)
    out = []
    for k in range(n):
        p0, p1, p2, p3 = ctrl[k - 1], ctrl[k], ctrl[(k + 1) % n], ctrl[(k + 2) % n]
        for s in range(per_span):
            t = s / per_span
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[i]
                        + (-p0[i] + p2[i]) * t
                        + (2 * p0[i] - 5 * p1[i] + 4 * p2[i] - p3[i]) * t2
                        + (-p0[i] + 3 * p1[i] - 3 * p2[i] + p3[i]) * t3
                    )
                    for i in (0, 1)
                )
            )
    return out  # type: ignore[return-value]


def _ray_hit(poly: Sequence[Point], centre: Point, angle: float) -> float:
    """Distance from centre to where the ray at `angle` leaves the closed polygon."""
    dx, dy = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    best = 0.0
    for p, q in zip(poly, list(poly[1:]) + [poly[0]], strict=False):
        ex, ey = q[0] - p[0], q[1] - p[1]
        den = dx * ey - dy * ex
        if abs(den) < 1e-12:
            continue
        wx, wy = p[0] - centre[0], p[1] - centre[1]
        t = (wx * ey - wy * ex) / den
        s = (wx * dy - wy * dx) / den
        if t > 0 and -1e-9 <= s <= 1 + 1e-9:
            best = max(best, t)
    return best


def _head_rays() -> list[float]:
    """Ray angles: every 2 degrees (every degree across the face, where the profile has
    its small features), plus every sector border so regions follow rays."""
    angles = {float(a) for a in range(0, 360, 2)} | {float(a % 360) for a in range(-40, 25)}
    angles |= {s[0] for s in _HEAD_SECTORS} | {_NECK_FROM, _NECK_TO}
    return sorted(a % 360 for a in angles)


def _head_region(mid_angle: float, t: float) -> str:
    """The region of the cell whose middle lies at this angle and ring fraction."""
    for lo, hi, bands in _HEAD_SECTORS:
        if lo <= mid_angle < hi:
            for upper, region in bands:
                if t <= upper + 1e-9:
                    return region
    raise AssertionError(f"no head region at {mid_angle} degrees, ring {t}")


def _head_profile() -> list[HalfCell]:
    """Cells of the right side of the head, plus the neck as context."""
    head = _closed_spline(_HEAD_OUTLINE)
    ear = _closed_spline([(_CANAL[0] + x, _CANAL[1] + y) for x, y in _EAR_OUTLINE])
    rays = _head_rays()
    rings: list[list[Point]] = []  # rings[k][r]: point on ring k along ray r
    deep, ear_ring, outer = [], [], []
    for a in rays:
        re_, rh = _ray_hit(ear, _CANAL, a), _ray_hit(head, _CANAL, a)
        deep.append(min(0.022, 0.55 * re_))
        ear_ring.append(re_)
        outer.append(rh)
    # Inner rings follow a smoothed outline, taking on the nose, lips and chin only near
    # the surface; otherwise every ring would repeat the profile's small bumps.
    smooth = _smoothed(rays, outer, 14.0)
    radii = [deep, ear_ring]
    for t in _RING_T[1:]:
        w = t**3
        radii.append(
            [e + t * (s + w * (h - s) - e) for e, h, s in zip(ear_ring, outer, smooth, strict=True)]
        )
    for rs in radii:
        rings.append([_polar(_CANAL, a, r) for a, r in zip(rays, rs, strict=True)])
    cells: list[HalfCell] = []
    n = len(rays)
    for r in range(n):
        r2 = (r + 1) % n
        cells.append(([_CANAL, rings[0][r], rings[0][r2]], "deep_ear"))
        cells.append(([rings[0][r], rings[1][r], rings[1][r2], rings[0][r2]], "ear"))
        span = (rays[r2] - rays[r]) % 360
        mid = (rays[r] + span / 2) % 360
        for k in range(1, len(_RING_T)):
            t = (_RING_T[k - 1] + _RING_T[k]) / 2
            ring = [rings[k][r], rings[k + 1][r], rings[k + 1][r2], rings[k][r2]]
            cells.append((ring, _head_region(mid, t)))
    cells.append((_neck_profile(rays, rings[-1]), None))
    return cells


def _smoothed(angles: Sequence[float], values: Sequence[float], window: float) -> list[float]:
    """Values averaged over neighbouring angles (triangular weights, +-window degrees)."""
    out = []
    for a in angles:
        total = weight = 0.0
        for b, v in zip(angles, values, strict=True):
            gap = abs((b - a + 180) % 360 - 180)
            if gap < window:
                total += (window - gap) * v
                weight += window - gap
        out.append(total / weight)
    return out


def _polar(centre: Point, angle: float, r: float) -> Point:
    a = math.radians(angle)
    return (centre[0] + r * math.cos(a), centre[1] - r * math.sin(a))


def _neck_profile(rays: Sequence[float], outline: Sequence[Point]) -> Ring:
    """The neck below the head: its top is the head outline between the two neck rays."""
    start, end = rays.index(_NECK_TO), rays.index(_NECK_FROM)
    top = [outline[k] for k in range(start, end - 1, -1)]  # front to back, under the jaw
    back = [(-0.29, 0.86), (-0.26, 0.98), (-0.245, 1.08), (-0.24, 1.15)]
    front = [(0.19, 1.21), (0.2, 1.12), (0.218, 1.04), (0.245, 0.97)]
    return top + back + front


# --- soles -------------------------------------------------------------------------------
#
# Sole units: one foot length. The right sole, as a footprint: toes up (y = 0 at the tip of
# the big toe, 1 at the back of the heel), x = 0 at the inner (medial) edge, growing outward.

_SOLE_ROWS = """
BBBBBB
BBBBBB
MMDDDL
MMDDLL
MMDDLL
HHHHHH
HHHHHH
"""
_SOLE_LEGEND = {
    "B": "ball_of_foot", "M": "medial_arch", "D": "plantar_midfoot",
    "L": "plantar_lateral_foot", "H": "plantar_heel",
}  # fmt: skip


def _sole() -> list[HalfCell]:
    """Cells of the right sole."""
    top_ctrl = [(0.03, 0.24), (0.09, 0.225), (0.15, 0.23), (0.215, 0.245), (0.27, 0.265),
                (0.32, 0.29), (0.37, 0.32)]  # fmt: skip
    top = straight(top_ctrl)  # toes sit on its nodes: no points in between
    inner = ycurve([(0.03, 0.24), (0.02, 0.32), (0.04, 0.42), (0.08, 0.52), (0.1, 0.62),
                    (0.097, 0.72), (0.095, 0.82), (0.11, 0.92)],
                   [0.24, 0.33, 0.43, 0.53, 0.63, 0.73, 0.83, 0.92], 0.02)  # fmt: skip
    outer = ycurve([(0.37, 0.32), (0.382, 0.4), (0.372, 0.5), (0.352, 0.6), (0.337, 0.7),
                    (0.327, 0.8), (0.31, 0.92)],
                   [0.32, 0.4, 0.49, 0.58, 0.67, 0.75, 0.835, 0.92], 0.02)  # fmt: skip
    heel_ctrl = [(0.11, 0.92), (0.125, 0.955), (0.16, 0.985), (0.21, 0.998), (0.26, 0.985),
                 (0.295, 0.955), (0.31, 0.92)]  # fmt: skip
    heel = xcurve(heel_ctrl, [0.11 + 0.2 * k / 6 for k in range(7)], 0.01)
    cells = patch(inner, outer, top, heel, _rows(_SOLE_ROWS), _SOLE_LEGEND)
    cells += digit(top.node_points()[0:3], 182.0, 0.2, 0.055, "plantar_great_toe", rows=2)
    for k, (angle, length) in enumerate(((178.0, 0.15), (175.0, 0.13), (172.0, 0.11),
                                         (168.0, 0.09))):  # fmt: skip
        base = [top.node(2 + k), top.node(3 + k)]
        cells += digit(base, angle, length, 0.027, "plantar_lesser_toes", rows=2)
    return cells


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


# --- SVG ----------------------------------------------------------------------------------

_VIEW_LABELS = {
    "anterior": "Front",
    "posterior": "Back",
    "plantar": "Soles",
    ("head", "right"): "Right side of head",
    ("head", "left"): "Left side of head",
}
_DESCRIPTIONS = {
    "anterior": "Body figure, front view; the patient's right side is on the left.",
    "posterior": "Body figure, back view; the patient's right side is on the right.",
    "plantar": "Soles of both feet, toes up; the right sole is on the right.",
    ("head", "right"): "Right side of the head and neck, face to the right.",
    ("head", "left"): "Left side of the head and neck, face to the left.",
}
_CLASS_RE = re.compile(r"^[A-Za-z0-9_-]+( [A-Za-z0-9_-]+)*$")


def render_svg(
    view: str,
    side: str | None = None,
    *,
    marked: Mapping[str, str] | None = None,
    id_prefix: str = "region-",
    css_class: str = "body-figure",
    atlas: Atlas | None = None,
) -> str:
    """An inline SVG of one view, one <path> per region.

    view: anterior | posterior | head | plantar. side: for the head view, "right" or "left"
    draws one profile and None draws both side by side; other views take no side.
    marked: region id -> CSS class(es) added to that region's path ("essential", "pain-5");
    regions of other views are ignored, unknown ids raise KeyError. id_prefix keeps element
    ids unique when a page shows the same view twice.

    The root is role="group" labelled by its <title>, and each region path is role="img"
    with its own <title> ("Temple, right"): a root role="img" would hide the regions from
    screen readers. Styling is left to CSS classes; the attributes set here are defaults a
    stylesheet overrides.
    """
    if atlas is None:
        # Imported here: the atlas builds its shapes from this module.
        from taut.kb.atlas import load_atlas

        atlas = load_atlas()
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    if view != "head" and side is not None:
        raise ValueError("side applies to the head view only")
    if side is not None and side not in SIDES:
        raise ValueError(f"unknown side {side!r}; expected 'right' or 'left'")
    classes = _checked_marks(marked or {}, atlas)
    if view != "head":
        panels: list[tuple[str, str | None]] = [(view, None)]
    else:
        panels = [("head", s) for s in ((side,) if side else SIDES)]
    width, height = CANVAS[view]
    total_w = width * len(panels)
    title_id = f"{id_prefix}{view}{'-' + side if side else ''}-title"
    description = " ".join(_DESCRIPTIONS[_key(v, s)] for v, s in panels)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(total_w)} {_fmt(height)}"'
        f' class="{escape(css_class)} {escape(css_class)}--{view}" role="group"'
        f' aria-labelledby="{escape(title_id)}">',
        f'<title id="{escape(title_id)}">{escape(description)}</title>',
    ]
    for k, (v, s) in enumerate(panels):
        transform = f' transform="translate({_fmt(width * k)} 0)"' if k else ""
        out.append(f'<g class="figure-panel"{transform}>')
        out += _panel(atlas, v, s, classes, id_prefix)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _key(view: str, side: str | None) -> str | tuple[str, str]:
    return (view, side) if view == "head" and side else view


def _checked_marks(marked: Mapping[str, str], atlas: Atlas) -> dict[str, str]:
    for region, cls in marked.items():
        if region not in atlas:
            hint = ", ".join(atlas.closest(region))
            raise KeyError(
                f"unknown region {region!r}" + (f"; did you mean {hint}?" if hint else "")
            )
        if not isinstance(cls, str) or not _CLASS_RE.match(cls):
            raise ValueError(f"CSS class for {region!r} must be words of A-Z a-z 0-9 _ -")
    return dict(marked)


def _panel(
    atlas: Atlas, view: str, side: str | None, classes: Mapping[str, str], id_prefix: str
) -> list[str]:
    width = CANVAS[view][0]
    geo = atlas.geometry
    out = []
    context = geo.context.get((view, side))
    if context:
        out.append(
            '<path class="figure-context" aria-hidden="true" fill="#eeeeee" stroke="#777777"'
            f' stroke-width="0.6" d="{context}"/>'
        )
    out.append(
        '<g class="figure-regions" fill="#ffffff" stroke="#777777" stroke-width="0.5"'
        ' stroke-linejoin="round">'
    )
    for region in atlas.in_view(view, side if view == "head" else None):
        cls = "region" + (f" {classes[region.id]}" if region.id in classes else "")
        label = escape(region.label)
        out.append(
            f'<path id="{escape(id_prefix + region.id)}" data-region="{region.id}"'
            f' class="{cls}" role="img" d="{region.path}"><title>{label}</title></path>'
        )
    out.append("</g>")
    out += _labels(view, side, width)
    return out


def _labels(view: str, side: str | None, width: float) -> list[str]:
    """The view's name, and R/L (or face) markers so the orientation is never in doubt."""
    name = _VIEW_LABELS[_key(view, side)]
    out = [
        '<g class="figure-labels" aria-hidden="true" fill="#444444" font-family="sans-serif"'
        ' font-size="14">',
        f'<text class="view-label" x="{_fmt(width / 2)}" y="20" text-anchor="middle">'
        f"{escape(name)}</text>",
    ]
    if view == "head":
        face = "face \u2192" if side == "right" else "\u2190 face"
        out.append(
            f'<text class="side-marker" x="{_fmt(width / 2)}" y="36" text-anchor="middle"'
            f' font-size="11">{face}</text>'
        )
    else:
        left, right = ("R", "L") if view == "anterior" else ("L", "R")
        y = 20 if view == "plantar" else 60
        out.append(f'<text class="side-marker" x="14" y="{y}" font-weight="bold">{left}</text>')
        out.append(
            f'<text class="side-marker" x="{_fmt(width - 14)}" y="{y}" text-anchor="end"'
            f' font-weight="bold">{right}</text>'
        )
    out.append("</g>")
    return out
