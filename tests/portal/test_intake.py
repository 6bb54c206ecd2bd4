"""The intake a patient fills in before a visit, with the body map."""

import json

from django.utils import timezone

from taut.episodes.models import Episode
from taut.intake.models import Intake
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode

DRAWING = [{"id": "posterolateral_neck_r", "intensity": 7}]


def answers(**overrides):
    data = {
        "drawing": json.dumps(DRAWING), "pain_now": "6", "pain_best": "3", "pain_worst": "8",
        "onset": "gradual", "goals": "Work a full day at the computer",
        "red_flags": [], "relative_contraindications": ["anticoagulants"],
    }  # fmt: skip
    data.update(overrides)
    return data


class PatientIntakeTests(ClinicTestCase):
    def post(self, data, query=""):
        self.login(self.penny)
        return self.client.post(f"/my/intake/{query}", data, follow=True)

    def test_it_is_saved_on_the_open_episode_as_filled_in_by_the_patient(self):
        episode = make_episode(self.portal_patient, self.alice, title="Right neck pain")
        response = self.post(answers())
        assert "your intake is saved" in response.content.decode()
        intake = Intake.objects.get()
        assert intake.episode == episode and intake.by_patient
        assert intake.recorded_by == self.penny and intake.clinic == self.clinic
        assert intake.drawing == DRAWING and intake.relative_contraindications == ["anticoagulants"]

    def test_the_form_has_the_body_map_and_no_absolute_contraindications(self):
        make_episode(self.portal_patient, self.alice)
        self.login(self.penny)
        body = self.client.get("/my/intake/").content.decode()
        assert "bodymap-figure" in body and 'name="drawing"' in body
        assert "absolute_contraindications" not in body

    def test_without_an_open_episode_it_opens_one_named_by_the_complaint(self):
        self.post({**answers(), "episode-title": "Sore right shoulder",
                   "episode-body_area": "shoulder_arm"})  # fmt: skip
        episode = Episode.objects.get()
        assert (episode.title, episode.body_area) == ("Sore right shoulder", "shoulder_arm")
        assert episode.patient == self.portal_patient and episode.created_by == self.penny
        assert Intake.objects.get().episode == episode

    def test_a_missing_complaint_is_refused_and_nothing_is_written(self):
        body = self.post(answers()).content.decode()
        assert "Tell us in a few words what the problem is." in body
        assert not Episode.objects.exists() and not Intake.objects.exists()

    def test_bad_answers_are_refused_and_nothing_is_written(self):
        make_episode(self.portal_patient, self.alice)
        future = f"{timezone.localdate().replace(year=timezone.localdate().year + 1):%Y-%m-%d}"
        body = self.post(answers(pain_now="11", onset_date=future)).content.decode()
        assert "nothing was saved yet" in body
        assert "The onset date cannot be in the future." in body
        assert not Intake.objects.exists()

    def test_with_two_open_episodes_the_patient_chooses(self):
        first = make_episode(self.portal_patient, self.alice, title="Neck")
        make_episode(self.portal_patient, self.alice, title="Low back", body_area="low_back")
        self.login(self.penny)
        body = self.client.get("/my/intake/").content.decode()
        assert "Which problem is this intake for?" in body
        self.post(answers(), query=f"?episode={first.pk}")
        assert Intake.objects.get().episode == first

    def test_another_patients_episode_is_not_found(self):
        other = make_episode(self.patient, self.alice)
        assert self.post(answers(), query=f"?episode={other.pk}").status_code == 404
        assert not Intake.objects.exists()
