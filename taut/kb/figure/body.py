"""The patient's right half of the anterior and posterior views: outline control points,
and the trunk, neck and head, arm, hand, leg and foot built from them."""

from __future__ import annotations

import math

from taut.kb.figure.body_labels import (
    _ARM_ANTERIOR,
    _ARM_ANTERIOR_LEGEND,
    _ARM_POSTERIOR,
    _ARM_POSTERIOR_LEGEND,
    _FINGERS,
    _LEG_ANTERIOR,
    _LEG_ANTERIOR_LEGEND,
    _LEG_POSTERIOR,
    _LEG_POSTERIOR_LEGEND,
    _NECK,
    _PALM,
    _THUMB,
    _TRUNK_ANTERIOR,
    _TRUNK_ANTERIOR_LEGEND,
    _TRUNK_POSTERIOR,
    _TRUNK_POSTERIOR_LEGEND,
)
from taut.kb.figure.canvas import HalfCell, Point
from taut.kb.figure.curves import (
    Curve,
    _along,
    _rows,
    digit,
    patch,
    straight,
    strip,
    xcurve,
    ycurve,
)

# --- whole body, right half ---------------------------------------------------------------
#
# Body units: one head height. y = 0 at the crown, 7.5 at the soles; x = 0 on the centre
# line, growing toward the patient's right. Landmarks follow the usual 7.5-head canon: chin
# at 1, nipples near 2, navel near 3, crotch at 4, knee near 5.4, ankle near 7.1; shoulders
# about 2 heads wide, hips about 1.5.

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
