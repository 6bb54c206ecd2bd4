"""Treatment sessions: record one (needling refused while a blocker is on file, warnings
confirmed before saving), read it back with its billing codes and SOAP note, and export the
clinic's billing lines."""

import json
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from taut import days
from taut.accounts.models import NAME_FIELDS
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.amending import AmendForm
from taut.clinics.history import Rows, versions
from taut.clinics.roles import Capability
from taut.clinics.versions import Stale
from taut.episodes.models import Episode
from taut.exams.models import RangeOfMotion
from taut.icd10 import search as icd10
from taut.kb.catalog import catalog
from taut.notes.models import ClinicalNote, NoteStatus
from taut.plans.editing import current_plan
from taut.scheduling.models import Appointment, Status
from taut.treatment import amend, billing_csv, rules
from taut.treatment.amend import write_rows
from taut.treatment.forms import (
    AddendumForm,
    BillingRangeForm,
    DraftNoteForm,
    SessionEntry,
    default_needle,
)
from taut.treatment.models import AdverseEvent, Needling, SoftTissue, TreatmentSession
from taut.treatment.soap import soap_note

# --- loading through the door ------------------------------------------------------------------


def sessions():
    return TreatmentSession.objects.select_related("episode", "patient", "clinician")


def for_reading(request, uuid, episode, pk) -> TreatmentSession:
    """The session with its episode, patient and note, read in one query (the episode scoped
    to the clinic as `access.get_for` would); the reading of both is audited."""
    access.require(request, Capability.SEE_CLINICAL)
    in_episode = (
        sessions()
        .select_related("note__signed_by", "note__edited_by")
        .filter(episode=episode, episode__clinic=request.clinic, episode__patient__uuid=uuid)
    )
    session = access.get_for(request, in_episode, pk=pk)
    log.record(request, Action.VIEW, session.episode)
    return session


def writable_episode(request, uuid, episode) -> Episode:
    """The episode, for a clinician, of a patient who is not archived."""
    access.require(request, Capability.WRITE_CLINICAL)
    episodes = Episode.objects.select_related("patient").filter(patient__archived_at__isnull=True)
    return access.get_for(request, episodes, patient__uuid=uuid, pk=episode)


def for_writing(request, uuid, episode, pk) -> TreatmentSession:
    episode = writable_episode(request, uuid, episode)
    return access.get_for(request, sessions(), episode=episode, pk=pk)


# --- recording a session -----------------------------------------------------------------------


def last_session(episode) -> TreatmentSession | None:
    return episode.sessions.order_by("-performed_at", "-pk").first()


@login_required
def session_create(request, uuid, episode):
    episode = writable_episode(request, uuid, episode)
    on_file = rules.OnFile.of(episode)
    blockers = rules.needling_blockers(on_file)
    last = last_session(episode)
    post = request.POST if request.method == "POST" else None
    visit = started_visit(request, episode)
    plan = current_plan(episode) if visit else None
    entry = SessionEntry(
        post, clinic=request.clinic, last=last, copy_needling=not blockers, plan=plan
    )
    valid = entry.is_valid() if post is not None else False
    check = rules.check_needling(on_file, entry, post)
    if valid and check.passes:
        session = save_session(request, episode, entry, check.warnings, visit)
        messages.success(request, "Session saved. Check the draft note below, then sign it.")
        return redirect("treatment:detail", uuid, episode.pk, session.pk)
    context = {
        "episode": episode, "patient": episode.patient, "last": last, "entry": entry,
        "needles": needle_defaults(), "intake": on_file.intake, "visit": visit,
        "from_plan": plan is not None, **check_context(on_file, check),
    }  # fmt: skip
    return render(request, "treatment/form.html", context)


