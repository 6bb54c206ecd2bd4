"""Outcome questionnaires of an episode (list, entry, record) and a patient's progress page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.episodes.models import Episode
from taut.measures import instruments, wordings
from taut.measures.charts import number
from taut.measures.forms import form_for
from taut.measures.instruments import SPECS
from taut.measures.models import Instrument, QuestionnaireResponse, Source, thresholds_for
from taut.measures.progress import episode_progress
from taut.patients.models import Patient
from taut.portal import progress as patient_progress
from taut.scoring import acr2016


def episodes():
    return Episode.objects.select_related("patient")


@login_required
def response_list(request, uuid, episode):
    """The episode's questionnaires, and the ones its body area suggests, to fill in."""
    access.require(request, Capability.SEE_CLINICAL)
    episode = access.get_for(request, episodes(), patient__uuid=uuid, pk=episode)
    responses = access.scoped(request, QuestionnaireResponse).filter(episode=episode)
    responses = list(responses.select_related("entered_by"))
    log.record(request, Action.LIST, episode, detail={"questionnaires": len(responses)})
    done = {r.instrument for r in responses}
    names = instruments.suggested(episode.body_area)
    suggested = [(SPECS[name], name in done) for name in names]
    others = [SPECS[name] for name in Instrument.values if name not in names]
    context = {
        "episode": episode, "patient": episode.patient, "responses": responses,
        "suggested": suggested, "others": others, "loaded": wordings.loaded(request.clinic),
        "writable": episode.patient.archived_at is None,
    }  # fmt: skip
    return render(request, "measures/list.html", context)


@login_required
def response_create(request, uuid, episode, instrument):
    """Fill in one questionnaire; saved only when the scoring library accepts every answer."""
    access.require(request, Capability.WRITE_CLINICAL)
    if instrument not in SPECS:
        raise Http404("Unknown questionnaire")
    episode = access.get_for(
        request,
        episodes().filter(patient__archived_at__isnull=True),
        patient__uuid=uuid,
        pk=episode,
    )
    current = wordings.current(request.clinic, instrument)
    full = current.wording if current else None
    if request.method == "POST":
        form = form_for(instrument, request.POST, wording=full, episode=episode)
    else:
        form = form_for(instrument, initial=same_activities(request, episode, instrument),
                        wording=full, episode=episode)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            response = QuestionnaireResponse.objects.record(
                episode, instrument, form.answers, entered_by=request.user,
                answered_at=form.cleaned_data["answered_at"],
                by_patient=form.cleaned_data["by_patient"], source=form.cleaned_data["source"],
            )  # fmt: skip
            log.record(request, Action.CREATE, response)
        spec = SPECS[instrument]
        messages.success(request, f"{spec.short} saved: {spec.shows(response.score)}.")
        return redirect("measures:list", uuid=episode.patient.uuid, episode=episode.pk)
    context = {"form": form, "spec": form.spec, "episode": episode, "patient": episode.patient,
               "current": current}  # fmt: skip
    return render(request, f"measures/form_{form_template(instrument)}.html", context)


def same_activities(request, episode, instrument: str) -> dict[str, str]:
    """The activities of the episode's latest PSFS, to be rated again (Stratford et al. 1995)."""
    if instrument != "psfs":
        return {}
    latest = (
        access.scoped(request, QuestionnaireResponse)
        .filter(episode=episode, instrument="psfs")
        .order_by("-answered_at", "-pk")
        .first()
    )
    names = latest.answers["activities"] if latest else []
    return {f"activity_{n}": name for n, name in enumerate(names, 1)}


def form_template(instrument: str) -> str:
    return instrument if instrument in ("psfs", "acr2016") else "items"


@login_required
def response_detail(request, uuid, episode, pk):
    access.require(request, Capability.SEE_CLINICAL)
    episode = access.get_for(request, episodes(), patient__uuid=uuid, pk=episode)
    response = access.get_for(
        request, QuestionnaireResponse.objects.select_related("entered_by"), episode=episode, pk=pk
    )
    spec = SPECS[response.instrument]
    context = {
        "response": response, "spec": spec, "episode": episode, "patient": episode.patient,
        "rows": answer_rows(spec, response.answers),
    }  # fmt: skip
    return render(request, "measures/detail.html", context)


def answer_rows(spec, answers) -> list[tuple[str, str]]:
    """(label, answer) pairs of a stored response, for the record page."""
    if spec.name == "psfs":
        return list(zip(answers["activities"], map(str, answers["items"]), strict=True))
    if spec.name == "acr2016":
        areas = set(answers["areas"])
        rows = [
            (region, ", ".join(instruments.area_label(a) for a in members if a in areas) or "—")
            for _, groups in instruments.ACR_GROUPS
            for region, members in groups
        ]
        severity = [
            (label, str(answers[key]))
            for label, key in zip(spec.labels, acr2016.FIELDS, strict=True)
        ]
        months = number(answers["duration_months"])
        return [*rows, *severity, ("Symptoms present for", f"{months} months")]
    return [
        (f"{n}. {label}", "Not answered" if value is None else str(value))
        for n, (label, value) in enumerate(zip(spec.labels, answers, strict=True), 1)
    ]


@login_required
def progress(request, uuid):
    """A patient's measures over time in one episode (?episode=, default the latest open one)."""
    access.require(request, Capability.SEE_CLINICAL)
    with log.together():
        patient = access.get_for(request, Patient, uuid=uuid)
        choices = list(access.scoped(request, Episode).filter(patient=patient))
        episode = chosen_episode(choices, request.GET.get("episode"))
        panels, diary = [], []
        if episode is not None:
            log.record(request, Action.VIEW, episode, detail={"page": "progress"})
            panels = episode_progress(episode, thresholds_for(request.clinic))
            diary = list(patient_progress.diary_entries(episode))
            panels = patient_progress.with_diary(panels, diary)
            diary.reverse()
        context = {"patient": patient, "episodes": choices, "episode": episode,
                   "panels": panels, "diary": diary}  # fmt: skip
        return render(request, "measures/progress.html", context)


def chosen_episode(choices: list[Episode], asked: str | None) -> Episode | None:
    """The episode asked for (404 if it is not one of the patient's), else the latest open
    episode, else the latest one."""
    if asked:
        found = [e for e in choices if str(e.pk) == asked]
        if not found:
            raise Http404("No such episode")
        return found[0]
    return next((e for e in choices if e.is_open), choices[0] if choices else None)


@login_required
@require_POST
def mark_from_paper(request, uuid, episode, pk):
    """A clinician confirms that a label-only (legacy) response was copied from a paper form
    the patient filled in, which makes it count again; audited, with what it was before."""
    access.require(request, Capability.WRITE_CLINICAL)
    episode = access.get_for(request, episodes(), patient__uuid=uuid, pk=episode)
    response = access.get_for(
        request, QuestionnaireResponse.objects.filter(source=Source.LEGACY), episode=episode,
        pk=pk, action=Action.CHANGE,
    )  # fmt: skip
    with transaction.atomic():
        response.source = Source.PAPER
        response.save(update_fields=["source"])
        log.record(request, Action.CHANGE, response,
                   detail={"source": [Source.LEGACY, Source.PAPER]})  # fmt: skip
    messages.success(request, "Marked as copied from a paper form: it counts in the verdicts.")
    return redirect("measures:detail", uuid=uuid, episode=episode.pk, pk=pk)
