"""The intake: the patient's pain drawing, scores, history and screening, and the page that
shows it with the trigger points that best explain the drawing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinical import screening
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.differential import EvidenceError, contract, differential
from taut.episodes.models import Episode
from taut.intake import withdrawal
from taut.intake.forms import IntakeForm
from taut.intake.models import Intake
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.reference.templatetags.bodymap import QUALITIES
from taut.reference.views import figure

TOP = 5
ALWAYS_SHOWN = ("anterior", "posterior")
VIEW_ORDER = ("anterior", "posterior", "head", "plantar")
# What a new intake carries forward from the episode's previous one.
COPIED = IntakeForm.Meta.fields


@login_required
def intake_create(request, uuid, episode):
    access.require(request, Capability.WRITE_CLINICAL)
    episodes = Episode.objects.select_related("patient").filter(patient__archived_at__isnull=True)
    episode = access.get_for(request, episodes, patient__uuid=uuid, pk=episode)
    previous = episode.latest_intake()
    initial = {f: getattr(previous, f) for f in COPIED} if previous else {}
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        patient=episode.patient,
    )
    if request.method == "POST" and form.is_valid():
        intake = form.create(request, episode)
        messages.success(request, "Intake saved.")
        return redirect("intake:detail", uuid, episode.pk, intake.pk)
    context = {
        "form": form,
        "episode": episode,
        "patient": episode.patient,
        "previous": previous,
    }
    return render(request, "intake/form.html", context)


@login_required
def intake_detail(request, uuid, episode, pk):
    access.require(request, Capability.SEE_CLINICAL)
    episode = access.get_for(request, Episode, patient__uuid=uuid, pk=episode)
    intake = access.get_for(
        request, Intake.objects.select_related("patient", "recorded_by"), episode=episode, pk=pk
    )
    context = {
        "intake": intake,
        "episode": episode,
        "patient": intake.patient,
        "figures": drawing_figures(intake.drawing),
        "marks": drawing_rows(intake.drawing),
        "causes": cause_names(intake.causes),
        "differential": drawing_differential(intake.drawing),
        "referral_advice": screening.REFERRAL_ADVICE,
        "may_withdraw": not withdrawal.refusal(intake, request.user),
    }
    return render(request, "intake/detail.html", context)


@login_required
@require_POST
def intake_withdraw(request, uuid, episode, pk):
    """Its author withdraws an intake sent by mistake, if nobody has reviewed it yet."""
    access.require(request, Capability.SEE_CLINICAL)
    episode = access.get_for(request, Episode, patient__uuid=uuid, pk=episode)
    intake = access.get_for(request, Intake.objects.all(), episode=episode, pk=pk)
    try:
        withdrawal.withdraw(intake, request.user)
    except withdrawal.NotWithdrawable as refused:
        messages.error(request, str(refused))
        return redirect("intake:detail", uuid, episode.pk, intake.pk)
    log.record(request, Action.CHANGE, intake, detail={"withdrawn": True})
    messages.success(request, "Intake withdrawn: it is kept in the record but no longer used.")
    return redirect("episodes:detail", uuid, episode.pk)


# --- the drawing, read back --------------------------------------------------------------------


def known_marks(drawing: list[dict]) -> dict[str, str]:
    """Region id -> pain class, for the regions the atlas still knows."""
    atlas = load_atlas()
    return {
        m["id"]: f"pain-{m.get('intensity') or 5}"
        for m in drawing
        if isinstance(m, dict) and m.get("id") in atlas
    }


def drawing_figures(drawing: list[dict]) -> list[dict]:
    """The front and back figures, and the head or soles when marked there, read-only."""
    atlas, marks = load_atlas(), known_marks(drawing)
    views = {atlas.get(region_id).view for region_id in marks} | set(ALWAYS_SHOWN)
    return [figure(view, marks, atlas) for view in VIEW_ORDER if view in views]


def drawing_rows(drawing: list[dict]) -> list[dict]:
    atlas, qualities = load_atlas(), dict(QUALITIES)
    return [
        {
            "label": atlas.get(m["id"]).label if m.get("id") in atlas else m.get("id"),
            "intensity": m.get("intensity"),
            "quality": qualities.get(m.get("quality"), ""),
        }
        for m in sorted(drawing, key=lambda m: -(m.get("intensity") or 0))
    ]


def cause_names(cause_ids: list[str]) -> list[str]:
    causes = catalog().causes
    return [causes[c].name if c in causes else c for c in cause_ids]


def drawing_differential(drawing: list[dict]) -> dict:
    """The top candidates and the explanation set of the drawing, or why there are none."""
    if not drawing:
        return {"error": "Nothing was drawn, so there is no differential."}
    try:
        evidence, top = contract.read({"regions": drawing, "top": TOP})
        answer = contract.render(differential(evidence), top)
    except (contract.InputError, EvidenceError) as error:
        return {"error": f"The drawing could not be read by the differential ({error})."}
    atlas, kb = load_atlas(), catalog()
    for item in answer["candidates"] + answer["explanation"]:
        item["percent"] = 100 * item["probability"]
        item["trigger_point_name"] = kb.trigger_point(item["trigger_point"]).name
    for item in answer["candidates"]:
        item["explains"] = [atlas.get(r).label for r in item["explains"] if r in atlas]
    answer["unexplained"] = [atlas.get(r).label if r in atlas else r for r in answer["unexplained"]]
    return answer
