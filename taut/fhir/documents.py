"""Signed chart notes → FHIR DocumentReference; an addendum appends to the note it amends."""

import base64

from taut.fhir.base import instant, meta, person, ref
from taut.fhir.codes import LOINC, PROGRESS_NOTE, concept
from taut.fhir.strings import text as clean


def note_reference(note, patient_uuid: str, *, session_id: int | None, amended: bool) -> dict:
    """A signed note: `session_id` is the treatment session it records (an addendum's is its
    note's), `amended` whether signed addenda were appended to it since."""
    signed = note.signed_at or note.written_at
    attachment = {"contentType": "text/plain; charset=utf-8", "creation": instant(note.written_at)}
    if title := clean(note.title):
        attachment["title"] = title
    if body := clean(note.text):
        attachment["data"] = base64.b64encode(body.encode()).decode("ascii")
    out = {
        "resourceType": "DocumentReference",
        "id": f"note-{note.pk}",
        "meta": meta(signed),
        "status": "current",
        # FHIR R4 composition-status: "amended" once content was added after it was final.
        "docStatus": "amended" if amended else "final",
        "subject": ref("Patient", patient_uuid),
        "date": instant(signed),
        "author": [person(note.author)],
        "authenticator": person(note.signed_by or note.author),
        "content": [{"attachment": attachment}],
    }
    if session_id is not None:
        # A treatment session's note is a progress note; other chart notes keep a plain type.
        out["type"] = concept(LOINC, *PROGRESS_NOTE, text="Treatment session note")
        out["context"] = {"encounter": [ref("Encounter", f"session-{session_id}")]}
    else:
        out["type"] = {"text": "Clinical note"}
    if title:
        out["description"] = title
    if note.amends_id is not None:
        target = ref("DocumentReference", f"note-{note.amends_id}")
        out["relatesTo"] = [{"code": "appends", "target": target}]
    return out
