"""Who reaches an assessment: clinicians of the clinic; front desk and admins are refused,
outsiders and patients find nothing, and every write is audited."""

from taut.audit.models import AuditEntry
from taut.exams.models import Assessment, Diagnosis, PalpationFinding, RangeOfMotion
from tests.exams.base import AssessmentTestCase
from tests.exams.factories import make_assessment, make_episode
from tests.factories import make_patient

FINDING = {"trigger_point": "upper_trapezius_tp1", "side": "right", "taut_band": "on"}
ROM = {"rom-movement": "neck_rotation", "rom-side": "left", "rom-degrees": "50"}


class AccessTests(AssessmentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.finding = PalpationFinding.objects.create(
            assessment=cls.assessment, trigger_point="levator_scapulae_tp1", side="right"
        )
        cls.rom = RangeOfMotion.objects.create(
            assessment=cls.assessment, movement="neck_flexion", side="midline", degrees=40
        )

    def get_urls(self):
        return [self.url("new/"), self.url(), self.url("history/")]

    def post_urls(self):
        return [
            (self.url("new/"), {}),
            (self.url("findings/"), FINDING),
            (self.url(f"findings/{self.finding.pk}/remove/"), {}),
            (self.url("rom/"), ROM),
            (self.url(f"rom/{self.rom.pk}/remove/"), {}),
            (self.url("diagnoses/"), {"codes": ["M79.12"]}),
            (self.url("note/"), {"findings_note": "Forward head posture."}),
        ]

    def assert_nothing_written(self):
        assert Assessment.objects.count() == 1
        assert list(PalpationFinding.objects.all()) == [self.finding]
        assert list(RangeOfMotion.objects.all()) == [self.rom]
        assert not Diagnosis.objects.exists()
        self.assessment.refresh_from_db()
        assert self.assessment.findings_note == "" and self.assessment.differential == {}

    def test_outsider_gets_404_on_every_url(self):
        self.login(self.charlie)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 404, url
        for url, data in self.post_urls():
            assert self.post(url, data).status_code == 404, url
        self.assert_nothing_written()

    def test_front_desk_gets_403_on_every_url(self):
        self.login(self.bob)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 403, url
        for url, data in self.post_urls():
            assert self.post(url, data).status_code == 403, url
        self.assert_nothing_written()

    def test_a_clinic_admin_who_does_not_treat_gets_403(self):
        self.login(self.carol)
        assert self.client.get(self.url()).status_code == 403
        assert self.post(self.url("findings/"), FINDING).status_code == 403
        self.assert_nothing_written()

    def test_a_patient_login_finds_nothing(self):
        self.login(self.penny)
        assert self.client.get(self.url()).status_code == 404
        assert self.post(self.url("rom/"), ROM).status_code == 404
        self.assert_nothing_written()

    def test_an_assessment_is_not_reachable_through_another_episodes_url(self):
        other_episode = make_episode(self.patient, self.alice, "Low back pain")
        self.login(self.alice)
        url = (
            f"/patients/{self.patient.uuid}/episodes/{other_episode.pk}/assessments/"
            f"{self.assessment.pk}/"
        )
        assert self.client.get(url).status_code == 404
        assert self.post(url + "findings/", FINDING).status_code == 404
        self.assert_nothing_written()

    def test_an_episode_is_not_reachable_through_another_patients_url(self):
        other = make_patient(self.clinic, "Alan", "Turing")
        self.login(self.alice)
        base = f"/patients/{other.uuid}/episodes/{self.episode.pk}/assessments/"
        assert self.client.get(f"{base}{self.assessment.pk}/").status_code == 404
        assert self.client.post(f"{base}new/").status_code == 404
        self.assert_nothing_written()

    def test_a_finding_or_measurement_of_another_assessment_is_not_removed(self):
        other = make_assessment(self.episode, self.alice)
        self.login(self.alice)
        self.post(self.url(f"findings/{self.finding.pk}/remove/", other))
        self.post(self.url(f"rom/{self.rom.pk}/remove/", other))
        assert PalpationFinding.objects.filter(pk=self.finding.pk).exists()
        assert RangeOfMotion.objects.filter(pk=self.rom.pk).exists()

    def test_an_archived_patients_assessment_can_be_read_but_not_changed(self):
        self.patient.archive(by=self.carol)
        self.login(self.alice)
        assert self.client.get(self.url()).status_code == 200
        assert self.post(self.url("findings/"), FINDING).status_code == 404
        assert self.post(self.url("new/")).status_code == 404
        self.assert_nothing_written()

    def test_every_write_is_audited_against_the_patient(self):
        self.login(self.alice)
        for url, data in self.post_urls():
            before = AuditEntry.objects.filter(action__in=["create", "change"]).count()
            assert self.post(url, data).status_code == 302, url
            writes = AuditEntry.objects.filter(action__in=["create", "change"])
            assert writes.count() == before + 1, url
            entry = writes.order_by("-id").first()
            assert entry.object_type == "exams.assessment" and entry.patient_id == self.patient.pk

    def test_reading_the_page_is_audited(self):
        self.login(self.alice)
        self.client.get(self.url())
        viewed = AuditEntry.objects.filter(action="view", object_type="exams.assessment")
        assert viewed.filter(object_id=str(self.assessment.pk), user_id=self.alice.pk).exists()