def check_context(on_file: rules.OnFile, check: rules.NeedlingCheck) -> dict:
    """The safety check's outcome as the session form shows it."""
    return {
        "blockers": check.blockers,
        "refused": check.refused,
        "site_refused": check.site_refused,
        "review": on_file.review,
        "warnings": [] if check.blockers else check.warnings,
        "warnings_seen": json.dumps(check.warnings),
        "confirmed": check.confirmed,
        "confirm_missing": check.confirm_missing,
    }


def started_visit(request, episode) -> Appointment | None:
    """The appointment this session records ("Start visit"), if the link names one: the
    patient's own, attended, and not yet recorded by another session."""
    pk = (request.POST if request.method == "POST" else request.GET).get("appointment")
    if not pk:
        return None
    unrecorded = Appointment.objects.filter(
        patient=episode.patient, status=Status.ATTENDED, session__isnull=True
    ).select_related("type")
    return access.get_for(request, unrecorded, pk=pk)


def save_session(
    request, episode, entry: SessionEntry, warnings: list[str], visit: Appointment | None = None
) -> TreatmentSession:
    """The session, its rows and its draft SOAP note, in one transaction with their audit."""
    data = entry.form.cleaned_data
    with transaction.atomic():
        session = TreatmentSession.objects.create(
            clinic=request.clinic, episode=episode, patient=episode.patient, appointment=visit,
            clinician=request.user, pain_before=data["pain_before"],
            pain_after=data["pain_after"], soft_tissue=data["soft_tissue"],
            exercises=data["exercises"], comments=data["comments"],
        )  # fmt: skip
        write_rows(session, entry)
        log.record(request, Action.CREATE, session, detail={"warnings_considered": warnings})
        day = timezone.localtime(session.performed_at)
        note = ClinicalNote.objects.create(
            clinic=request.clinic, patient=episode.patient, session=session, author=request.user,
            title=f"Session {day:%Y-%m-%d}: {episode.title}"[:200],
            text=soap_note(session), status=NoteStatus.DRAFT,
        )  # fmt: skip
        log.record(request, Action.CREATE, note)
    return session


# --- correcting a session -------------------------------------------------------------------


@login_required
def session_edit(request, uuid, episode, pk):
    """Edit the session while its note is a draft; amend it, with a reason, once signed."""
    session = for_writing(request, uuid, episode, pk)
    note = note_of(session)
    signed = note is not None and note.is_signed
    post = request.POST if request.method == "POST" else None
    entry = SessionEntry(post, clinic=request.clinic, session=session)
    amend_form = AmendForm(post, record=session, signed=signed, edited=amend.EDITED)
    recorded = [(n.muscle, n.side) for n in session.needlings.all()]
    on_file = rules.OnFile.of(session.episode)
    check = rules.check_needling(on_file, entry, post, recorded=recorded)
    stale = None
    valid = post is not None and all([entry.is_valid(), amend_form.is_valid()])
    if valid and check.passes:
        try:
            amend.amend(request, session, entry, amend_form, note, check.warnings)
        except Stale as refused:
            stale = refused.current
            amend_form = AmendForm(post.copy() | {"version": str(stale.version)},
                                   record=stale, signed=signed, edited=amend.EDITED)  # fmt: skip
        else:
            messages.success(request, "Session amended: the earlier version is in its history."
                             if signed else "Session saved; the draft note was written again "
                             "from it.")  # fmt: skip
            return redirect("treatment:detail", uuid, session.episode_id, session.pk)
    context = {
        "episode": session.episode, "patient": session.patient, "session": session,
        "entry": entry, "amend_form": amend_form, "signed": signed, "stale": stale,
        "needles": needle_defaults(), "intake": on_file.intake,
        "editing": True, **check_context(on_file, check),
    }  # fmt: skip
    return render(request, "treatment/form.html", context, status=409 if stale else 200)


