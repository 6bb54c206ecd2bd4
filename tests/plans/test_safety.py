"""Accepting a plan safely: cautions shown, needling refused under an absolute
contraindication, the dose kept, patient-facing notes named as such, no blank exercise."""

from datetime import timedelta

from django.utils import timezone

from taut.intake.models import Intake
from taut.plans.models import PlanExercise, TreatmentPlan
from tests.base import ClinicTestCase
from tests.plans.factories import make_assessed_episode
from tests.plans.test_plan_pages import accept_data

LYMPHOEDEMA = "Needling into a limb with lymphoedema"


class PlanSafetyTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_assessed_episode(
            cls.patient, cls.alice, pain=6, weeks=20,
            active=("upper_trapezius_tp1", "levator_scapulae_tp1"), relative=("pregnancy",),
        )  # fmt: skip
        base = f"/patients/{cls.patient.uuid}/episodes/{cls.episode.pk}/plan/"
        cls.plan_url, cls.edit_url = base, base + "edit/"

    def later_intake(self, **fields):
        first = self.episode.intakes.get()
        return Intake.objects.create(
            clinic=self.clinic, episode=self.episode, patient=self.patient,
            recorded_by=self.alice, recorded_at=timezone.now() + timedelta(minutes=1),
            drawing=first.drawing, pain_now=6, pain_best=4, pain_worst=7,
            onset_date=first.onset_date, **fields,
        )  # fmt: skip

    def test_the_edit_page_shows_the_proposals_cautions_at_the_top(self):
        self.login(self.alice)
        page = self.client.get(self.edit_url).content.decode()
        assert "Cautions before you accept" in page
        assert page.index("Needle with caution") < page.index("Needling targets</h2>")
        assert "Pregnancy" in page

    def test_after_a_newer_intake_records_an_absolute_contraindication_targets_start_unticked(
        self,
    ):
        self.login(self.alice)
        self.client.post(self.edit_url, accept_data(self.episode))
        assert TreatmentPlan.objects.get().needling_targets
        self.later_intake(absolute_contraindications=["lymphoedema_limb"])
        response = self.client.get(self.edit_url)
        page = response.content.decode()
        assert LYMPHOEDEMA in page and "start unticked" in page
        assert not any(row["form"]["keep"].value() for row in response.context["targets"])
        data = accept_data(self.episode)
        assert not any(k.startswith("t-") and k.endswith("-keep") for k in data)
        assert self.client.post(self.edit_url, data).status_code == 302
        assert TreatmentPlan.objects.get(version=2).needling_targets == []

    def test_accepting_needling_targets_under_an_absolute_contraindication_is_refused(self):
        self.login(self.alice)
        stale = accept_data(self.episode)  # the form as opened before the new intake
        self.later_intake(absolute_contraindications=["lymphoedema_limb"])
        response = self.client.post(self.edit_url, stale)
        assert response.status_code == 400
        page = response.content.decode()
        assert "absolute contraindication" in page and "Untick every needling target" in page
        assert not TreatmentPlan.objects.exists() and not PlanExercise.objects.exists()

    def test_the_needles_per_visit_is_kept_from_the_proposal_or_the_form_and_shown(self):
        self.login(self.alice)
        self.client.post(self.edit_url, accept_data(self.episode))
        v1 = TreatmentPlan.objects.get()
        assert v1.needles_per_visit == v1.proposal["targets_per_visit"]["value"] > 0
        self.client.post(self.edit_url, accept_data(self.episode, needles_per_visit=2))
        assert TreatmentPlan.objects.get(version=2).needles_per_visit == 2
        assert "at most 2 trigger points" in self.client.get(self.plan_url).content.decode()
        response = self.client.post(self.edit_url, accept_data(self.episode, needles_per_visit=99))
        assert response.status_code == 400 and TreatmentPlan.objects.count() == 2

    def test_the_notes_are_labelled_as_shown_to_the_patient(self):
        self.login(self.alice)
        page = self.client.get(self.edit_url).content.decode()
        assert "Notes for the patient" in page
        assert "Printed on the patient&#x27;s home program and shown in their portal." in page
        self.client.post(self.edit_url, accept_data(self.episode, notes="Walk daily"))
        page = self.client.get(self.plan_url).content.decode()
        assert "Notes for the patient" in page and "Walk daily" in page

    def test_ticking_prescribe_on_the_empty_own_exercise_row_is_refused(self):
        self.login(self.alice)
        data = accept_data(self.episode)
        n = int(data["x-TOTAL_FORMS"]) - 1
        data[f"x-{n}-keep"] = "on"
        response = self.client.post(self.edit_url, data)
        assert response.status_code == 400
        assert "Needed for your own exercise." in response.content.decode()
        assert not TreatmentPlan.objects.exists() and not PlanExercise.objects.exists()
