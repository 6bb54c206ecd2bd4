"""Grace Hopper's neck pain episode: screened at intake, consent on file; alice treats."""

import json

from taut.episodes.models import Consent
from tests.base import ClinicTestCase
from tests.episodes.factories import make_consent, make_consent_text, make_episode, make_intake


class SessionTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice)
        cls.intake = make_intake(cls.episode, cls.alice)
        cls.consent_text = make_consent_text(cls.clinic)
        cls.consent = make_consent(cls.episode, cls.consent_text, cls.alice)

    def url(self, suffix="", session=None) -> str:
        """`suffix` under the sessions' URL ("new/"), or under `session`'s own."""
        base = f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/sessions/"
        return f"{base}{session.pk}/{suffix}" if session is not None else base + suffix

    def confirmed(self, warnings: list[str]) -> dict:
        """The two fields a clinician sends after ticking the box under `warnings`."""
        return {"warnings_seen": json.dumps(warnings), "warnings_considered": "on"}

    def withdraw_consent(self):
        Consent.objects.filter(pk=self.consent.pk).update(withdrawn_at=self.consent.given_at)
