"""The lateral head and neck profile of the head view (the right side; the left is its
mirror image)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from taut.kb.figure.canvas import HalfCell, Point, Ring

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
