"""Correcting a session: edited while its note is a draft, amended with a reason once signed."""

from taut.audit.models import AuditEntry
from taut.notes.models import ClinicalNote, NoteStatus
from taut.treatment.models import TreatmentSession
from tests.episodes.factories import make_intake
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
        assert "This record is signed: say why it is amended." in response.content.decode()
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


class CorrectionSafetyTests(SessionTestCase):
    """An edit or amendment runs the safety check a new session runs (taut.treatment.rules
    .check_needling) on the needling it adds; needling already recorded is not asked again."""

    def setUp(self):
        self.session = make_session(self.episode, self.alice, needled=[("biceps_brachii", "right")])
        make_session_note(self.session, NoteStatus.SIGNED)
        self.login(self.alice)

    def amend(self, *rows, **fields):
        data = session_data(needling=list(rows), version="1", reason="Wrong side", **fields)
        return self.client.post(self.url("edit/", self.session), data)

    def stored(self):
        session = TreatmentSession.objects.get(pk=self.session.pk)
        return session.version, [(n.muscle, n.side) for n in session.needlings.all()]

    def test_amending_to_a_limb_with_lymphoedema_is_refused_asap_2013(self):
        make_intake(self.episode, self.alice, site_contraindications=["lymphoedema:arm_l"])
        response = self.amend(needling_row("biceps_brachii", "left"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Needling refused at a closed site; nothing was saved" in body
        assert "Biceps brachii (left): lymphoedema, left shoulder, arm and hand" in body
        assert self.stored() == (1, [("biceps_brachii", "right")])

    def test_amending_to_a_site_with_local_infection_is_refused(self):
        make_intake(self.episode, self.alice, site_contraindications=["local_infection:leg_r"])
        response = self.amend(needling_row("tibialis_anterior", "right"))
        assert "Tibialis anterior (right)" in response.content.decode()
        assert self.stored() == (1, [("biceps_brachii", "right")])

    def test_pregnancy_refuses_an_amendment_into_the_low_back(self):
        make_intake(self.episode, self.alice, relative_contraindications=["pregnancy"])
        response = self.amend(needling_row("quadratus_lumborum_deep", "left"),
                              **self.confirmed(["Pregnancy"]))  # fmt: skip
        assert "pregnancy, left low back" in response.content.decode()
        assert self.stored() == (1, [("biceps_brachii", "right")])

    def test_a_muscle_added_over_the_lung_needs_the_same_recorded_decision(self):
        warning = "Pneumothorax risk: Upper trapezius"
        rows = (needling_row("biceps_brachii", "right"), needling_row("upper_trapezius", "left"))
        response = self.amend(*rows)
        assert response.status_code == 200 and response.context["confirm_missing"]
        assert warning in response.content.decode()
        assert self.stored()[0] == 1
        assert self.amend(*rows, **self.confirmed([warning])).status_code == 302
        assert self.stored()[0] == 2
        changes = AuditEntry.objects.filter(action="change")
        entry = changes.get(object_type="treatment.treatmentsession")
        assert entry.detail["warnings_considered"] == [warning]

    def test_no_muscle_can_be_added_once_consent_is_withdrawn(self):
        self.withdraw_consent()
        response = self.amend(needling_row("biceps_brachii", "right"),
                              needling_row("temporalis", "left"))  # fmt: skip
        assert response.context["refused"]
        assert self.stored()[0] == 1

    def test_needling_already_recorded_is_kept_when_the_rest_is_corrected(self):
        """A site closed, or consent withdrawn, after the visit does not stop correcting the
        pain score: the needling was checked when it was recorded, and it was done."""
        make_intake(self.episode, self.alice, site_contraindications=["lymphoedema:arm_r"])
        self.withdraw_consent()
        response = self.amend(needling_row("biceps_brachii", "right"), pain_before="8")
        assert response.status_code == 302
        assert self.stored() == (2, [("biceps_brachii", "right")])

    def test_an_unsigned_edit_is_checked_the_same_way(self):
        draft = make_session(self.episode, self.alice, needled=[("biceps_brachii", "right")])
        make_session_note(draft)
        make_intake(self.episode, self.alice, site_contraindications=["lymphoedema:arm_l"])
        data = session_data(needling=[needling_row("biceps_brachii", "left")], version="1")
        response = self.client.post(self.url("edit/", draft), data)
        assert response.context["site_refused"]
        assert TreatmentSession.objects.get(pk=draft.pk).version == 1
