"""The right sole of the plantar view, as a footprint with its toes."""

from __future__ import annotations

from taut.kb.figure.canvas import HalfCell
from taut.kb.figure.curves import _rows, digit, patch, straight, xcurve, ycurve

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
