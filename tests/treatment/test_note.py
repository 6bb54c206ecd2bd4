"""The session's SOAP note on the session page: a draft saved with the version it was loaded
with, a conflict that keeps both texts, signing that locks, and addenda."""

from taut.audit.models import AuditEntry
from taut.clinics.roles import Role
from taut.notes.models import ClinicalNote, NoteStatus
from tests.factories import make_user
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session, make_session_note


class NoteTestCase(SessionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dave = make_user("dave", (cls.clinic, Role.CLINICIAN))
        cls.session = make_session(cls.episode, cls.alice, needled=["temporalis"])
        cls.note = make_session_note(cls.session)

    def setUp(self):
        self.login(self.alice)

    def save(self, text, version=1, action="note/"):
        return self.client.post(self.url(action, self.session), {"text": text, "version": version})

    def save_as(self, user, text, version=1, action="note/"):
        """Someone saves (or signs) from their own page, then alice is back at hers."""
        self.login(user)
        assert self.save(text, version, action).status_code == 302
        self.login(self.alice)

    def stored(self) -> ClinicalNote:
        return ClinicalNote.objects.get(pk=self.note.pk)


class DraftTests(NoteTestCase):
    def test_the_page_offers_the_draft_with_its_version(self):
        response = self.client.get(self.url(session=self.session))
        body = response.content.decode()
        assert response.context["draft_form"].initial == {"text": self.note.text, "version": 1}
        assert "Save draft" in body and ">Sign</button>" in body
        assert self.note.text.splitlines()[0] in body

    def test_saving_the_draft_replaces_its_text_and_moves_the_version_on(self):
        response = self.save("S: Better today.")
        assert response.status_code == 302 and response.url.endswith("#note")
        note = self.stored()
        assert (note.text, note.version, note.status) == ("S: Better today.", 2, NoteStatus.DRAFT)
        assert note.edited_by == self.alice
        assert AuditEntry.objects.filter(
            action="change", object_type="notes.clinicalnote", object_id=str(note.pk)
        ).exists()

    def test_a_save_after_someone_elses_shows_both_texts_and_keeps_the_stored_one(self):
        self.save_as(self.dave, "S: Dave's version.")
        response = self.save("S: Alice's version.", version=1)
        body = response.content.decode()
        assert response.status_code == 409
        assert "Someone else saved this note meanwhile." in body
        assert "S: Dave&#x27;s version." in body  # the stored note, shown
        assert response.context["draft_form"].initial == {
            "text": "S: Alice's version.",
            "version": 2,
        }
        assert "S: Alice&#x27;s version.</textarea>" in body  # the unsaved text, in the box
        assert (self.stored().text, self.stored().version) == ("S: Dave's version.", 2)

    def test_after_a_conflict_a_deliberate_save_with_the_new_version_goes_through(self):
        self.save_as(self.dave, "S: Dave's version.")
        self.save("S: Alice's version.", version=1)
        assert self.save("S: Merged.", version=2).status_code == 302
        assert self.stored().text == "S: Merged."

    def test_an_empty_draft_is_refused(self):
        response = self.save("   ")
        assert response.status_code == 400
        assert response.context["draft_form"].errors["text"] == ["The note is empty."]
        assert self.stored().text == self.note.text

    def test_a_missing_or_bad_version_is_refused(self):
        for version in ("", "x", "0"):
            response = self.save("S: New.", version=version)
            assert response.status_code == 400, version
            assert "reload it" in response.content.decode()
        assert self.stored().version == 1

    def test_a_get_does_not_save(self):
        assert self.client.get(self.url("note/", self.session)).status_code == 405


class SignTests(NoteTestCase):
    def test_signing_locks_the_note_with_the_text_in_the_box(self):
        response = self.save("S: Final.", action="note/sign/")
        assert response.status_code == 302
        note = self.stored()
        assert (note.status, note.text, note.signed_by) == (
            NoteStatus.SIGNED,
            "S: Final.",
            self.alice,
        )
        body = self.client.get(self.url(session=self.session)).content.decode()
        assert "<textarea" not in body.split('id="note"')[1].split("Add addendum")[0]
        assert "Signed by Alice" in body and "Add addendum" in body

    def test_a_save_to_a_signed_note_is_refused_and_the_text_is_unchanged(self):
        self.save_as(self.alice, self.note.text, action="note/sign/")
        response = self.save("S: Rewritten after signing.", version=2)
        assert response.status_code == 409
        assert "This note was signed meanwhile." in response.content.decode()
        note = self.stored()
        assert note.text == self.note.text and note.status == NoteStatus.SIGNED
        # The unsaved text is offered as an addendum rather than lost.
        assert response.context["addendum_form"].initial == {"text": "S: Rewritten after signing."}

    def test_signing_twice_is_refused(self):
        self.save("S: Final.", action="note/sign/")
        response = self.save("S: Final again.", version=1, action="note/sign/")
        assert response.status_code == 409 and self.stored().text == "S: Final."


class AddendumTests(NoteTestCase):
    def test_an_addendum_is_a_signed_note_amending_the_session_note(self):
        self.save_as(self.alice, self.note.text, action="note/sign/")
        self.login(self.dave)
        response = self.client.post(
            self.url("note/addendum/", self.session), {"text": "Forgot: ice."}
        )
        assert response.status_code == 302
        addendum = ClinicalNote.objects.get(amends=self.note)
        assert (addendum.author, addendum.status, addendum.text) == (
            self.dave, NoteStatus.SIGNED, "Forgot: ice.",
        )  # fmt: skip
        assert addendum.signed_at is not None and addendum.patient == self.patient
        body = self.client.get(self.url(session=self.session)).content.decode()
        assert "Forgot: ice." in body
        assert f"by Dave, {addendum.signed_at:%Y-%m-%d %H:%M}" in body
        assert self.stored().text == self.note.text

    def test_a_draft_takes_no_addendum(self):
        self.client.post(self.url("note/addendum/", self.session), {"text": "Too early."})
        assert not ClinicalNote.objects.filter(amends=self.note).exists()

    def test_an_empty_addendum_is_refused(self):
        self.save_as(self.alice, self.note.text, action="note/sign/")
        response = self.client.post(self.url("note/addendum/", self.session), {"text": ""})
        assert response.status_code == 400
        assert not ClinicalNote.objects.filter(amends=self.note).exists()
