"""The episode page runs a bounded number of queries whatever the number of sessions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.base import ClinicTestCase
from tests.patients.test_chart import history


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
