"""The clinician's differential page: draw the pain, see the ranked trigger points at once."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from taut.clinics import access
from taut.clinics.roles import Capability
from taut.differential import EvidenceError, UnknownRegionsError, contract, differential
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.reference.maps import SHOWN_SIDE, referral_marks


@login_required
def differential_page(request):
    access.require(request, Capability.USE_REFERENCE)
    movements = sorted(catalog().movements.values(), key=lambda m: (m.joint, m.name))
    return render(request, "reference/differential.html", {"movements": movements})


@login_required
@require_POST
def differential_run(request):
    """The differential of the posted evidence (the `taut differential` JSON), with overlays."""
    access.require(request, Capability.USE_REFERENCE)
    try:
        evidence, top = contract.parse(request.body.decode("utf-8"))
        result = differential(evidence)
    except UnknownRegionsError as error:
        unknown = [{"field": where, "id": rid, "closest": list(close)}
                   for where, rid, close in error.unknown]  # fmt: skip
        return JsonResponse({"error": "unknown region ids", "unknown": unknown}, status=422)
    except (contract.InputError, EvidenceError, UnicodeDecodeError) as error:
        return JsonResponse({"error": str(error)}, status=422)
    answer = contract.render(result, top)
    atlas, kb = load_atlas(), catalog()
    for item in (*answer["candidates"], *answer["explanation"]):
        side = item["side"] if item["side"] in ("left", "right") else SHOWN_SIDE
        item["overlay"] = referral_marks(atlas, kb.trigger_point(item["trigger_point"]), side)
    return JsonResponse(answer, json_dumps_params={"separators": (",", ":")})
