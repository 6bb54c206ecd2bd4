"""An episode of Grace Hopper's with an intake drawing and an assessment, for alice."""

import re

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

    def post(self, url: str, data: dict | None = None):
        """Post as the page does: with the version of the assessment it was loaded at."""
        data = dict(data or {})
        found = re.search(r"/assessments/(\d+)/", url)
        if found and "version" not in data:
            stored = Assessment.objects.filter(pk=found[1]).first()
            data["version"] = stored.version if stored else 1
        return self.client.post(url, data)
