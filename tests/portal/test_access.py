"""Who reaches what: a patient only their own records, staff only their clinic's, outsiders
nothing; every portal read and write lands in the audit trail."""

from taut.audit.models import AuditEntry
from tests.base import ClinicTestCase
from tests.factories import make_patient, make_user
from tests.measures.factories import make_episode
from tests.portal.factories import NECK_PROGRAM, make_plan


class ProgramAccessTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")
        make_plan(cls.episode, cls.alice, NECK_PROGRAM[:2])
        # Quinn is another patient of the same clinic with her own portal login.
        cls.quinn = make_user("quinn")
        cls.quinn_record = make_patient(cls.clinic, "Quinn", "Rivers", portal_user=cls.quinn)
        cls.quinn_episode = make_episode(cls.quinn_record, cls.alice, title="Low back pain",
                                         body_area="low_back")  # fmt: skip
        make_plan(cls.quinn_episode, cls.alice, NECK_PROGRAM[2:4])

    def staff_urls(self):
        base = f"/patients/{self.portal_patient.uuid}/episodes/{self.episode.pk}/program/"
        return [base, f"{base}program.pdf"]

    def portal_urls(self, episode):
        return [
            f"/my/program/{episode.pk}/", f"/my/program/{episode.pk}.pdf",
            f"/my/questionnaires/{episode.pk}/nprs/", f"/my/intake/?episode={episode.pk}",
        ]  # fmt: skip

    def test_outsider_gets_404_on_the_staff_program(self):
        self.login(self.charlie)
        for url in self.staff_urls():
            assert self.client.get(url).status_code == 404, url

    def test_front_desk_may_not_read_the_program(self):
        self.login(self.bob)
        for url in self.staff_urls():
            assert self.client.get(url).status_code == 403, url

    def test_a_patient_gets_404_on_staff_pages_even_for_their_own_program(self):
        self.login(self.penny)
        for url in self.staff_urls():
            assert self.client.get(url).status_code == 404, url
        progress = f"/patients/{self.portal_patient.uuid}/progress/"
        assert self.client.get(progress).status_code == 404

    def test_a_patient_cannot_reach_another_patients_records_by_url(self):
        self.login(self.penny)
        for url in self.portal_urls(self.quinn_episode):
            assert self.client.get(url).status_code == 404, url
        body = self.client.get("/my/").content.decode()
        assert "Quinn" not in body and "Low back pain" not in body

    def test_each_patient_reaches_their_own(self):
        self.login(self.quinn)
        for url in self.portal_urls(self.quinn_episode):
            assert self.client.get(url).status_code == 200, url

    def test_staff_without_a_patient_record_have_no_portal(self):
        self.login(self.alice)
        for url in ("/my/", "/my/diary/", "/my/intake/", *self.portal_urls(self.episode)):
            assert self.client.get(url).status_code == 404, url

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for url in ("/my/", "/my/diary/", *self.portal_urls(self.episode)):
            response = self.client.get(url)
            assert response.status_code == 302 and "/login/" in response["Location"], url

    def test_portal_reads_and_writes_are_audited(self):
        self.login(self.penny)
        self.client.get(f"/my/program/{self.episode.pk}/")
        self.client.post("/my/diary/", {"recorded_on": "", "pain": "3"})  # refused: no date
        self.client.post("/my/diary/", {"recorded_on": f"{self.episode.opened_on:%Y-%m-%d}",
                                        "pain": "3"})  # fmt: skip
        actions = list(
            AuditEntry.objects.filter(username="penny").values_list("action", "object_type")
        )
        assert ("view", "episodes.episode") in actions
        assert ("create", "portal.paindiaryentry") in actions
        records = AuditEntry.objects.filter(username="penny").exclude(action="login")
        assert {e.patient_id for e in records} == {self.portal_patient.pk}
