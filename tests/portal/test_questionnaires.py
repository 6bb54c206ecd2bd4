"""Questionnaires a patient fills in on the portal: scored, marked as theirs, or refused."""

from taut.measures.models import QuestionnaireResponse
from tests.base import ClinicTestCase
from tests.measures.factories import NDI_START, make_episode
from tests.measures.wordings import load_wording


def ndi(answers):
    return {f"item_{n}": str(v) for n, v in enumerate(answers, 1)}


class PatientQuestionnaireTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")
        cls.wording = load_wording(cls.clinic, "ndi", cls.carol)

    def url(self, instrument="ndi", episode=None):
        return f"/my/questionnaires/{(episode or self.episode).pk}/{instrument}/"

    def test_the_patient_fills_in_the_ndi(self):
        self.login(self.penny)
        response = self.client.post(self.url(), ndi(NDI_START), follow=True)
        assert "your NDI answers are saved" in response.content.decode()
        saved = QuestionnaireResponse.objects.get()
        assert saved.score == 44 and saved.by_patient and saved.entered_by == self.penny
        assert saved.patient == self.portal_patient and saved.episode == self.episode
        assert saved.source == "portal" and saved.wording == self.wording

    def test_the_patient_reads_the_full_wording(self):
        self.login(self.penny)
        body = self.client.get(self.url()).content.decode()
        assert "Stand-in question 10" in body and "Stand-in answer 10.5" in body
        assert "Stand-in instructions." in body

    def test_an_incomplete_questionnaire_is_refused_and_nothing_is_written(self):
        self.login(self.penny)
        answers = ndi(NDI_START)
        del answers["item_4"]
        body = self.client.post(self.url(), answers).content.decode()
        assert "Nothing was saved yet" in body and "Item 4" in body
        assert not QuestionnaireResponse.objects.exists()

    def test_the_form_has_no_date_or_by_whom_to_fill_in(self):
        self.login(self.penny)
        body = self.client.get(self.url()).content.decode()
        assert "answered_at" not in body and "by_patient" not in body
        assert "Send my answers" in body

    def test_a_questionnaire_not_suggested_for_the_episode_is_not_found(self):
        self.login(self.penny)
        assert self.client.get(self.url("odi")).status_code == 404
        assert self.client.get(self.url("acr2016")).status_code == 404

    def test_a_discharged_episode_takes_no_more_answers(self):
        self.episode.discharged_on = self.episode.opened_on
        self.episode.save()
        self.login(self.penny)
        assert self.client.post(self.url(), ndi(NDI_START)).status_code == 404
        assert not QuestionnaireResponse.objects.exists()

    def test_the_psfs_form_works_for_patients(self):
        self.login(self.penny)
        data = {"activity_1": "Reversing the car", "rating_1": "4"}
        self.client.post(self.url("psfs"), data)
        assert QuestionnaireResponse.objects.get().answers["activities"] == ["Reversing the car"]


class LicensedWordingMissingTests(ClinicTestCase):
    """A licensed instrument without the clinic's wording is never sent to a patient."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")

    def test_a_licensed_instrument_without_its_wording_cannot_be_sent(self):
        self.login(self.penny)
        home = self.client.get("/my/").content.decode()
        assert f"/my/questionnaires/{self.episode.pk}/ndi/" not in home
        assert f"/my/questionnaires/{self.episode.pk}/nprs/" in home  # shipped wording
        url = f"/my/questionnaires/{self.episode.pk}/ndi/"
        assert self.client.get(url).status_code == 404
        assert self.client.post(url, ndi(NDI_START)).status_code == 404
        assert not QuestionnaireResponse.objects.exists()

    def test_no_path_records_an_on_screen_answer_without_the_wording(self):
        from taut.measures.models import NoWording

        for source in ("portal", "screen"):
            with self.assertRaises(NoWording):
                QuestionnaireResponse.objects.record(
                    self.episode, "ndi", NDI_START, entered_by=self.penny, source=source
                )
        assert not QuestionnaireResponse.objects.exists()

    def test_loading_the_wording_makes_it_sendable(self):
        load_wording(self.clinic, "ndi", self.carol)
        self.login(self.penny)
        home = self.client.get("/my/").content.decode()
        assert f"/my/questionnaires/{self.episode.pk}/ndi/" in home

    def test_another_clinics_wording_does_not_count(self):
        load_wording(self.other_clinic, "ndi", self.charlie)
        self.login(self.penny)
        assert self.client.get(f"/my/questionnaires/{self.episode.pk}/ndi/").status_code == 404
