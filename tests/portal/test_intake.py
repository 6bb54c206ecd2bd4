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


class ScreeningCarriedForwardTests(ClinicTestCase):
    """The patient's intake never erases the needling screen a clinician recorded."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right arm pain")
        Intake.objects.create(
            clinic=cls.clinic, episode=cls.episode, patient=cls.portal_patient,
            recorded_by=cls.alice, recorded_at=timezone.now() - timezone.timedelta(days=2),
            pain_now=6, pain_best=3, pain_worst=8, red_flags=["night_pain"],
            absolute_contraindications=["lymphoedema_limb"],
            relative_contraindications=["pregnancy"],
            site_contraindications=["recent_surgery:arm_r"],
        )  # fmt: skip

    def test_the_patient_reports_new_red_flags_and_a_site_and_keeps_the_clinicians(self):
        self.login(self.penny)
        self.client.post(
            "/my/intake/",
            answers(red_flags=["headache_new"], site_contraindications=["lymphoedema:arm_l"]),
            follow=True,
        )
        newest = self.episode.intakes.order_by("-recorded_at", "-pk").first()
        assert newest.by_patient and "headache_new" in newest.red_flags
        assert newest.site_contraindications == ["recent_surgery:arm_r", "lymphoedema:arm_l"]

    def test_the_portal_asks_the_new_questions(self):
        self.login(self.penny)
        response = self.client.get("/my/intake/")
        self.assertContains(response, "A new headache unlike any before")
        self.assertContains(response, "Latex allergy")
        self.assertContains(response, "Is any part of your body affected by one of these?")

    def test_an_absolute_contraindication_still_blocks_needling_after_the_portal_intake(self):
        from taut.plans.inputs import plan_inputs
        from taut.treatment.rules import OnFile, needling_blockers

        self.login(self.penny)
        self.client.post("/my/intake/", answers(), follow=True)
        newest = self.episode.intakes.order_by("-recorded_at", "-pk").first()
        assert newest.by_patient
        label = "Needling into a limb with lymphoedema (limb not named)"
        assert label in needling_blockers(OnFile.of(self.episode))
        assert label in plan_inputs(self.episode).absolute_contraindications

    def test_unticking_a_red_flag_or_relative_contraindication_keeps_it_and_adds_new_ones(self):
        self.login(self.penny)
        self.client.post("/my/intake/", answers(red_flags=["fever"]), follow=True)
        newest = self.episode.intakes.order_by("-recorded_at", "-pk").first()
        assert newest.by_patient
        assert newest.red_flags == ["night_pain", "fever"]
        assert newest.relative_contraindications == ["pregnancy", "anticoagulants"]
        assert newest.absolute_contraindications == ["lymphoedema_limb"]


class SeveralClinicsIntakeTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.factories import make_patient

        cls.there = make_patient(cls.other_clinic, "Penny", "Again", portal_user=cls.penny)

    def test_with_records_at_two_clinics_the_patient_chooses_the_clinic(self):
        self.login(self.penny)
        body = self.client.get("/my/intake/").content.decode()
        assert "Which clinic is this for?" in body and self.other_clinic.name in body
        opening = {"episode-title": "Sore knee", "episode-body_area": "shoulder_arm"}
        body = self.client.post("/my/intake/", {**answers(), **opening}).content.decode()
        assert "Choose the clinic this is for." in body and not Episode.objects.exists()
        chosen = {**answers(), **opening, "episode-record": str(self.there.pk)}
        self.client.post("/my/intake/", chosen, follow=True)
        episode = Episode.objects.get()
        assert (episode.patient, episode.clinic) == (self.there, self.other_clinic)
        assert Intake.objects.get().clinic == self.other_clinic

    def test_a_record_that_is_not_theirs_is_refused(self):
        from tests.factories import make_patient

        stranger = make_patient(self.clinic, "Sam", "Else")
        self.login(self.penny)
        opening = {"episode-title": "Sore knee", "episode-body_area": "shoulder_arm",
                   "episode-record": str(stranger.pk)}  # fmt: skip
        self.client.post("/my/intake/", {**answers(), **opening})
        assert not Episode.objects.exists()
