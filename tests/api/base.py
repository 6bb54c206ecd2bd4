"""The API's cast: the clinic's records of every kind, and a token for each person."""

from taut.api import tokens
from taut.exams.models import Diagnosis, PalpationFinding
from taut.measures.models import QuestionnaireResponse
from taut.plans.models import TreatmentPlan
from tests.base import ClinicTestCase
from tests.exams.factories import make_assessment, make_episode, make_intake
from tests.measures.factories import NDI_START, make_rom
from tests.treatment.factories import make_session


def make_plan(episode, by, version=1, **fields) -> TreatmentPlan:
    return TreatmentPlan.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, version=version,
        visits=6, visits_per_week=2, reassess_after_visits=3, accepted_by=by, **fields,
    )  # fmt: skip


class ApiTestCase(ClinicTestCase):
    """Grace Hopper of Northside has one episode with an intake, an assessment, a session, an
    NDI and a plan in two versions. Each person has a token in their own clinic."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice)
        cls.intake = make_intake(cls.episode, cls.alice)
        cls.assessment = make_assessment(cls.episode, cls.alice)
        PalpationFinding.objects.create(
            assessment=cls.assessment, trigger_point="upper_trapezius_tp1", side="right",
            taut_band=True, hypersensitive_spot=True, recognised_pain=True,
        )  # fmt: skip
        make_rom(cls.assessment)
        Diagnosis.objects.create(assessment=cls.assessment, code="M79.12")
        cls.session = make_session(cls.episode, cls.alice, needled=["upper_trapezius"])
        cls.response = QuestionnaireResponse.objects.record(
            cls.episode, "ndi", NDI_START, entered_by=cls.alice, source="paper"
        )
        cls.plan_v1 = make_plan(cls.episode, cls.alice, 1)
        cls.plan_v2 = make_plan(cls.episode, cls.alice, 2, notes="Fewer visits.")
        cls.tokens = {
            user.username: tokens.issue(user, clinic, f"{user.username}'s script", scope="write")[1]
            for user, clinic in (
                (cls.alice, cls.clinic), (cls.bob, cls.clinic), (cls.carol, cls.clinic),
                (cls.charlie, cls.other_clinic), (cls.penny, None),
            )
        }  # fmt: skip

    def api(self, method: str, url: str, as_user: str = "alice", body=None, token=None):
        headers = {"Authorization": f"Bearer {token or self.tokens[as_user]}"}
        call = getattr(self.client, method)
        if body is None:
            return call(url, headers=headers)
        return call(url, body, content_type="application/json", headers=headers)

    def episode_url(self, episode=None, patient=None) -> str:
        episode = episode or self.episode
        return f"/api/v1/patients/{(patient or episode.patient).uuid}/episodes/{episode.pk}"
