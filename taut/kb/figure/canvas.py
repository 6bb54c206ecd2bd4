"""The figure's views and sides, each view's canvas, and the point types the other modules
share."""

from __future__ import annotations

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
