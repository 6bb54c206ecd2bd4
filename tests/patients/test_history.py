"""The history of a patient's demographics: every earlier version readable, who changed what
and when, for the clinic's own staff only, and audited."""

from taut.audit.models import AuditEntry
from taut.patients.models import Patient
from tests.base import ClinicTestCase

DETAILS = {"given_name": "Grace", "family_name": "Hopper", "date_of_birth": "1980-05-17",
           "sex": "female", "address": "1 Navy Way"}  # fmt: skip


class PatientHistoryTests(ClinicTestCase):
    def url(self, suffix="history/") -> str:
        return f"/patients/{self.patient.uuid}/{suffix}"

    def edit(self, user, version, **changes):
        self.login(user)
        stored = Patient.objects.get(pk=self.patient.pk)
        data = {**DETAILS, "phone": stored.phone, "version": version, **changes}
        assert self.client.post(self.url("edit/"), data).status_code == 302

    def test_each_version_shows_who_changed_what_and_when(self):
        self.edit(self.bob, 1, phone="+12025550199")
        self.edit(self.carol, 2, address="2 Harbour Road")  # bob's phone stays
        self.login(self.alice)
        response = self.client.get(self.url())
        assert response.status_code == 200
        page = response.content.decode()
        assert "Version 3" in page and "Version 1" in page
        assert "Phone: “+12025550111” became “+12025550199”" in page
        assert "Address: “1 Navy Way” became “2 Harbour Road”" in page
        [v3, v2, _] = response.context["versions"]
        assert (v3.saved_by, v2.saved_by) == (self.carol, self.bob)
        assert v3.changes == ["Address: “1 Navy Way” became “2 Harbour Road”"]

    def test_the_front_desk_reads_it_and_the_read_is_audited(self):
        self.edit(self.bob, 1, phone="+12025550199")
        assert self.client.get(self.url()).status_code == 200
        entry = AuditEntry.objects.filter(action="view", detail__history=True).get()
        assert (entry.user_id, entry.patient_id) == (self.bob.pk, self.patient.pk)

    def test_the_patient_page_links_to_it(self):
        self.login(self.bob)
        self.assertContains(self.client.get(self.url("")), self.url())

    def test_an_outsider_and_a_patient_get_404(self):
        for user in (self.charlie, self.penny):
            self.login(user)
            assert self.client.get(self.url()).status_code == 404