@login_required
def session_history(request, uuid, episode, pk):
    """Every version of the session with its rows: the signed one and each amendment."""
    session = for_reading(request, uuid, episode, pk)
    log.record(request, Action.VIEW, session, detail={"history": True})
    rows = [
        Rows("Dry needling", Needling, "session_id", needling_line),
        Rows("Range of motion", RangeOfMotion, "session_id", rom_line),
        Rows("Adverse events", AdverseEvent, "session_id", str),
    ]
    fields = ["pain_before", "pain_after", "soft_tissue", "exercises", "comments"]
    day = timezone.localtime(session.performed_at)
    context = {
        "title": f"Session {day:%Y-%m-%d} of {session.patient.full_name}",
        "back_url": reverse("treatment:detail", args=[uuid, session.episode_id, session.pk]),
        "versions": list(reversed(versions(session, fields, rows))),
    }
    return render(request, "versions/history.html", context)


def needling_line(n: Needling) -> str:
    muscle = known(catalog().muscle, n.muscle)
    tp = known(catalog().trigger_point, n.trigger_point)
    name = muscle.name if muscle else n.muscle
    point = f", {tp.name}" if tp else ""
    needle = f"{n.needle_length_mm} x {n.needle_gauge_mm} mm"
    return (f"{name}{point} ({n.get_side_display().lower()}): {n.get_technique_display()}, "
            f"{needle}, {n.insertions} insertion(s)")  # fmt: skip


def rom_line(r: RangeOfMotion) -> str:
    movement = catalog().movements.get(r.movement)
    name = movement.name if movement else r.movement
    return f"{name} ({r.get_side_display().lower()}): {r.degrees}°"


def needle_defaults() -> dict:
    """Muscle id -> its guidance minimum needle and its trigger points, for the page's script."""
    needles = {}
    for m in catalog().muscles:
        length, gauge = default_needle(m.id)
        needles[m.id] = {
            "length": str(length) if length is not None else "",
            "gauge": str(gauge) if gauge is not None else "",
            "points": [[tp.id, tp.name] for tp in m.trigger_points],
        }
    return needles


# --- the session page --------------------------------------------------------------------------

# What the page shows of the latest intake (the contraindications in force) and of a person
# (NAME_FIELDS): not the whole intake, nor the users' passwords (issue 18).
SCREENING = ("recorded_at", "absolute_contraindications", "relative_contraindications")


@login_required
def session_detail(request, uuid, episode, pk):
    with log.together():  # the episode, the session and its invoice
        return page(request, for_reading(request, uuid, episode, pk))


def page(request, session, *, status=200, **note_state):
    """The session page; `note_state` carries a note form bound after a refused save."""
    # The rows, read once: the table, the billing code and the muscle count all use them.
    prefetch_related_objects([session], "needlings", "rom", "adverse_events")
    note = note_of(session)
    intake = session.episode.latest_intake(*SCREENING)
    context = {
        "session": session,
        "episode": session.episode,
        "patient": session.patient,
        "intake": intake,
        "needlings": [needling_row(n) for n in session.needlings.all()],
        "rom": [rom_view(r) for r in session.rom.all()],
        "soft_tissue": [dict(SoftTissue.choices).get(t, t) for t in session.soft_tissue],
        "adverse_events": session.adverse_events.all(),
        "billing": billing_view(session),
        "session_invoice": session_invoice(request, session),
        "note": note,
        "addenda": addenda(note) if note is not None and note.is_signed else [],
        **note_forms(note, **note_state),
    }
    return render(request, "treatment/detail.html", context, status=status)


def addenda(note) -> list:
    """The signed note's addenda, oldest first, with what the page shows of them."""
    shown = ("amends", "text", "written_at", "signed_at", *(f"author__{f}" for f in NAME_FIELDS))
    return list(note.addenda.select_related("author").only(*shown).order_by("written_at"))


def note_of(session) -> ClinicalNote | None:
    """The session's note, or None: read with the session by `for_reading`, else read now
    (the edit page, and the session page again after a refused save: the note as stored)."""
    try:
        return session.note
    except ClinicalNote.DoesNotExist:
        return None


