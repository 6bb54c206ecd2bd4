"""Correcting a session: edited while its note is a draft, amended with a reason once signed."""

from taut.notes.models import ClinicalNote, NoteStatus
from taut.treatment.models import TreatmentSession
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session, make_session_note, needling_row, session_data


class CorrectionTests(SessionTestCase):
    def setUp(self):
        self.session = make_session(self.episode, self.alice, needled=[("temporalis", "left")])
        self.login(self.alice)

    def edit(self, **fields):
        data = session_data(needling=[needling_row("temporalis", "right")], version="1", **fields)
        return self.client.post(self.url("edit/", self.session), data)

    def test_a_draft_session_is_edited_and_its_draft_note_written_again(self):
        note = make_session_note(self.session)
        assert self.edit().status_code == 302
        stored = TreatmentSession.objects.get(pk=self.session.pk)
        assert [(n.muscle, n.side) for n in stored.needlings.all()] == [("temporalis", "right")]
        note.refresh_from_db()
        assert note.status == NoteStatus.DRAFT and note.version == 2
        assert "right" in note.text.lower() and "left" not in note.text.lower()
        assert stored.history.first().history_change_reason == "Edited before the note was signed"

    def test_a_signed_session_needs_a_reason_to_be_amended(self):
        make_session_note(self.session, NoteStatus.SIGNED)
        response = self.edit()
        assert response.status_code == 200
        assert "say why the record is amended" in response.content.decode()
        assert TreatmentSession.objects.get(pk=self.session.pk).version == 1

    def test_an_amendment_keeps_the_signed_version_and_signs_an_addendum(self):
        note = make_session_note(self.session, NoteStatus.SIGNED)
        assert self.edit(reason="Right side, not left.").status_code == 302
        stored = TreatmentSession.objects.get(pk=self.session.pk)
        assert stored.version == 2
        sides = [n.side for n in stored.needlings.all()]
        assert sides == ["right"]
        [addendum] = ClinicalNote.objects.filter(amends=note)
        assert addendum.is_signed and "Right side, not left." in addendum.text
        versions = list(stored.history.order_by("history_date"))
        assert [v.version for v in versions] == [1, 2]
        assert versions[-1].history_change_reason == "Right side, not left."
        assert versions[-1].history_user == self.alice
        page = self.client.get(self.url("history/", self.session)).content.decode()
        assert "Right side, not left." in page and "(left)" in page and "(right)" in page
