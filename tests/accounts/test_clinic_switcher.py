"""The layout's clinic switcher lists the user's clinics by name, from the memberships read
once per request with the clinic the user acts in."""

from taut.clinics.models import Membership
from taut.clinics.roles import Role
from tests.base import ClinicTestCase
from tests.queries import page_queries, reading


class ClinicSwitcherTests(ClinicTestCase):
    def test_a_member_of_two_clinics_sees_both_by_name(self):
        Membership.objects.create(user=self.charlie, clinic=self.clinic, role=Role.CLINICIAN)
        self.login(self.charlie)
        body = self.client.get("/patients/").content.decode()
        assert body.index(">Northside</option>") < body.index(">Southside</option>")

    def test_a_member_of_one_clinic_sees_no_switcher(self):
        self.login(self.alice)
        assert "clinic-switch" not in self.client.get("/patients/").content.decode()

    def test_the_memberships_are_read_once_per_page(self):
        Membership.objects.create(user=self.charlie, clinic=self.clinic, role=Role.CLINICIAN)
        self.login(self.charlie)
        queries = page_queries(self.client, "/patients/")
        assert len(reading(Membership._meta.db_table, queries)) == 1
