"""Plan pages of an episode: the proposal with its reasons, edit-and-accept, the plan and its
versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.episodes.models import Episode
from taut.kb import care
from taut.kb import exercises as library
from taut.kb.catalog import catalog
from taut.plans import editing
from taut.plans.forms import ExerciseFormSet, GoalFormSet, PlanForm, TargetFormSet
from taut.plans.inputs import latest_assessment, proposal_for, stored_proposal
from taut.plans.models import TreatmentPlan
from taut.treatment.models import SoftTissue


def episode_for_reading(request, uuid, episode) -> Episode:
    access.require(request, Capability.SEE_CLINICAL)
    return access.get_for(request, Episode.objects.select_related("patient"),
                          patient__uuid=uuid, pk=episode)  # fmt: skip


def episode_for_writing(request, uuid, episode) -> Episode:
    access.require(request, Capability.WRITE_CLINICAL)
    episodes = Episode.objects.select_related("patient").filter(patient__archived_at__isnull=True)
    return access.get_for(request, episodes, patient__uuid=uuid, pk=episode)


@login_required
def plan_detail(request, uuid, episode):
    """The current plan and its version history."""
    episode = episode_for_reading(request, uuid, episode)
    versions = list(episode.plans.select_related("accepted_by").order_by("-version"))
    if versions:
        log.record(request, Action.VIEW, versions[0])
    return render(request, "plans/detail.html", {
        "episode": episode, "patient": episode.patient, "versions": versions,
        "plan": versions[0] if versions else None,
        "view": plan_view(versions[0]) if versions else None,
    })  # fmt: skip


@login_required
def plan_version(request, uuid, episode, version):
    episode = episode_for_reading(request, uuid, episode)
    plan = access.get_for(request, TreatmentPlan.objects.select_related("accepted_by"),
                          episode=episode, version=version)  # fmt: skip
    newest = episode.plans.order_by("-version").values_list("version", flat=True).first()
    return render(request, "plans/version.html", {
        "episode": episode, "patient": episode.patient, "plan": plan, "view": plan_view(plan),
        "is_current": plan.version == newest,
    })  # fmt: skip


@login_required
def proposal(request, uuid, episode):
    """What Taut proposes from the latest assessment, each part with why."""
    episode = episode_for_reading(request, uuid, episode)
    proposed, inputs, saved_rules = proposal_for(episode)
    return render(request, "plans/proposal.html", {
        "episode": episode, "patient": episode.patient, "p": proposed, "inputs": inputs,
        "rows": proposal_rows(proposed), "saved_rules": saved_rules,
        "assessment": latest_assessment(episode), "plan": editing.current_plan(episode),
        "prevention": care.prevention_for(proposed.prevention.value),
        "review": episode.red_flag_review(),
    })  # fmt: skip


@login_required
def plan_edit(request, uuid, episode):
    """Edit the proposal (or the current plan) and accept it as the next version."""
    episode = episode_for_writing(request, uuid, episode)
    proposed, inputs, saved_rules = proposal_for(episode)
    stored = stored_proposal(proposed, inputs, saved_rules)
    current = editing.current_plan(episode)
    start = editing.initial(stored, current)
    post = request.POST if request.method == "POST" else None
    form = PlanForm(post, initial=start["main"])
    targets = TargetFormSet(post, initial=start["targets"], prefix="t")
    goals = GoalFormSet(post, initial=start["goals"], prefix="g")
    exercises = ExerciseFormSet(post, initial=start["exercises"], prefix="x")
    forms_ok = post is not None and all(f.is_valid() for f in (form, targets, goals, exercises))
    if forms_ok:
        try:
            plan = editing.accept(
                episode, main=form.cleaned_data, proposal=stored,
                targets=[f.cleaned_data for f in targets],
                goals=[f.cleaned_data for f in goals],
                exercises=[f.cleaned_data for f in exercises if f.cleaned_data],
                assessment=latest_assessment(episode), by=request.user,
            )  # fmt: skip
        except editing.PlanChanged as changed:
            messages.error(
                request,
                f"Someone else accepted version {changed.version} of this plan while you were "
                "editing. Nothing was saved: review their version, then make your change again.",
            )
            return redirect("plans:detail", uuid=uuid, episode=episode.pk)
        except editing.NeedlingBlocked as blocked:
            messages.error(
                request,
                "Nothing was saved: the latest intake records an absolute contraindication to "
                f"dry needling ({'; '.join(blocked.labels)}). Untick every needling target, "
                "then accept the plan again.",
            )
        else:
            log.record(request, Action.CREATE, plan, detail={"version": plan.version})
            messages.success(request, f"Plan version {plan.version} accepted.")
            return redirect("plans:detail", uuid=uuid, episode=episode.pk)
    elif post is not None:
        messages.error(request, "Nothing was saved: correct the fields marked below.")
    return render(request, "plans/edit.html", {
        "episode": episode, "patient": episode.patient, "form": form, "current": current,
        "targets": target_rows(targets), "target_set": targets, "goals": goals,
        "exercises": exercise_rows(exercises), "exercise_set": exercises,
        "p": proposed, "cautions": cautions(proposed, inputs),
        "blocked": bool(inputs.absolute_contraindications),
    }, status=400 if post is not None else 200)  # fmt: skip


# --- shaping for the templates -----------------------------------------------------------------


SOFT_TISSUE = dict(SoftTissue.choices)
PART_LABELS = [
    ("severity", "Severity"),
    ("chronicity", "How long the pain has lasted"),
    ("visits", "Visits"),
    ("visits_per_week", "Visits a week"),
    ("reassess_after_visits", "Re-assess after (visits)"),
    ("targets_per_visit", "Trigger points needled a visit, at most"),
    ("soft_tissue", "Soft tissue techniques"),
]


def cautions(proposed, inputs) -> list[str]:
    """What the clinician must see before accepting: the proposal's cautions, and any absolute
    contraindication on the latest intake even when no target was proposed."""
    shown = list(proposed.cautions)
    absolute = inputs.absolute_contraindications
    if absolute and not any(a in c for c in shown for a in absolute):
        shown.insert(
            0, f"No needling: absolute contraindication on the intake ({'; '.join(absolute)})."
        )
    return shown


def proposal_rows(proposed) -> list[dict]:
    rows = []
    for name, label in PART_LABELS:
        part = getattr(proposed, name)
        value = part.value
        if name == "soft_tissue":
            value = ", ".join(SOFT_TISSUE.get(v, v) for v in value) or "None"
        rows.append({"label": label, "value": value, "why": part.why})
    return rows


def plan_view(plan) -> dict:
    causes = catalog().causes
    return {
        "soft_tissue": [SOFT_TISSUE.get(s, s) for s in plan.soft_tissue],
        "prevention": care.prevention_for([c for c in plan.prevention if c in causes]),
        "exercises": [_labelled(e) for e in plan.exercises.all()],
        "targets": [target_label(t) | t for t in plan.needling_targets],
        "why": {
            k: v.get("why", [])
            for k, v in plan.proposal.items()
            if isinstance(v, dict) and "why" in v
        },  # fmt: skip
    }


def _labelled(exercise):
    exercise.kind_label = exercise.kind.replace("_", " ")
    return exercise


def target_label(t: dict) -> dict:
    cat = catalog()
    try:
        tp = cat.trigger_point(t["trigger_point"])
    except KeyError:
        return {"label": t["trigger_point"]}
    return {"label": f"{cat.muscle(tp.muscle_id).name}: {tp.name}"}


def target_rows(formset) -> list[dict]:
    rows = []
    for f in formset:
        data = f.initial or {}
        if f.is_bound and f.is_valid():
            data = f.cleaned_data
        tp = data.get("trigger_point") or f["trigger_point"].value()
        rows.append({"form": f, "label": target_label({"trigger_point": tp or ""})["label"],
                     "side": data.get("side") or f["side"].value()})  # fmt: skip
    return rows


def exercise_rows(formset) -> list[dict]:
    rows = []
    for f in formset:
        ident = f["exercise"].value()
        try:
            x = library.exercise(ident) if ident else None
        except KeyError:
            x = None  # a tampered id: the form shows its error
        rows.append({"form": f, "library": x, "kind_label": x.kind.replace("_", " ") if x else ""})
    return rows
