"""Who reaches an intake: clinicians of the clinic; front desk and admins who do not treat are
refused, outsiders and patients find nothing."""

from taut.audit.models import AuditEntry
from taut.intake.models import Intake
from tests.episodes.factories import make_episode, make_intake
from tests.factories import make_patient
from tests.intake.base import IntakeTestCase

VALID = {"drawing": "[]", "pain_now": "3", "pain_best": "1", "pain_worst": "6", "onset": "gradual"}


class AccessTests(IntakeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.intake = make_intake(cls.episode, cls.alice)

    def assert_nothing_written(self):
        assert list(Intake.objects.all()) == [self.intake]

    def test_outsider_gets_404_on_every_url(self):
        self.login(self.charlie)
        assert self.client.get(self.url("new/")).status_code == 404
        assert self.client.get(self.url(f"{self.intake.pk}/")).status_code == 404
        assert self.client.post(self.url("new/"), VALID).status_code == 404
        self.assert_nothing_written()

    def test_front_desk_gets_403_on_every_url(self):
        self.login(self.bob)
        assert self.client.get(self.url("new/")).status_code == 403
        assert self.client.get(self.url(f"{self.intake.pk}/")).status_code == 403
        assert self.client.post(self.url("new/"), VALID).status_code == 403
        self.assert_nothing_written()

    def test_a_clinic_admin_who_does_not_treat_gets_403(self):
        self.login(self.carol)
        assert self.client.get(self.url(f"{self.intake.pk}/")).status_code == 403
        assert self.client.post(self.url("new/"), VALID).status_code == 403
        self.assert_nothing_written()

    def test_a_patient_login_finds_nothing(self):
        self.login(self.penny)
        assert self.client.get(self.url("new/")).status_code == 404
        assert self.client.get(self.url(f"{self.intake.pk}/")).status_code == 404
        assert self.client.post(self.url("new/"), VALID).status_code == 404
        self.assert_nothing_written()

    def test_an_intake_is_not_reachable_through_another_episodes_url(self):
        other = make_episode(self.patient, self.alice, "Low back pain")
        self.login(self.alice)
        assert self.client.get(self.url(f"{self.intake.pk}/", episode=other)).status_code == 404

    def test_an_episode_is_not_reachable_through_another_patients_url(self):
        other = make_patient(self.clinic, "Alan", "Turing")
        self.login(self.alice)
        base = f"/patients/{other.uuid}/episodes/{self.episode.pk}/intake/"
        assert self.client.get(f"{base}{self.intake.pk}/").status_code == 404
        assert self.client.post(f"{base}new/", VALID).status_code == 404
        self.assert_nothing_written()

    def test_an_archived_patients_intake_can_be_read_but_no_new_one_recorded(self):
        self.patient.archive(by=self.carol)
        self.login(self.alice)
        assert self.client.get(self.url(f"{self.intake.pk}/")).status_code == 200
        assert self.client.post(self.url("new/"), VALID).status_code == 404
        self.assert_nothing_written()

    def test_reading_an_intake_is_audited(self):
        self.login(self.alice)
        self.client.get(self.url(f"{self.intake.pk}/"))
        viewed = AuditEntry.objects.filter(action="view", object_type="intake.intake")
        assert viewed.filter(object_id=str(self.intake.pk), patient_id=self.patient.pk).exists()
