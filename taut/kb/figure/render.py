"""The inline SVG of a view: its panels, region paths and orientation labels."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING

from taut.kb.figure.canvas import CANVAS, SIDES, VIEWS
from taut.kb.figure.mesh import _fmt

if TYPE_CHECKING:  # the atlas imports this module, so only type checkers import it back
    from taut.kb.atlas import Atlas

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
        # "Taut Sans" is the font shipped for PDFs (taut/pdf/fonts.py); pages set their own.
        '<g class="figure-labels" aria-hidden="true" fill="#444444"'
        " font-family=\"'Taut Sans', 'Liberation Sans', Arial, sans-serif\" font-size=\"14\">",
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
