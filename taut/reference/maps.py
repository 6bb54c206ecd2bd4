"""Referral maps: which atlas regions to mark, and how, for a trigger point or a region."""

from collections.abc import Iterable

from taut.kb.atlas import Atlas
from taut.kb.catalog import TriggerPoint, ZoneRef

SHOWN_SIDE = "right"  # reference maps show the right side; patterns mirror on the left
VIEW_ORDER = ("anterior", "posterior", "head", "plantar")


def sided_ids(atlas: Atlas, zone: ZoneRef, side: str = SHOWN_SIDE) -> list[str]:
    sides = ("left", "right") if zone.both_sides else (side,)
    return sorted({atlas.sided(zone.base, s) for s in sides})


def referral_marks(atlas: Atlas, tp: TriggerPoint, side: str = SHOWN_SIDE) -> dict[str, str]:
    """Region id -> CSS class: essential over spillover, and the trigger point's own site."""
    marks: dict[str, str] = {}
    for kind, zones in (("spillover", tp.spillover), ("essential", tp.essential)):
        for zone in zones:
            for region_id in sided_ids(atlas, zone, side):
                marks[region_id] = kind
    site = atlas.sided(tp.site, side)
    marks[site] = f"{marks.get(site, '')} site".strip()
    return marks


def figure_views(atlas: Atlas, region_ids: Iterable[str]) -> list[str]:
    """Front and back always, plus the head and the soles when a region is marked there
    (jaw or heel pain lives only in those views)."""
    marked = set(views_with(atlas, region_ids))
    return ["anterior", "posterior", *(v for v in ("head", "plantar") if v in marked)]


def views_with(atlas: Atlas, region_ids: Iterable[str]) -> list[str]:
    """The views, in display order, on which any of the regions is drawn."""
    views = {atlas.get(region_id).view for region_id in region_ids}
    return [view for view in VIEW_ORDER if view in views]
