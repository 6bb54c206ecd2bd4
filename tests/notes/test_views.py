"""Clinical notes: clinicians write and read them; front desk cannot open them."""

import pytest

from taut.notes.models import ClinicalNote
from tests.base import ClinicTestCase


class NoteTests(ClinicTestCase):
    def note_url(self, note=None):
        return f"/patients/{self.patient.uuid}/notes/{(note or self.note).pk}/"

    def test_a_clinician_reads_a_note(self):
        self.login(self.alice)
        response = self.client.get(self.note_url())
        assert response.status_code == 200 and b"Right neck pain." in response.content

    def test_front_desk_cannot_open_clinical_notes(self):
        self.login(self.bob)
        assert self.client.get(self.note_url()).status_code == 403
        detail = self.client.get(f"/patients/{self.patient.uuid}/")
        assert detail.status_code == 200 and b"Clinical notes" not in detail.content
        response = self.client.post(
            f"/patients/{self.patient.uuid}/notes/new/", {"title": "x", "text": "y"}
        )
        assert response.status_code == 403

    def test_a_clinic_admin_without_the_clinician_role_cannot_open_them(self):
        self.login(self.carol)
        assert self.client.get(self.note_url()).status_code == 403

    def test_a_clinician_writes_a_note_and_an_addendum(self):
        self.login(self.alice)
        url = f"/patients/{self.patient.uuid}/notes/new/"
        self.client.post(url, {"title": "Follow-up", "text": "Better after needling."})
        note = ClinicalNote.objects.get(title="Follow-up")
        assert note.author == self.alice and note.clinic == self.clinic
        self.client.post(
            url, {"title": "Correction", "text": "Left, not right.", "amends": note.pk}
        )
        assert ClinicalNote.objects.get(title="Correction").amends == note

    def test_an_empty_note_is_refused(self):
        self.login(self.alice)
        response = self.client.post(
            f"/patients/{self.patient.uuid}/notes/new/", {"title": "Empty", "text": "   "}
        )
        assert response.status_code == 200 and "text" in response.context["form"].errors
        assert not ClinicalNote.objects.filter(title="Empty").exists()

    def test_a_saved_note_cannot_be_changed(self):
        self.note.text = "rewritten"
        with pytest.raises(TypeError):
            self.note.save()
