"""The assessment of an episode: the differential, the palpation exam, range of motion and
diagnoses on one page, each section saved on its own; and the clinic's normal values."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinical import rom
from taut.clinical.delphi import Classification
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.episodes.models import Episode
from taut.exams import norms
from taut.exams.differential import (
    CLASSIFICATION_LABELS,
    current_differential,
    differential_view,
    keep_differential,
    known_trigger_point,
    movement_name,
    muscle_name,
)
from taut.exams.forms import (
    DiagnosesForm,
    FindingForm,
    NoteForm,
    RomForm,
    RomNormForm,
)
from taut.exams.models import Assessment, Diagnosis, PalpationFinding, RangeOfMotion, RomNorm
from taut.icd10 import search as icd10
from taut.kb.catalog import catalog

ESSENTIAL = (
    ("taut_band", "taut band"),
    ("hypersensitive_spot", "hypersensitive spot"),
    ("referred_pain", "referred pain"),
)


# --- loading through the door ------------------------------------------------------------------


def for_reading(request, uuid, episode, pk) -> Assessment:
    episode = access.get_for(request, Episode, patient__uuid=uuid, pk=episode)
    return access.get_for(request, assessments(), episode=episode, pk=pk)


def for_writing(request, uuid, episode, pk) -> Assessment:
    """The assessment, for a clinician, of a patient who is not archived."""
    access.require(request, Capability.WRITE_CLINICAL)
    episode = access.get_for(request, writable_episodes(), patient__uuid=uuid, pk=episode)
    return access.get_for(request, assessments(), episode=episode, pk=pk)


def assessments():
    return Assessment.objects.select_related("episode", "patient", "clinician")


def writable_episodes():
    return Episode.objects.filter(patient__archived_at__isnull=True)


# --- pages -------------------------------------------------------------------------------------


@login_required
def assessment_create(request, uuid, episode):
    """Start an assessment of the episode (a POST; a GET asks to confirm)."""
    access.require(request, Capability.WRITE_CLINICAL)
    episode = access.get_for(request, writable_episodes(), patient__uuid=uuid, pk=episode)
    if request.method != "POST":
        intake = episode.latest_intake()
        context = {"episode": episode, "patient": episode.patient, "intake": intake}
        return render(request, "exams/create.html", context)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            clinic=request.clinic, episode=episode, patient=episode.patient, clinician=request.user
        )
        keep_differential(assessment)
        log.record(request, Action.CREATE, assessment)
    return redirect(detail_url(assessment))


@login_required
def assessment_detail(request, uuid, episode, pk):
    return page(request, for_reading(request, uuid, episode, pk))


@login_required
@require_POST
def finding_save(request, uuid, episode, pk):
    """Record a palpated trigger point, or update the finding already made on that side."""
    assessment = for_writing(request, uuid, episode, pk)
    form = FindingForm(request.POST)
    if not form.is_valid():
        return page(request, assessment, finding_form=form)
    with transaction.atomic():
        finding, created = PalpationFinding.objects.update_or_create(
            assessment=assessment,
            trigger_point=form.cleaned_data["trigger_point"],
            side=form.cleaned_data["side"],
            defaults=form.criteria(),
        )
        saved(request, assessment, section="palpation", finding=finding.pk, created=created)
    tp = catalog().trigger_point(finding.trigger_point)
    verdict = CLASSIFICATION_LABELS[finding.classification].lower()
    messages.success(
        request,
        f"{muscle_name(tp.muscle_id)}, {tp.name} ({finding.get_side_display().lower()}): "
        f"{verdict}.",
    )
    return redirect(detail_url(assessment, "palpation"))


@login_required
@require_POST
def finding_remove(request, uuid, episode, pk, finding):
    assessment = for_writing(request, uuid, episode, pk)
    with transaction.atomic():
        removed, _ = assessment.palpations.filter(pk=finding).delete()
        if removed:
            saved(request, assessment, section="palpation", removed_finding=finding)
    return redirect(detail_url(assessment, "palpation"))


@login_required
@require_POST
def rom_add(request, uuid, episode, pk):
    """Record a measured movement with the normal value in force at the clinic today."""
    assessment = for_writing(request, uuid, episode, pk)
    form = RomForm(request.POST, clinic=request.clinic)
    if not form.is_valid():
        return page(request, assessment, rom_form=form)
    data, norm = form.cleaned_data, form.cleaned_data["norm"]
    with transaction.atomic():
        row = RangeOfMotion.objects.create(
            assessment=assessment, movement=data["movement"], side=data["side"],
            degrees=data["degrees"], painful=data["painful"],
            normal_degrees=norm.degrees, normal_source=norm.source,
        )  # fmt: skip
        saved(request, assessment, section="range_of_motion", rom=row.pk, created=True)
    return redirect(detail_url(assessment, "rom"))


@login_required
@require_POST
def rom_remove(request, uuid, episode, pk, row):
    assessment = for_writing(request, uuid, episode, pk)
    with transaction.atomic():
        removed, _ = assessment.rom.filter(pk=row).delete()
        if removed:
            saved(request, assessment, section="range_of_motion", removed_rom=row)
    return redirect(detail_url(assessment, "rom"))


@login_required
@require_POST
def diagnoses_save(request, uuid, episode, pk):
    """Set the assessment's diagnoses to the codes ticked."""
    assessment = for_writing(request, uuid, episode, pk)
    form = DiagnosesForm(request.POST, offered=icd10.describe(request.POST.getlist("codes")))
    if not form.is_valid():
        return page(request, assessment, diagnoses_form=form)
    codes = set(form.cleaned_data["codes"])
    with transaction.atomic():
        assessment.diagnoses.exclude(code__in=codes).delete()
        have = set(assessment.diagnoses.values_list("code", flat=True))
        Diagnosis.objects.bulk_create(
            Diagnosis(assessment=assessment, code=code) for code in sorted(codes - have)
        )
        saved(request, assessment, section="diagnoses", codes=sorted(codes))
    messages.success(request, "Diagnoses saved.")
    return redirect(detail_url(assessment, "diagnoses"))


