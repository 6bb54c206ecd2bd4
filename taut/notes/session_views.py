"""The SOAP note of a treatment session, on the session's page: save the draft, sign it, and
correct a signed note with an addendum. A save names the version the page was loaded with; when
someone else saved or signed meanwhile nothing is written and both texts are shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.notes.models import ClinicalNote, Conflict, NoteStatus
from taut.treatment import views as treatment
from taut.treatment.forms import AddendumForm, DraftNoteForm

CONFLICT = 409


def session_note(request, uuid, episode, pk) -> tuple:
    """(session, its note) for a clinician; 404 when the session has no note."""
    session = treatment.for_writing(request, uuid, episode, pk)
    note = access.get_for(request, ClinicalNote.objects.select_related("author"), session=session)
    return session, note


def back_to(session):
    """The session page, at its note."""
    url = reverse("treatment:detail", args=[session.patient.uuid, session.episode_id, session.pk])
    return redirect(f"{url}#note")


@login_required
@require_POST
def note_save(request, uuid, episode, pk):
    """Save the draft's text (the note stays a draft)."""
    return write_draft(request, uuid, episode, pk, sign=False)


@login_required
@require_POST
def note_sign(request, uuid, episode, pk):
    """Sign the draft with the text in the box: from now on it is locked."""
    return write_draft(request, uuid, episode, pk, sign=True)


def write_draft(request, uuid, episode, pk, *, sign: bool):
    session, note = session_note(request, uuid, episode, pk)
    form = DraftNoteForm(request.POST)
    if not form.is_valid():
        return treatment.page(request, session, status=400, draft_form=form)
    text, version = form.cleaned_data["text"], form.cleaned_data["version"]
    try:
        with transaction.atomic():
            if sign:
                note.sign(version=version, by=request.user, text=text)
            else:
                note.save_draft(text, version=version, by=request.user)
            log.record(
                request, Action.CHANGE, note, detail={"signed": sign, "version": note.version}
            )
    except Conflict as conflict:
        return refused(request, session, note, text, str(conflict))
    messages.success(request, "Note signed: it is now locked." if sign else "Draft saved.")
    return back_to(session)


def refused(request, session, note, text: str, why: str):
    """The page again with the stored note and the user's unsaved text, nothing overwritten.
    On a draft the form names the stored version, so a deliberate second save can go through;
    on a note signed meanwhile the text is offered as an addendum."""
    if note.is_signed:
        form = AddendumForm(initial={"text": text})
        state = {"addendum_form": form}
    else:
        form = DraftNoteForm(initial={"text": text, "version": note.version})
        state = {"draft_form": form}
    form.fields["text"].widget.attrs["autofocus"] = True  # scrolls the page to the two texts
    return treatment.page(
        request, session, status=CONFLICT, conflict=why, unsaved_text=text, **state
    )


@login_required
@require_POST
def note_addendum(request, uuid, episode, pk):
    """A signed addendum to the session's signed note."""
    session, note = session_note(request, uuid, episode, pk)
    form = AddendumForm(request.POST)
    if not note.is_signed:
        messages.error(request, "The note is still a draft: change the draft instead.")
        return back_to(session)
    if not form.is_valid():
        return treatment.page(request, session, status=400, addendum_form=form)
    with transaction.atomic():
        addendum = ClinicalNote.objects.create(
            clinic=note.clinic, patient=note.patient, author=request.user, amends=note,
            title=f"Addendum: {note.title}"[:200], text=form.cleaned_data["text"],
            status=NoteStatus.SIGNED,
        )  # fmt: skip
        log.record(request, Action.CREATE, addendum)
    messages.success(request, "Addendum signed.")
    return back_to(session)
