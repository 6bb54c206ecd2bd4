"""The assessment of an episode: the differential, the palpation exam, range of motion and
diagnoses on one page, saved in one step; and the clinic's normal values."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinical import rom
from taut.clinical.delphi import Classification
from taut.clinics import access
from taut.clinics.amending import AmendForm
from taut.clinics.history import Rows, versions
from taut.clinics.roles import Capability
from taut.clinics.versions import (
    Stale,
    VersionOnly,
    claim,
    conflict_page,
    history_base,
    resolve_merge,
    save_versioned,
)
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
from taut.exams.forms import AssessmentForm, FindingForm, RomForm, RomNormForm
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
def assessment_history(request, uuid, episode, pk):
    """Every saved version of the assessment, with its findings, measurements and diagnoses."""
    assessment = for_reading(request, uuid, episode, pk)
    log.record(request, Action.VIEW, assessment, detail={"history": True})
    rows = [
        Rows("Palpation findings", PalpationFinding, "assessment_id", finding_line),
        Rows("Range of motion", RangeOfMotion, "assessment_id", rom_line),
        Rows("Diagnoses", Diagnosis, "assessment_id", str),
    ]
    context = {
        "title": f"Assessment {assessment.performed_at:%Y-%m-%d} of {assessment.patient.full_name}",
        "back_url": detail_url(assessment),
        "versions": list(reversed(versions(assessment, ["findings_note", "signed_at"], rows))),
    }
    return render(request, "versions/history.html", context)


def finding_line(f: PalpationFinding) -> str:
    tp = known_trigger_point(f.trigger_point)
    name = f"{muscle_name(tp.muscle_id)}, {tp.name}" if tp else f.trigger_point
    return f"{name} ({f.get_side_display().lower()}): {CLASSIFICATION_LABELS[f.classification]}"


def rom_line(r: RangeOfMotion) -> str:
    return f"{movement_name(r.movement)} ({r.get_side_display().lower()}): {r.degrees}°" + (
        ", painful" if r.painful else ""
    )


# --- saving the page ----------------------------------------------------------------------------
# The page is one form saved in one step: each section's button saves everything on the page
# (its own section must be filled in), so no section's unsaved input is lost to another's
# save; when a section does not validate nothing is saved and the page comes back with
# everything as posted. The save names the version the page was loaded with (one check for
# the whole assessment, taut.clinics.versions).

PALPATION, ROM, DIAGNOSES, NOTE = "palpation", "rom", "diagnoses", "note"
# The measurement's fields are prefixed: the finding has a "side" of its own in the same form.
ROM_PREFIX = "rom"


@login_required
@require_POST
def finding_save(request, uuid, episode, pk):
    """Save the page; the palpation finding must be filled in (an existing one is updated)."""
    return save_page(request, for_writing(request, uuid, episode, pk), PALPATION)


@login_required
@require_POST
def rom_add(request, uuid, episode, pk):
    """Save the page; the measurement must be filled in (stored with today's normal value)."""
    return save_page(request, for_writing(request, uuid, episode, pk), ROM)


@login_required
@require_POST
def diagnoses_save(request, uuid, episode, pk):
    """Save the page, setting the diagnoses to the codes ticked."""
    return save_page(request, for_writing(request, uuid, episode, pk), DIAGNOSES)


@login_required
@require_POST
def note_save(request, uuid, episode, pk):
    """Save the page, with its other findings."""
    return save_page(request, for_writing(request, uuid, episode, pk), NOTE)


def page_forms(request, assessment, primary: str) -> dict:
    """The page's forms bound to the post; a section the post does not show keeps what is
    stored, and an add-a-row section is bound only when it is the one saved or filled in."""
    data = resolve_merge(request.POST).copy()
    shown = set(data.getlist("sections")) | {primary}
    if NOTE not in shown:
        data["findings_note"] = assessment.findings_note
    if DIAGNOSES not in shown:
        data.setlist("codes", assessment.diagnosis_codes())
    forms = {"assessment_form": AssessmentForm(data, instance=assessment),
             "amend_form": amend_form(assessment, data)}  # fmt: skip
    if primary == PALPATION or data.get("trigger_point"):
        forms["finding_form"] = FindingForm(data)
    if primary == ROM or data.get(ROM_PREFIX + "-movement"):
        forms["rom_form"] = RomForm(
            data, in_force=norms.norms_for(request.clinic), prefix=ROM_PREFIX
        )
    return forms


def amend_form(assessment, data=None) -> AmendForm:
    """The version and, once the assessment is signed, the reason for amending it."""
    return AmendForm(data, record=assessment, signed=assessment.is_signed, edited="")


def save_page(request, assessment, primary: str):
    forms = page_forms(request, assessment, primary)
    if not all([form.is_valid() for form in forms.values()]):  # a list: every form's errors
        return page(request, assessment, not_saved=True, **forms)
    form = forms["assessment_form"]
    try:
        with transaction.atomic():
            assessment._change_reason = forms["amend_form"].reason_given or None
            form.save_versioned()
            done = write_sections(request, assessment, form, forms)
            saved(request, assessment, primary=primary, **done)
    except Stale as stale:
        return conflict_page(
            request, form, stale, title=f"Assessment of {assessment.patient.full_name}",
            back_url=detail_url(assessment), base=history_base(assessment, form.based_on),
            extra="A palpation finding or measurement you added is kept in the merge.",
        )  # fmt: skip
    messages.success(request, saved_message(primary, done))
    return redirect(detail_url(assessment, "note" if primary == NOTE else primary))


def write_sections(request, assessment, form, forms) -> dict:
    """Write the diagnoses and any finding or measurement; what was done, for the audit."""
    codes = set(form.cleaned_data["codes"])
    assessment.diagnoses.exclude(code__in=codes).delete()
    have = set(assessment.diagnoses.values_list("code", flat=True))
    for code in sorted(codes - have):  # one by one: each row's history is kept
        Diagnosis.objects.create(assessment=assessment, code=code)
    done = {"codes": sorted(codes), "fields": form.changed_data}
    if assessment.is_signed:
        done |= {"amended": True, "reason": assessment._change_reason}
    if "finding_form" in forms:
        f = forms["finding_form"]
        finding, created = PalpationFinding.objects.update_or_create(
            assessment=assessment, trigger_point=f.cleaned_data["trigger_point"],
            side=f.cleaned_data["side"], defaults=f.criteria(),
        )  # fmt: skip
        done |= {"finding": finding.pk, "created": created, "_finding": finding}
    if "rom_form" in forms:
        data = forms["rom_form"].cleaned_data
        norm = data["norm"]
        row = RangeOfMotion.objects.create(
            assessment=assessment, movement=data["movement"], side=data["side"],
            degrees=data["degrees"], painful=data["painful"],
            normal_degrees=norm.degrees, normal_source=norm.source,
        )  # fmt: skip
        done["rom"] = row.pk
    finding = done.pop("_finding", None)
    done["_finding"] = finding  # kept for the message, dropped from the audit by saved()
    return done


def saved_message(primary: str, done: dict) -> str:
    finding = done.get("_finding")
    if primary == PALPATION and finding is not None:
        tp = catalog().trigger_point(finding.trigger_point)
        verdict = CLASSIFICATION_LABELS[finding.classification].lower()
        return (f"{muscle_name(tp.muscle_id)}, {tp.name} "
                f"({finding.get_side_display().lower()}): {verdict}.")  # fmt: skip
    return {ROM: "Measurement added.", DIAGNOSES: "Diagnoses saved.",
            NOTE: "Other findings saved."}.get(primary, "Assessment saved.")  # fmt: skip


@login_required
@require_POST
def finding_remove(request, uuid, episode, pk, finding):
    assessment = for_writing(request, uuid, episode, pk)
    return remove_row(request, assessment, assessment.palpations.filter(pk=finding),
                      PALPATION, removed_finding=finding)  # fmt: skip


@login_required
@require_POST
def rom_remove(request, uuid, episode, pk, row):
    assessment = for_writing(request, uuid, episode, pk)
    return remove_row(request, assessment, assessment.rom.filter(pk=row), ROM, removed_rom=row)


def remove_row(request, assessment, rows, section: str, **detail):
    """Remove a row if the page was of the current version; refused (nothing removed) if not.
    A signed assessment's row is removed by an amendment, with its reason."""
    form = amend_form(assessment, request.POST)
    if not form.is_valid() and "reason" in form.errors:
        messages.error(request, "Not removed: the assessment is signed; give the reason for the "
                       "amendment beside the Remove button.")  # fmt: skip
        return redirect(detail_url(assessment, section))
    try:
        if not form.is_valid():
            raise Stale(assessment)
        reason = form.reason_given or None
        with transaction.atomic():
            claim(assessment, form.based_on)
            assessment._change_reason = reason
            assessment.save(update_fields=["version"])  # the version the removal makes
            for row in rows:  # one by one: each row's history is kept
                row._change_reason = reason
                row.delete()
            if assessment.is_signed:
                detail |= {"amended": True, "reason": reason}
            saved(request, assessment, section=section, **detail)
    except Stale:
        messages.error(
            request, "Not removed: the assessment changed since the page was loaded. "
            "Here it is as saved now; remove the row again if it should go.",
        )  # fmt: skip
    return redirect(detail_url(assessment, section))


@login_required
@require_POST
def assessment_sign(request, uuid, episode, pk):
    """Sign the assessment as the page showed it: from then on it is changed by amendments."""
    assessment = for_writing(request, uuid, episode, pk)
    form = VersionOnly(request.POST, record=assessment)
    if assessment.is_signed:
        messages.error(request, "The assessment was signed already.")
        return redirect(detail_url(assessment))
    try:
        if not form.is_valid():
            raise Stale(assessment)
        with transaction.atomic():
            assessment.signed_at, assessment.signed_by = timezone.now(), request.user
            assessment._change_reason = "Signed"
            save_versioned(assessment, form.based_on, ["signed_at", "signed_by"])
            log.record(request, Action.CHANGE, assessment,
                       detail={"signed": True, "version": assessment.version})  # fmt: skip
    except Stale:
        messages.error(request, "Not signed: the assessment changed since the page was loaded. "
                       "Here it is as saved now; check it and sign again.")  # fmt: skip
        return redirect(detail_url(assessment))
    messages.success(request, "Assessment signed. A change from now on is an amendment with a "
                     "reason; this version stays readable in its history.")  # fmt: skip
    return redirect(detail_url(assessment))


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
        try:
            with transaction.atomic():
                norm, created = norms.set_norm(request.clinic, data["movement"], data["degrees"],
                                               data["source"], form.based_on)  # fmt: skip
                log.record(request, Action.CREATE if created else Action.CHANGE, norm,
                           detail={"version": norm.version})  # fmt: skip
        except Stale as stale:
            return conflict_page(
                request, form, stale, back_url=reverse("norms:rom_norms"),
                title=f"The clinic's normal for {movement_name(data['movement']).lower()}",
            )  # fmt: skip
        name = catalog().movements[norm.movement].name
        messages.success(request, f"{name}: the clinic's normal is now {norm.degrees}°.")
        return redirect("norms:rom_norms")
    return render(request, "exams/rom_norms.html", {"form": form, "rows": norm_rows(request)})


@login_required
@require_POST
def rom_norm_revert(request, movement):
    """Drop the clinic's own value for a movement, if it is the one the page showed: the
    default applies again."""
    access.require(request, Capability.MANAGE_CLINIC)
    norm = RomNorm.objects.filter(clinic=request.clinic, movement=movement).first()
    if norm is None:
        return redirect("norms:rom_norms")  # nothing of the clinic's own to drop
    form = VersionOnly(request.POST, record=norm)
    try:
        if not form.is_valid():
            raise Stale(norm)
        with transaction.atomic():
            log.record(request, Action.CHANGE, norm, detail={"reverted_to_default": True})
            norms.revert_norm(norm, form.based_on)
    except Stale:
        messages.error(request, f"{movement_name(movement)}: not reverted, the clinic's value "
                       "changed since the page was loaded. Here it is as saved now.")  # fmt: skip
        return redirect("norms:rom_norms")
    messages.success(request, f"{movement_name(movement)}: back to the default value.")
    return redirect("norms:rom_norms")


# --- the assessment page -----------------------------------------------------------------------


def page(request, assessment, *, not_saved=False, **bound_forms):
    """The assessment page; after a refused save, every form as posted, with its errors."""
    clinic = request.clinic
    findings = list(assessment.palpations.all())
    diff = current_differential(assessment)
    found = icd10.search(request.GET.get("dx", ""))
    forms = {
        "finding_form": FindingForm(initial=finding_initial(request, findings)),
        "rom_form": RomForm(in_force=norms.norms_for(clinic), prefix=ROM_PREFIX),
        "assessment_form": AssessmentForm(
            instance=assessment, offered=[(c.code, c.description) for c in found if c.billable]
        ),
        "amend_form": amend_form(assessment),
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
        "not_saved": not_saved,
        "dx_query": request.GET.get("dx", ""),
        "dx_found": sum(c.billable for c in found),
        "dx_categories": [c for c in found if not c.billable],
        **forms,
    }
    return render(request, "exams/detail.html", context)


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
    own = RomNorm.objects.filter(clinic=request.clinic, movement=movement).first()
    return {
        "movement": movement,
        "degrees": norm.degrees if norm else None,
        "source": norm.source if norm and own else "",
        "version": own.version if own else 0,
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
    """After the page was saved: keep the differential and audit the change."""
    keep_differential(assessment)
    detail = {k: v for k, v in detail.items() if not k.startswith("_")}
    log.record(request, Action.CHANGE, assessment, detail={**detail, "version": assessment.version})


def detail_url(assessment, section: str = "") -> str:
    url = reverse(
        "exams:detail", args=[assessment.patient.uuid, assessment.episode_id, assessment.pk]
    )
    return f"{url}#{section}" if section else url
