"""An episode of Grace Hopper's with an intake drawing and an assessment, for alice."""

from taut.exams.models import Assessment
from tests.base import ClinicTestCase
from tests.exams.factories import make_assessment, make_episode, make_intake


class AssessmentTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice)
        cls.intake = make_intake(cls.episode, cls.alice)
        cls.assessment = make_assessment(cls.episode, cls.alice)

    def url(self, suffix="", assessment: Assessment | None = None) -> str:
        """`suffix` under the assessment's URL; "new/" is relative to the episode's list."""
        base = f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/assessments/"
        if suffix == "new/":
            return base + suffix
        return f"{base}{(assessment or self.assessment).pk}/{suffix}"
