"""Signed chart notes → FHIR DocumentReference; an addendum appends to the note it amends."""

import base64

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import LOINC, PROGRESS_NOTE, concept
from taut.fhir.strings import text as clean

FIELDS = ("id", "patient_id", "title", "text", "written_at", "signed_at", "author_id",
          "signed_by_id", "amends_id")  # fmt: skip
PROGRESS = concept(LOINC, *PROGRESS_NOTE, text="Treatment session note")
CHART_NOTE = {"text": "Clinical note"}


def note_reference(row: dict, patient_uuid: str, author: dict, authenticator: dict, *,
                   session_id: int | None, amended: bool) -> dict:  # fmt: skip
    """A signed note (a row of FIELDS): `session_id` is the treatment session it records (an
    addendum's is its note's), `amended` whether signed addenda were appended to it since;
    `author` the writer and `authenticator` the signer (`person`s)."""
    signed = row["signed_at"] or row["written_at"]
    attachment = {"contentType": "text/plain; charset=utf-8",
                  "creation": instant(row["written_at"])}  # fmt: skip
    if title := clean(row["title"]):
        attachment["title"] = title
    if body := clean(row["text"]):
        attachment["data"] = base64.b64encode(body.encode()).decode("ascii")
    out = {
        "resourceType": "DocumentReference",
        "id": f"note-{row['id']}",
        "meta": meta(signed),
        "status": "current",
        # FHIR R4 composition-status: "amended" once content was added after it was final.
        "docStatus": "amended" if amended else "final",
        "subject": ref("Patient", patient_uuid),
        "date": instant(signed),
        "author": [author],
        "authenticator": authenticator,
        "content": [{"attachment": attachment}],
    }
    if session_id is not None:
        # A treatment session's note is a progress note; other chart notes keep a plain type.
        out["type"] = PROGRESS
        out["context"] = {"encounter": [ref("Encounter", f"session-{session_id}")]}
    else:
        out["type"] = CHART_NOTE
    if title:
        out["description"] = title
    if row["amends_id"] is not None:
        target = ref("DocumentReference", f"note-{row['amends_id']}")
        out["relatesTo"] = [{"code": "appends", "target": target}]
    return out
