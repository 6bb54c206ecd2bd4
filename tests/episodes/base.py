"""Grace Hopper's neck pain episode, with the clinic's consent text; dora treats and runs
the clinic."""

from taut.clinics.roles import Role
from tests.base import ClinicTestCase
from tests.episodes.factories import make_consent_text, make_episode
from tests.factories import make_user


class EpisodeTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dora = make_user("dora", (cls.clinic, Role.CLINICIAN), (cls.clinic, Role.ADMIN))
        cls.episode = make_episode(cls.patient, cls.alice)
        cls.consent_text = make_consent_text(cls.clinic)

    def url(self, suffix="", episode=None) -> str:
        """`suffix` under the episode's URL; "" is the episode page."""
        return f"/patients/{self.patient.uuid}/episodes/{(episode or self.episode).pk}/{suffix}"

    @property
    def list_url(self) -> str:
        return f"/patients/{self.patient.uuid}/episodes/"
