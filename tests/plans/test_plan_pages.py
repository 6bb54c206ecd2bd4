"""The plan pages: proposal with reasons, edit and accept as versions, concurrency, access."""

from unittest import mock

from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.plans.editing import initial
from taut.plans.inputs import proposal_for, stored_proposal
from taut.plans.models import PlanExercise, TreatmentPlan
from tests.base import ClinicTestCase
from tests.exams.factories import make_episode
from tests.plans.factories import make_assessed_episode


def accept_data(episode, **changes) -> dict:
    """The edit form as a clinician submits it unchanged (ticked boxes as "on")."""
    start = initial(
        stored_proposal(*proposal_for(episode)), episode.plans.order_by("-version").first()
    )
    data = {k: v for k, v in start["main"].items() if k not in ("soft_tissue", "prevention")}
    data["soft_tissue"] = start["main"]["soft_tissue"]
    data["prevention"] = start["main"]["prevention"]
    for prefix, rows, extra in (("t", start["targets"], 0), ("g", start["goals"], 0),
                                ("x", start["exercises"], 1)):  # fmt: skip
        data[f"{prefix}-TOTAL_FORMS"] = len(rows) + extra
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for n, row in enumerate(rows):
            for key, value in row.items():
                if key == "keep":
                    if value:
                        data[f"{prefix}-{n}-keep"] = "on"
                elif value is not None:
                    data[f"{prefix}-{n}-{key}"] = value
    data.update(changes)
    return data


class PlanPageTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_assessed_episode(
            cls.patient, cls.alice, pain=8, weeks=20,
            active=("upper_trapezius_tp1", "levator_scapulae_tp1"), latent=("rhomboids_tp1",),
        )  # fmt: skip
        base = f"/patients/{cls.patient.uuid}/episodes/{cls.episode.pk}/plan/"
        cls.plan_url, cls.proposal_url, cls.edit_url = base, base + "proposal/", base + "edit/"

    def accept(self, **changes):
        return self.client.post(self.edit_url, accept_data(self.episode, **changes))

    def test_the_proposal_page_shows_each_part_and_why(self):
        self.login(self.alice)
        page = self.client.get(self.proposal_url).content.decode()
        assert "Pain 8/10" in page and "is severe" in page
        assert "20 weeks ago: chronic" in page
        assert "Upper trapezius" in page and "Farrar" in page

    def test_accepting_writes_version_1_with_exercises_and_is_audited(self):
        self.login(self.alice)
        response = self.accept()
        assert response.status_code == 302
        plan = TreatmentPlan.objects.get(episode=self.episode)
        assert plan.version == 1 and plan.visits == 12 and plan.accepted_by == self.alice
        assert [t["trigger_point"] for t in plan.needling_targets][0] == "upper_trapezius_tp1"
        assert plan.needling_targets[-1]["trigger_point"] == "rhomboids_tp1"
        assert plan.proposal["visits"]["why"] and plan.proposal["inputs"]["pain"] == 8
        assert plan.exercises.filter(muscle="upper_trapezius").exists()
        assert AuditEntry.objects.filter(
            object_type="plans.treatmentplan", action="create"
        ).exists()

    def test_changing_an_accepted_plan_writes_a_new_version_and_keeps_the_old(self):
        self.login(self.alice)
        self.accept()
        self.accept(visits=8, notes="Fewer visits: travel", **{"t-0-order": 3, "t-2-order": 1})
        v1, v2 = TreatmentPlan.objects.filter(episode=self.episode).order_by("version")
        assert (v1.visits, v2.visits, v2.version) == (12, 8, 2)
        assert v2.needling_targets[0]["trigger_point"] == "rhomboids_tp1"
        assert v1.needling_targets[0]["trigger_point"] == "upper_trapezius_tp1"
        page = self.client.get(self.plan_url).content.decode()
        assert "Version 2" in page and "Version 1" in page
        assert self.client.get(self.plan_url + "v/1/").status_code == 200

    def test_removing_a_target_and_adding_an_own_exercise(self):
        self.login(self.alice)
        data = accept_data(self.episode)
        del data["t-1-keep"]
        n = int(data["x-TOTAL_FORMS"]) - 1
        data.update({f"x-{n}-name": "Chin tucks", f"x-{n}-how": "Draw the chin back.",
                     f"x-{n}-kind": "posture", f"x-{n}-repetitions": 10})  # fmt: skip
        assert self.client.post(self.edit_url, data).status_code == 302
        plan = TreatmentPlan.objects.get()
        assert "levator_scapulae_tp1" not in [t["trigger_point"] for t in plan.needling_targets]
        own = plan.exercises.get(exercise="")
        assert (own.name, own.repetitions) == ("Chin tucks", 10)

    def test_a_second_clinician_accepting_from_a_stale_version_is_refused(self):
        self.login(self.alice)
        stale = accept_data(self.episode)  # both open the form on no plan
        self.client.post(self.edit_url, stale)
        response = self.client.post(self.edit_url, stale | {"visits": 5}, follow=True)
        assert "Someone else accepted version 1" in response.content.decode()
        assert TreatmentPlan.objects.filter(episode=self.episode).count() == 1
        assert TreatmentPlan.objects.get().visits == 12

    def test_a_simultaneous_accept_is_caught_by_the_version_constraint(self):
        self.login(self.alice)
        data = accept_data(self.episode)
        self.client.post(self.edit_url, data)
        # The other request read "no plan yet" just before this one committed version 1.
        with mock.patch("taut.plans.editing.current_plan", return_value=None):
            response = self.client.post(self.edit_url, data | {"visits": 5}, follow=True)
        assert "Someone else accepted version 1" in response.content.decode()
        assert list(TreatmentPlan.objects.values_list("visits", flat=True)) == [12]

    def test_an_archived_patients_plan_cannot_be_changed(self):
        self.patient.archived_at = timezone.now()
        self.patient.save(update_fields=["archived_at"])
        self.login(self.alice)
        assert self.client.get(self.edit_url).status_code == 404
        assert self.client.get(self.proposal_url).status_code == 200

    def test_bad_input_is_refused_and_nothing_written(self):
        self.login(self.alice)
        for bad in ({"visits": 0}, {"visits_per_week": 9}, {"reassess_after_visits": 40},
                    {"t-0-trigger_point": "no_such_tp"}, {"x-0-sets": 500},
                    {"x-0-exercise": "no.such"}, {"g-0-target": "many"}):  # fmt: skip
            response = self.accept(**bad)
            assert response.status_code == 400, bad
            assert "Nothing was saved" in response.content.decode()
        own = accept_data(self.episode)
        n = int(own["x-TOTAL_FORMS"]) - 1
        own[f"x-{n}-name"] = "Half an exercise"  # no how, no kind
        assert self.client.post(self.edit_url, own).status_code == 400
        assert not TreatmentPlan.objects.exists() and not PlanExercise.objects.exists()

    def test_an_episode_without_an_assessment_still_gets_a_proposal_with_a_warning(self):
        episode = make_episode(self.patient, self.alice, title="Low back pain")
        self.login(self.alice)
        url = f"/patients/{self.patient.uuid}/episodes/{episode.pk}/plan/proposal/"
        page = self.client.get(url).content.decode()
        assert "Record an assessment first" in page
        assert "No active or latent trigger point" in page

    def test_front_desk_gets_403(self):
        self.login(self.bob)
        for url in (self.plan_url, self.proposal_url, self.edit_url):
            assert self.client.get(url).status_code == 403, url
        assert self.client.post(self.edit_url, {}).status_code == 403

    def test_admin_without_clinician_role_cannot_read_plans(self):
        self.login(self.carol)
        assert self.client.get(self.proposal_url).status_code == 403

    def test_outsider_gets_404(self):
        self.login(self.alice)
        self.accept()
        self.client.logout()
        self.login(self.charlie)
        for url in (self.plan_url, self.proposal_url, self.edit_url, self.plan_url + "v/1/"):
            assert self.client.get(url).status_code == 404, url
        assert self.client.post(self.edit_url, accept_data(self.episode)).status_code == 404
        assert TreatmentPlan.objects.count() == 1

    def test_a_patient_gets_404(self):
        self.login(self.penny)
        assert self.client.get(self.proposal_url).status_code == 404

    def test_episode_page_links_to_the_plan(self):
        self.login(self.alice)
        page = self.client.get(f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/")
        assert self.plan_url in page.content.decode()
