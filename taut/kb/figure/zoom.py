"""Detail views of the body map: parts of a view to zoom into, as SVG viewBox crops in the
view's canvas units. On a tablet the whole figures leave the fingers, ears and ankles a few
pixels wide; each small region lies inside one of these crops, where it is drawn at least
24 x 24 CSS px (WCAG 2.2 target size, minimum) at 820 px width. The crops are an engineering
choice, checked over every region by tests/browser/test_body_map_tablet.py."""

from __future__ import annotations

from taut.kb.figure.canvas import BODY_W

Box = tuple[float, float, float, float]  # x, y, width, height

# On the front view the patient's right is on the left of the canvas (x < BODY_W / 2).
_FRONT: tuple[tuple[str, Box], ...] = (
    ("Head and neck", (95, 40, 150, 175)),
    ("Shoulders and chest", (35, 150, 270, 190)),
    ("Right arm", (0, 170, 115, 270)),
    ("Left arm", (BODY_W - 115, 170, 115, 270)),
    ("Right hand", (0, 405, 90, 115)),
    ("Left hand", (BODY_W - 90, 405, 90, 115)),
    ("Belly, hips and thighs", (85, 300, 170, 310)),
    ("Knees, legs and feet", (95, 540, 150, 262)),
)
_BACK_NAMES = {
    "Shoulders and chest": "Shoulders and upper back",
    "Belly, hips and thighs": "Low back, buttocks and thighs",
}


def _mirrored(box: Box) -> Box:
    x, y, w, h = box
    return (BODY_W - x - w, y, w, h)


# On the back view the patient's right is on the right: the sided crops mirror.
_BACK = tuple(
    (_BACK_NAMES.get(name, name), _mirrored(box) if name.startswith(("Right", "Left")) else box)
    for name, box in _FRONT
)

ZOOMS: dict[str, tuple[tuple[str, Box], ...]] = {
    "anterior": _FRONT,
    "posterior": _BACK,
    # The head view draws the right profile in 0..340 and the left in 340..680.
    "head": (
        ("Right side of the head", (45, 48, 250, 250)),
        ("Left side of the head", (384, 48, 250, 250)),
    ),
    "plantar": (),
}


def zooms(view: str) -> list[tuple[str, str]]:
    """(name, viewBox) of each detail view of `view`."""
    return [(name, " ".join(f"{v:g}" for v in box)) for name, box in ZOOMS[view]]
