"""Who reaches a session: its clinic's clinicians; the front desk and a clinic admin who does
not treat are refused (403); anyone of another clinic, or a patient, finds nothing (404)."""

from taut.notes.models import ClinicalNote
from taut.treatment.models import TreatmentSession
from tests.episodes.factories import make_episode
from tests.factories import make_patient
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session, make_session_note, needling_row, session_data


class AccessTestCase(SessionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = make_session(cls.episode, cls.alice, needled=["temporalis"])
        cls.session_note = make_session_note(cls.session)

    def get_urls(self) -> list[str]:
        return [self.url("new/"), self.url(session=self.session),
                self.url("edit/", self.session), self.url("history/", self.session)]  # fmt: skip

    def post_urls(self) -> list[str]:
        return [self.url("new/")] + [
            self.url(action, self.session)
            for action in ("note/", "note/sign/", "note/addendum/", "edit/")
        ]

    def data(self) -> dict:
        return {**session_data(needling=[needling_row()]), "text": "Changed.", "version": "1"}

    def assert_unchanged(self):
        assert TreatmentSession.objects.count() == 1
        stored = TreatmentSession.objects.get(pk=self.session.pk)
        assert stored.version == 1 and [n.muscle for n in stored.needlings.all()] == ["temporalis"]
        note = ClinicalNote.objects.get(pk=self.session_note.pk)
        assert note.version == 1 and not note.is_signed
        assert not ClinicalNote.objects.filter(amends=note).exists()

    def assert_all(self, user, status: int):
        self.login(user)
        for url in self.get_urls():
            assert self.client.get(url).status_code == status, url
        for url in self.post_urls():
            assert self.client.post(url, self.data()).status_code == status, url
        self.assert_unchanged()


class AccessTests(AccessTestCase):
    def test_a_clinician_opens_the_form_and_the_session(self):
        self.login(self.alice)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 200, url

    def test_the_front_desk_cannot_open_the_session_or_its_note(self):
        self.assert_all(self.bob, 403)

    def test_the_front_desk_cannot_open_the_note_through_the_notes_pages_either(self):
        self.login(self.bob)
        url = f"/patients/{self.patient.uuid}/notes/{self.session_note.pk}/"
        assert self.client.get(url).status_code == 403

    def test_a_clinic_admin_who_does_not_treat_is_refused(self):
        self.assert_all(self.carol, 403)

    def test_an_outsider_gets_404_for_every_url(self):
        self.assert_all(self.charlie, 404)

    def test_a_patient_gets_404(self):
        self.assert_all(self.penny, 404)

    def test_a_session_is_not_reachable_through_another_episode(self):
        other = make_episode(self.patient, self.alice, title="Low back pain")
        self.login(self.alice)
        url = f"/patients/{self.patient.uuid}/episodes/{other.pk}/sessions/{self.session.pk}/"
        assert self.client.get(url).status_code == 404
        assert self.client.post(url + "note/", self.data()).status_code == 404
        self.assert_unchanged()

    def test_an_episode_is_not_reachable_through_another_patient(self):
        stranger = make_patient(self.clinic, "Alan", "Turing")
        self.login(self.alice)
        base = f"/patients/{stranger.uuid}/episodes/{self.episode.pk}/sessions/"
        assert self.client.get(base + "new/").status_code == 404
        assert self.client.get(f"{base}{self.session.pk}/").status_code == 404

    def test_viewing_a_session_is_audited(self):
        from taut.audit.models import AuditEntry

        self.login(self.alice)
        self.client.get(self.url(session=self.session))
        entry = AuditEntry.objects.filter(object_type="treatment.treatmentsession").get()
        assert (entry.action, entry.object_id, entry.patient_id) == (
            "view", str(self.session.pk), self.patient.pk,
        )  # fmt: skip
