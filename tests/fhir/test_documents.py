"""Signed notes as DocumentReference: the text attached, addenda appended, drafts left out."""

import base64

from taut.fhir.codes import LOINC
from taut.fhir.export import Scope, resources
from taut.notes.models import ClinicalNote, NoteStatus
from tests.fhir.base import FhirTestCase


class DocumentTests(FhirTestCase):
    def exported(self, patient=None, clinic=None):
        scope = Scope(clinic or self.clinic, patient or self.patient)
        return {r["id"]: r for r in resources(scope, "DocumentReference")}

    def notes(self, **filters):
        return ClinicalNote.objects.filter(patient=self.patient, **filters)

    def test_a_signed_session_note_is_a_progress_note_of_its_encounter(self):
        note = self.notes(session__isnull=False).get()
        doc = self.exported()[f"note-{note.pk}"]
        self.assertEqual(doc["status"], "current")
        self.assertEqual(doc["type"]["coding"][0], {"system": LOINC, "code": "11506-3",
                                                    "display": "Progress note"})  # fmt: skip
        self.assertEqual(doc["context"]["encounter"],
                         [{"reference": f"Encounter/session-{note.session_id}"}])  # fmt: skip
        self.assertEqual(doc["subject"], {"reference": f"Patient/{self.patient.uuid}"})
        self.assertEqual(doc["author"], [{"display": "Alice"}])
        attachment = doc["content"][0]["attachment"]
        self.assertEqual(attachment["contentType"], "text/plain; charset=utf-8")
        self.assertEqual(base64.b64decode(attachment["data"]).decode(), note.text.strip())

    def test_an_amended_note_says_so_and_its_addendum_appends_to_it(self):
        addendum = self.notes(amends__isnull=False).get()
        docs = self.exported()
        self.assertEqual(docs[f"note-{addendum.amends_id}"]["docStatus"], "amended")
        appended = docs[f"note-{addendum.pk}"]
        self.assertEqual(appended["docStatus"], "final")
        target = {"reference": f"DocumentReference/note-{addendum.amends_id}"}
        self.assertEqual(appended["relatesTo"], [{"code": "appends", "target": target}])
        # The addendum belongs to the same visit as the note it amends.
        self.assertEqual(appended["context"], docs[f"note-{addendum.amends_id}"]["context"])

    def test_a_chart_note_outside_a_visit_has_no_encounter(self):
        doc = self.exported()[f"note-{self.note.pk}"]
        self.assertEqual(doc["docStatus"], "final")
        self.assertEqual(doc["type"], {"text": "Clinical note"})
        self.assertNotIn("context", doc)

    def test_a_draft_is_not_exported(self):
        draft = self.notes(status=NoteStatus.DRAFT).get()
        self.assertNotIn(f"note-{draft.pk}", self.exported())
        self.assertEqual(len(self.exported()), self.notes(status=NoteStatus.SIGNED).count())

    def test_another_clinics_notes_never_appear(self):
        docs = list(resources(Scope(self.clinic), "DocumentReference"))
        theirs = ClinicalNote.objects.filter(clinic=self.other_clinic)
        self.assertTrue(theirs.exists())
        self.assertFalse({f"note-{n.pk}" for n in theirs} & {d["id"] for d in docs})
        self.assertNotIn(str(self.other_patient.uuid), str(docs))
