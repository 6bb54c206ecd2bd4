from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from taut.clinics import access
from taut.clinics.roles import Capability
from taut.kb.atlas import load_atlas
from taut.kb.catalog import GROUPS, catalog
from taut.kb.figure import render_svg
from taut.reference.maps import SHOWN_SIDE, referral_marks, views_with

MAX_AREA_MATCHES = 4


@login_required
def muscle_index(request):
    """Muscles grouped by body part; a search finds muscles by name or by painful area."""
    access.require(request, Capability.USE_REFERENCE)
    kb, atlas = catalog(), load_atlas()
    query = request.GET.get("q", "").strip()[:100]
    context = {"query": query, "groups": [(GROUPS[g], ms) for g, ms in kb.by_group().items()]}
    if query:
        context["muscles_found"] = kb.search(query)
        bases = list(dict.fromkeys(r.base for r in atlas.search(query)))[:MAX_AREA_MATCHES]
        context["areas_found"] = [
            (kb.regions[base], [(kb.muscle(tp.muscle_id), tp, kind) for tp, kind in
                                kb.referring_to(base)])
            for base in bases
        ]  # fmt: skip
    return render(request, "reference/index.html", context)


@login_required
def muscle_detail(request, muscle_id):
    access.require(request, Capability.USE_REFERENCE)
    kb, atlas = catalog(), load_atlas()
    try:
        muscle = kb.muscle(muscle_id)
    except KeyError:
        raise Http404("No such muscle.") from None
    points = []
    for tp in muscle.trigger_points:
        marks = referral_marks(atlas, tp)
        figures = [figure(view, marks, atlas) for view in views_with(atlas, marks)]
        points.append({"tp": tp, "figures": figures})
    return render(
        request,
        "reference/muscle.html",
        {"muscle": muscle, "points": points, "regions": kb.regions, "side": SHOWN_SIDE},
    )


@login_required
def region_detail(request, base):
    """Every trigger point that refers to a region, essential before spillover."""
    access.require(request, Capability.USE_REFERENCE)
    kb, atlas = catalog(), load_atlas()
    if base not in kb.regions:
        try:
            base = atlas.get(base).base
        except KeyError:
            raise Http404("No such region.") from None
    region_id = atlas.sided(base, SHOWN_SIDE)
    referring = kb.referring_to(base)
    return render(
        request,
        "reference/region.html",
        {
            "region": kb.regions[base],
            "atlas_region": atlas.get(region_id),
            "essential": [tp for tp, kind in referring if kind == "essential"],
            "spillover": [tp for tp, kind in referring if kind == "spillover"],
            "figure": figure(atlas.get(region_id).view, {region_id: "essential"}, atlas),
            "muscles": {m.id: m for m in kb.muscles},
        },
    )


def figure(view: str, marks: dict[str, str], atlas):
    """One view's figure; the head shows the shown side's profile, both when both are marked."""
    side = None
    if view == "head":
        sides = {atlas.get(region_id).side for region_id in marks}
        side = None if "left" in sides and "right" in sides else SHOWN_SIDE
    return {"view": view, "svg": mark_safe(render_svg(view, side, marked=marks))}