def note_forms(note, *, draft_form=None, addendum_form=None, conflict="", **rest) -> dict:
    if note is not None and not note.is_signed and draft_form is None:
        draft_form = DraftNoteForm(initial={"text": note.text, "version": note.version})
    if note is not None and note.is_signed and addendum_form is None:
        addendum_form = AddendumForm()
    return {"draft_form": draft_form, "addendum_form": addendum_form, "conflict": conflict, **rest}


def needling_row(n: Needling) -> dict:
    return {"needling": n, "muscle": known(catalog().muscle, n.muscle),
            "trigger_point": known(catalog().trigger_point, n.trigger_point)}  # fmt: skip


def known(lookup, ident: str):
    """The knowledge base entry with this id, or None for a blank or retired id."""
    try:
        return lookup(ident) if ident else None
    except KeyError:
        return None


def rom_view(row: RangeOfMotion) -> dict:
    movement = catalog().movements.get(row.movement)
    return {
        "row": row,
        "name": movement.name if movement else row.movement,
        "percent": row.percent_of_normal,
    }


def session_invoice(request, session):
    """The visit's invoice, for those who may see billing (False: not shown at all)."""
    if Capability.SEE_BILLING not in request.capabilities:
        return False
    from taut.invoices.summary import for_session

    invoice = for_session(session, request.clinic)
    if invoice is not None:
        log.record(request, Action.VIEW, invoice, detail={"from_session": session.pk})
    return invoice


def billing_view(session) -> dict:
    [line] = rules.billing_lines([session])
    labels = icd10.describe(line["diagnoses"])
    return {
        "cpt_code": line["cpt_code"] or None,
        "muscles": line["muscles"],
        "diagnoses": [(code, labels.get(code, "")) for code in line["diagnoses"]],
    }


# --- the billing export ------------------------------------------------------------------------


def require_billing(request) -> None:
    """Clinicians and clinic admins export billing lines; the front desk does not."""
    if getattr(request, "clinic", None) is None:
        raise Http404("Not found")
    if not {Capability.SEE_CLINICAL, Capability.MANAGE_CLINIC} & request.capabilities:
        raise PermissionDenied("Your role does not allow the billing export.")


def this_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return first, next_first - timedelta(days=1)


@login_required
def billing_export(request):
    """The clinic's sessions in a date range (this month unless ?from=&to= say otherwise)."""
    require_billing(request)
    from taut.exports.views import refused_billing  # the exports page imports this module

    form = BillingRangeForm({"start": request.GET.get("from"), "end": request.GET.get("to")})
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        return refused_billing(request, f"Give the range as two dates. {problems}")
    default_start, default_end = this_month(timezone.localdate())
    start = form.cleaned_data["start"] or default_start
    end = form.cleaned_data["end"] or default_end
    # Billing lines are read by clinic admins too, who do not read clinical content: the
    # query is the clinic's own rows, and the lines carry codes and counts, not findings.
    first, after = days.local_range(start, end)  # instants: the index by time serves them
    sessions = TreatmentSession.objects.filter(
        clinic=request.clinic, performed_at__gte=first, performed_at__lt=after
    )
    if (count := sessions.count()) > billing_csv.LIMIT:
        return refused_billing(
            request,
            f"This range holds {count:,} sessions; the billing export writes at most "
            f"{billing_csv.LIMIT:,} at a time. Choose a shorter range.",
        )
    chosen = billing_csv.visits(sessions)
    response = HttpResponse(billing_csv.text(chosen), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="billing-{start}-to-{end}.csv"'
    detail = {
        "export": "billing",
        "from": str(start),
        "to": str(end),
        "sessions": len(chosen),
        "patients": sorted({v.patient_id for v in chosen}),
    }
    log.record(request, Action.EXPORT, None, detail=detail)
    return response
