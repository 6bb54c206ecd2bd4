"""Who reaches questionnaires and progress: the clinic's clinicians. Front desk is refused
(questionnaires are clinical), outsiders and patients find nothing, and nothing is written."""

from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.measures.models import QuestionnaireResponse
from tests.base import ClinicTestCase
from tests.factories import make_patient
from tests.measures.factories import NDI_START, make_episode, make_response

NPRS = {"answered_at": "2026-03-02T09:15", "item_1": "6"}


class AccessTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice)
        cls.response = make_response(cls.episode, cls.alice, "ndi", NDI_START)

    def base(self, patient=None, episode=None) -> str:
        patient, episode = patient or self.patient, episode or self.episode
        return f"/patients/{patient.uuid}/episodes/{episode.pk}/measures/"

    def get_urls(self):
        base = self.base()
        return [
            base, f"{base}new/nprs/", f"{base}{self.response.pk}/",
            f"/patients/{self.patient.uuid}/progress/",
            f"/patients/{self.patient.uuid}/progress/?episode={self.episode.pk}",
        ]  # fmt: skip

    def assert_nothing_written(self):
        assert list(QuestionnaireResponse.objects.all()) == [self.response]

    def test_outsider_gets_404_everywhere(self):
        self.login(self.charlie)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 404, url
        assert self.client.post(f"{self.base()}new/nprs/", NPRS).status_code == 404
        self.assert_nothing_written()

    def test_front_desk_gets_403_because_questionnaires_are_clinical(self):
        self.login(self.bob)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 403, url
        assert self.client.post(f"{self.base()}new/nprs/", NPRS).status_code == 403
        self.assert_nothing_written()

    def test_a_clinic_admin_who_does_not_treat_is_refused_too(self):
        self.login(self.carol)
        assert self.client.get(self.base()).status_code == 403

    def test_a_patient_login_finds_no_staff_page(self):
        self.login(self.penny)
        own = make_episode(self.portal_patient, self.alice)
        urls = [*self.get_urls(), self.base(self.portal_patient, own),
                f"/patients/{self.portal_patient.uuid}/progress/"]  # fmt: skip
        for url in urls:
            assert self.client.get(url).status_code == 404, url
        assert self.client.post(f"{self.base()}new/nprs/", NPRS).status_code == 404
        self.assert_nothing_written()

    def test_a_response_is_not_reachable_through_another_episode(self):
        other = make_episode(self.patient, self.alice, title="Low back pain")
        self.login(self.alice)
        url = f"{self.base(episode=other)}{self.response.pk}/"
        assert self.client.get(url).status_code == 404

    def test_an_episode_is_not_reachable_through_another_patients_url(self):
        other = make_patient(self.clinic, "Alan", "Turing")
        self.login(self.alice)
        assert self.client.get(self.base(patient=other)).status_code == 404
        assert self.client.post(f"{self.base(patient=other)}new/nprs/", NPRS).status_code == 404
        progress = f"/patients/{other.uuid}/progress/?episode={self.episode.pk}"
        assert self.client.get(progress).status_code == 404
        self.assert_nothing_written()

    def test_a_malformed_episode_choice_is_404(self):
        self.login(self.alice)
        url = f"/patients/{self.patient.uuid}/progress/?episode=abc"
        assert self.client.get(url).status_code == 404

    def test_the_clinician_reads_and_the_reading_is_audited(self):
        self.login(self.alice)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 200, url
        assert AuditEntry.objects.filter(
            action=Action.VIEW, object_type="measures.questionnaireresponse",
            object_id=str(self.response.pk),
        ).exists()  # fmt: skip
        assert AuditEntry.objects.filter(
            action=Action.VIEW, object_type="episodes.episode", detail={"page": "progress"}
        ).exists()
