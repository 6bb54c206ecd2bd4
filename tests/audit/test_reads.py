"""The two reads that were not audited: the portal intake form and the exports page."""

from taut.audit.models import AuditEntry
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode
from tests.portal.test_intake import answers


class AuditedReadTests(ClinicTestCase):
    def test_opening_the_portal_intake_is_audited_under_the_patient(self):
        episode = make_episode(self.portal_patient, self.alice)
        self.login(self.penny)
        assert self.client.get("/my/intake/").status_code == 200
        entry = AuditEntry.objects.get(action="view", detail__page="portal intake")
        assert entry.username == "penny" and entry.patient_id == self.portal_patient.pk
        assert entry.clinic_id == self.clinic.pk
        assert (entry.object_type, entry.object_id) == ("episodes.episode", str(episode.pk))

    def test_reopening_it_shows_the_previous_intake_and_audits_that_read(self):
        make_episode(self.portal_patient, self.alice)
        self.login(self.penny)
        self.client.post("/my/intake/", answers())
        self.client.get("/my/intake/")
        entry = AuditEntry.objects.filter(detail__page="portal intake").first()
        assert entry.object_type == "intake.intake"

    def test_opening_the_exports_page_is_audited(self):
        self.login(self.alice)
        assert self.client.get("/exports/").status_code == 200
        entry = AuditEntry.objects.get(action="view", detail__page="exports")
        assert (entry.username, entry.clinic_id) == ("alice", self.clinic.pk)
