"""The body map component: `{% body_map "drawing" value %}` in any form or page."""

import json

from django import template
from django.utils.safestring import mark_safe

from taut.kb.atlas import load_atlas
from taut.kb.figure import render_svg
from taut.kb.figure.zoom import zooms

register = template.Library()
VIEWS = ("anterior", "posterior", "head", "plantar")
VIEW_NAMES = {"anterior": "front", "posterior": "back", "head": "head", "plantar": "soles"}
QUALITIES = [
    ("aching", "Aching"),
    ("burning", "Burning"),
    ("stabbing", "Stabbing"),
    ("numbness_tingling", "Numbness or tingling"),
]


@register.inclusion_tag("reference/bodymap.html")
def body_map(name: str = "drawing", value: str | list | None = None, label: str = "Pain drawing"):
    """A pain drawing: click, tap or use the keyboard to mark regions and their intensity.

    The marks travel in a hidden input `name` as JSON:
    [{"id": region id, "intensity": 1-10, "quality": "aching" (optional)}].
    """
    atlas = load_atlas()
    if not isinstance(value, str):
        value = json.dumps(value or [])
    figures = [
        (mark_safe(render_svg(view, id_prefix=f"{name}-")), VIEW_NAMES[view], zooms(view))
        for view in VIEWS
    ]
    options = sorted((r.label, r.id) for r in atlas.regions)
    return {
        "name": name, "value": value, "label": label, "figures": figures, "options": options,
        "qualities": QUALITIES,
    }  # fmt: skip
