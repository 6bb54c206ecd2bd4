"""Correcting a recorded session. While its note is a draft the session is edited and the draft
is written again from it; once the note is signed the session is amended: a reason is required,
the amendment is kept with who made it and when, an addendum is signed onto the note, and the
amended session is what billing, the exports, FHIR and the chart read from then on. Every
earlier version stays in the session's history (django-simple-history)."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.amending import AmendForm
from taut.clinics.versions import claim
from taut.exams.models import RangeOfMotion
from taut.notes.models import ClinicalNote, NoteStatus
from taut.treatment.forms import SessionEntry
from taut.treatment.models import AdverseEvent, Needling, TreatmentSession, recount_days
from taut.treatment.soap import soap_note

EDITED = "Edited before the note was signed"
FIELDS = ("pain_before", "pain_after", "soft_tissue", "exercises", "comments")


def write_rows(session: TreatmentSession, entry: SessionEntry, reason: str = "") -> None:
    """The session's needling, range of motion and adverse event rows, as entered, each with
    its history."""
    reason = reason or None
    bulk_create_with_history(
        [f.instance(session) for f in entry.needling.filled()], Needling,
        default_change_reason=reason,
    )  # fmt: skip
    bulk_create_with_history(
        [rom_row(session, f.cleaned_data) for f in entry.rom.filled()], RangeOfMotion,
        default_change_reason=reason,
    )  # fmt: skip
    bulk_create_with_history(
        [AdverseEvent(session=session, **f.cleaned_data) for f in entry.events.filled()],
        AdverseEvent, default_change_reason=reason,
    )  # fmt: skip
    recount_days(session.clinic_id, session.performed_at)  # bulk writes skip AdverseEvent.save


def rom_row(session, data: dict) -> RangeOfMotion:
    norm = data["norm"]
    return RangeOfMotion(
        session=session, movement=data["movement"], side=data["side"], degrees=data["degrees"],
        painful=data["painful"], normal_degrees=norm.degrees, normal_source=norm.source,
    )  # fmt: skip


def amend(request, session: TreatmentSession, entry: SessionEntry, amend_form: AmendForm,
          note: ClinicalNote | None, warnings: list[str] = ()) -> TreatmentSession:  # fmt: skip
    """Write the corrected session if it is still at the version the form started from (Stale
    otherwise, nothing written), with its rows, its note and its audit, in one transaction.
    `warnings` are those the clinician considered for needling the correction adds (the
    safety check of taut.treatment.rules, passed before this is called)."""
    signed = amend_form.signed
    reason = amend_form.reason_given
    data = entry.form.cleaned_data
    with transaction.atomic():
        claim(session, amend_form.based_on)
        for name in FIELDS:
            setattr(session, name, data[name])
        session._change_reason = reason
        session.save()
        for rows in session.history_rows():
            for row in rows:  # one by one, so each removal is kept in the history
                row._change_reason = reason
                row.delete()
        write_rows(session, entry, reason)
        log.record(request, Action.CHANGE, session, detail={
            "version": session.version, "amended": signed, "reason": reason,
            "warnings_considered": list(warnings),
        })  # fmt: skip
        if note is not None and not signed:
            note.save_draft(soap_note(session), version=note.version, by=request.user)
            log.record(request, Action.CHANGE, note, detail={"rewritten_from_session": True})
        elif note is not None:
            addendum = ClinicalNote.objects.create(
                clinic=note.clinic, patient=note.patient, author=request.user, amends=note,
                title=f"Amendment: {note.title}"[:200], status=NoteStatus.SIGNED,
                text=amendment_text(session, reason),
            )  # fmt: skip
            log.record(request, Action.CREATE, addendum)
    return session


def amendment_text(session: TreatmentSession, reason: str) -> str:
    day = timezone.localtime(session.performed_at)
    return (
        f"The record of the session of {day:%Y-%m-%d} was amended (version "
        f"{session.version}). Reason: {reason}\n\nThe session as amended:\n\n"
        f"{soap_note(session)}"
    )
