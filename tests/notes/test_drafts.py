"""Draft notes: saved with a version check, signed once, then locked."""

import pytest

from taut.notes.models import ClinicalNote, Conflict, NoteStatus
from tests.base import ClinicTestCase


class DraftTests(ClinicTestCase):
    def draft(self):
        return ClinicalNote.objects.create(
            clinic=self.clinic, patient=self.patient, author=self.alice, title="Session 1",
            text="S: neck pain", status=NoteStatus.DRAFT,
        )  # fmt: skip

    def test_a_draft_saves_and_moves_to_the_next_version(self):
        note = self.draft()
        note.save_draft("S: neck pain, better", version=1, by=self.alice)
        assert (note.text, note.version, note.edited_by) == ("S: neck pain, better", 2, self.alice)

    def test_a_stale_save_is_refused_and_the_stored_text_survives(self):
        note = self.draft()
        stale = ClinicalNote.objects.get(pk=note.pk)
        note.save_draft("first colleague's text", version=1, by=self.alice)
        with pytest.raises(Conflict, match="Someone else saved"):
            stale.save_draft("second colleague's text", version=1, by=self.alice)
        assert ClinicalNote.objects.get(pk=note.pk).text == "first colleague's text"

    def test_signing_locks_the_note(self):
        note = self.draft()
        note.sign(version=1, by=self.alice, text="Final")
        assert note.is_signed and note.signed_by == self.alice and note.signed_at
        with pytest.raises(Conflict, match="signed meanwhile"):
            note.save_draft("changed afterwards", version=note.version, by=self.alice)
        assert ClinicalNote.objects.get(pk=note.pk).text == "Final"
