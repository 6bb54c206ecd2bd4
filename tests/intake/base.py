"""Grace Hopper's neck pain episode, ready for an intake."""

from tests.base import ClinicTestCase
from tests.episodes.factories import make_episode


class IntakeTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice)

    def url(self, suffix="", episode=None) -> str:
        """`suffix` under the episode's intakes: "new/" or "<pk>/"."""
        episode = episode or self.episode
        return f"/patients/{episode.patient.uuid}/episodes/{episode.pk}/intake/{suffix}"
