"""The cast of most tests: a clinic's staff, its patients, and an outsider from another clinic."""

from django.test import TestCase

from taut.clinics.roles import Role
from tests.factories import PASSWORD, make_clinic, make_note, make_patient, make_user


class ClinicTestCase(TestCase):
    """alice treats, bob is at the front desk, carol runs the clinic; charlie is elsewhere."""

    @classmethod
    def setUpTestData(cls):
        cls.clinic = make_clinic("Northside")
        cls.other_clinic = make_clinic("Southside")
        cls.alice = make_user("alice", (cls.clinic, Role.CLINICIAN))
        cls.bob = make_user("bob", (cls.clinic, Role.FRONT_DESK))
        cls.carol = make_user("carol", (cls.clinic, Role.ADMIN))
        cls.charlie = make_user(
            "charlie", (cls.other_clinic, Role.CLINICIAN), (cls.other_clinic, Role.ADMIN)
        )
        cls.patient = make_patient(cls.clinic, "Grace", "Hopper", phone="+12025550111")
        cls.note = make_note(cls.patient, cls.alice, "Initial assessment", "Right neck pain.")
        cls.penny = make_user("penny")
        cls.portal_patient = make_patient(cls.clinic, "Penny", "Lane", portal_user=cls.penny)

    def login(self, user):
        self.client.force_login(user)

    def login_with_password(self, username, password=PASSWORD):
        return self.client.post("/login/", {"username": username, "password": password})
