"""The episode page runs a bounded number of queries whatever the number of sessions,
intakes and consents, and reads the intakes and the consents once."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taut.episodes.models import Consent
from taut.exams.models import Assessment
from taut.intake.models import Intake
from taut.treatment.models import TreatmentSession
from tests.base import ClinicTestCase
from tests.episodes.factories import make_consent, make_consent_text, make_episode, make_intake
from tests.patients.test_chart import history
from tests.queries import page_queries, reading


class EpisodeQueryTests(ClinicTestCase):
    def count(self, patient, episode) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(f"/patients/{patient.uuid}/episodes/{episode.pk}/")
        assert response.status_code == 200
        return len(queries)

    def test_fifty_sessions_cost_no_more_queries_than_two(self):
        self.login(self.alice)
        few = self.count(self.patient, history(self.patient, self.alice, sessions=2))
        many = self.count(
            self.portal_patient, history(self.portal_patient, self.alice, sessions=50)
        )
        assert many == few

    def test_the_intakes_and_consents_are_read_once_however_many(self):
        self.login(self.alice)
        episode = make_episode(self.patient, self.alice)
        text = make_consent_text(self.clinic)
        url = f"/patients/{self.patient.uuid}/episodes/{episode.pk}/"
        counts = []
        for n in range(1, 4):
            make_intake(episode, self.alice, red_flags=["fever"])
            ago = timezone.now() - timedelta(days=10 - n)
            make_consent(episode, text, self.alice, given_at=ago, withdrawn_at=ago)
            queries = page_queries(self.client, url)
            assert len(reading(Intake._meta.db_table, queries)) == 1
            assert len(reading(Consent._meta.db_table, queries)) == 1
            counts.append(len(queries))
        assert counts[0] == counts[-1]

    def test_the_sessions_and_assessments_are_read_without_what_the_page_does_not_show(self):
        self.login(self.alice)
        episode = history(self.patient, self.alice, sessions=3)
        queries = page_queries(self.client, f"/patients/{self.patient.uuid}/episodes/{episode.pk}/")
        [sessions] = reading(TreatmentSession._meta.db_table, queries)
        [assessments] = reading(Assessment._meta.db_table, queries)
        assert '"comments"' not in sessions and '"exercises"' not in sessions
        assert '"differential"' not in assessments and '"password"' not in assessments

    def test_the_consent_in_force_is_the_latest_not_withdrawn(self):
        self.login(self.alice)
        episode = make_episode(self.patient, self.alice)
        text = make_consent_text(self.clinic)
        now = timezone.now()
        make_consent(episode, text, self.alice, given_at=now - timedelta(days=3))
        make_consent(episode, text, self.bob, given_at=now - timedelta(days=1), withdrawn_at=now)
        response = self.client.get(f"/patients/{self.patient.uuid}/episodes/{episode.pk}/")
        assert response.context["consent"].witnessed_by == self.alice
        assert response.context["review"].flags == []