@login_required
@require_POST
def note_save(request, uuid, episode, pk):
    assessment = for_writing(request, uuid, episode, pk)
    form = NoteForm(request.POST, instance=assessment)
    if not form.is_valid():
        return page(request, assessment, note_form=form)
    with transaction.atomic():
        form.save()
        saved(request, assessment, section="findings_note")
    messages.success(request, "Other findings saved.")
    return redirect(detail_url(assessment, "note"))


@login_required
def rom_norms(request):
    """The clinic's own normal range of motion values, replacing the defaults."""
    access.require(request, Capability.MANAGE_CLINIC)
    form = RomNormForm(
        request.POST if request.method == "POST" else None,
        initial=norm_initial(request, request.GET.get("movement", "")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            norm, created = RomNorm.objects.update_or_create(
                clinic=request.clinic,
                movement=data["movement"],
                defaults={"degrees": data["degrees"], "source": data["source"]},
            )
            log.record(request, Action.CREATE if created else Action.CHANGE, norm)
        name = catalog().movements[norm.movement].name
        messages.success(request, f"{name}: the clinic's normal is now {norm.degrees}°.")
        return redirect("norms:rom_norms")
    return render(request, "exams/rom_norms.html", {"form": form, "rows": norm_rows(request)})


@login_required
@require_POST
def rom_norm_revert(request, movement):
    """Drop the clinic's own value for a movement: the default applies again."""
    access.require(request, Capability.MANAGE_CLINIC)
    norm = RomNorm.objects.filter(clinic=request.clinic, movement=movement).first()
    if norm is not None:
        with transaction.atomic():
            log.record(request, Action.CHANGE, norm, detail={"reverted_to_default": True})
            norm.delete()
        messages.success(request, f"{movement_name(movement)}: back to the default value.")
    return redirect("norms:rom_norms")


# --- the assessment page -----------------------------------------------------------------------


def page(request, assessment, **bound_forms):
    """The assessment page; a section whose form did not validate shows it with its errors."""
    clinic = request.clinic
    findings = list(assessment.palpations.all())
    diff = current_differential(assessment)
    found = icd10.search(request.GET.get("dx", ""))
    forms = {
        "finding_form": FindingForm(initial=finding_initial(request, findings)),
        "rom_form": RomForm(clinic=clinic),
        "diagnoses_form": diagnoses_form(assessment, found),
        "note_form": NoteForm(instance=assessment),
        **bound_forms,
    }
    if not forms["finding_form"].is_bound and forms["finding_form"].initial:
        # Arrived from a candidate's "Palpate" link: straight to the criteria.
        forms["finding_form"].fields["taut_band"].widget.attrs["autofocus"] = True
    context = {
        "assessment": assessment,
        "episode": assessment.episode,
        "patient": assessment.patient,
        "page_url": detail_url(assessment),
        "differential": differential_view(diff, findings),
        "intake": assessment.episode.latest_intake(),
        "findings": [finding_row(f) for f in findings],
        "rom": [rom_row(r) for r in assessment.rom.all()],
        "diagnoses": assessment.diagnoses.all(),
        "dx_query": request.GET.get("dx", ""),
        "dx_found": sum(c.billable for c in found),
        "dx_categories": [c for c in found if not c.billable],
        **forms,
    }
    return render(request, "exams/detail.html", context)


def diagnoses_form(assessment, found) -> DiagnosesForm:
    """The diagnoses given, ticked, with the myofascial shortlist and the billable codes
    `found` by a search (?dx=) to tick."""
    given = list(assessment.diagnoses.values_list("code", flat=True))
    offered = {**{c.code: c.description for c in found if c.billable}, **icd10.describe(given)}
    return DiagnosesForm(initial={"codes": given}, offered=offered)


def finding_initial(request, findings) -> dict:
    """The palpation form prefilled from a candidate's "record" link (?tp=…&side=…), with the
    criteria of the finding already made there, if any."""
    tp, side = request.GET.get("tp", ""), request.GET.get("side", "")
    try:
        catalog().trigger_point(tp)
    except KeyError:
        return {}
    initial = {"trigger_point": tp, "side": side}
    for f in findings:
        if (f.trigger_point, f.side) == (tp, side):
            initial.update({name: getattr(f, name) for name in FindingForm.CRITERIA})
    return initial


def finding_row(f: PalpationFinding) -> dict:
    tp = known_trigger_point(f.trigger_point)
    met = [label for name, label in ESSENTIAL if getattr(f, name)]
    why = f"{len(met)} of 3 essential criteria" + (f" ({', '.join(met)})" if met else "")
    if f.classification == Classification.NOT_A_TRIGGER_POINT:
        why += "; at least 2 are needed"
    elif f.recognised_pain:
        why += "; the patient recognises the pain"
    else:
        why += "; the patient does not recognise the pain"
    if f.local_twitch:
        why += "; local twitch response"
    return {
        "finding": f,
        "muscle": tp and tp.muscle_id,
        "name": f"{muscle_name(tp.muscle_id)}, {tp.name}" if tp else f.trigger_point,
        "label": CLASSIFICATION_LABELS[f.classification],
        "why": why + ".",
    }


def rom_row(row: RangeOfMotion) -> dict:
    return {"row": row, "name": movement_name(row.movement), "percent": row.percent_of_normal}


def norm_initial(request, movement: str) -> dict:
    """The norms form opened on one movement (its "Change" link): the value in force now,
    and the clinic's source if the value is its own."""
    norm = norms.norm_for(request.clinic, movement)
    if movement not in catalog().movements:
        return {}
    own = RomNorm.objects.filter(clinic=request.clinic, movement=movement).exists()
    return {
        "movement": movement,
        "degrees": norm.degrees if norm else None,
        "source": norm.source if norm and own else "",
    }


def norm_rows(request) -> list[dict]:
    """Every catalog movement with its default value and the clinic's own, if set."""
    defaults = rom.default_norms()
    own = {n.movement: n for n in RomNorm.objects.filter(clinic=request.clinic)}
    return [
        {"movement": m, "default": defaults.get(m.id), "own": own.get(m.id)}
        for m in catalog().movements.values()
        if m.id in defaults or m.id in own
    ]


# --- the differential --------------------------------------------------------------------------


def saved(request, assessment, **detail) -> None:
    """After a section was saved: keep the differential and audit the change."""
    keep_differential(assessment)
    log.record(request, Action.CHANGE, assessment, detail=detail)


def detail_url(assessment, section: str = "") -> str:
    url = reverse(
        "exams:detail", args=[assessment.patient.uuid, assessment.episode_id, assessment.pk]
    )
    return f"{url}#{section}" if section else url
