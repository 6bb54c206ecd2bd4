"""Clinic admins browse and filter their clinic's audit log; nobody else does."""

from taut.audit import log
from taut.audit.actions import Action
from tests.base import ClinicTestCase


class AuditLogViewTests(ClinicTestCase):
    def setUp(self):
        log.record(None, Action.VIEW, self.patient, user=self.alice)
        other = self.other_clinic
        log.record(None, Action.LIST, user=self.charlie, clinic_id=other.pk, detail={"query": "x"})

    def test_admin_sees_their_clinics_entries_only(self):
        self.login(self.carol)
        response = self.client.get("/audit/")
        assert response.status_code == 200
        entries = list(response.context["page"].object_list)
        assert entries and all(e.clinic_id == self.clinic.pk for e in entries)

    def test_admin_filters_by_user_action_and_patient(self):
        self.login(self.carol)
        response = self.client.get(
            "/audit/", {"username": "ali", "action": "view", "patient": self.patient.pk}
        )
        entries = list(response.context["page"].object_list)
        assert [e.username for e in entries] == ["alice"]

    def test_a_bad_filter_shows_an_error_not_a_crash(self):
        self.login(self.carol)
        response = self.client.get("/audit/", {"since": "2026-05-01", "until": "2026-01-01"})
        assert response.status_code == 200
        assert "The start date is after the end date." in response.content.decode()

    def test_clinicians_and_front_desk_cannot_browse_it(self):
        for user in (self.alice, self.bob):
            self.login(user)
            assert self.client.get("/audit/").status_code == 403

    def test_failed_logins_appear_under_the_users_clinic(self):
        self.login_with_password("bob", "wrong password")
        self.login(self.carol)
        response = self.client.get("/audit/", {"action": "login_failed"})
        assert [e.username for e in response.context["page"].object_list] == ["bob"]

    def test_it_shows_the_head_of_the_clinics_own_chain(self):
        self.login(self.carol)
        response = self.client.get("/audit/")
        assert response.context["chain"] == f"clinic-{self.clinic.pk}"
        head = response.context["head"]
        assert head.seq == 2  # alice's view and carol's login; Southside's entry is elsewhere
        assert f"{head.seq} entries, last hash" in response.content.decode()
