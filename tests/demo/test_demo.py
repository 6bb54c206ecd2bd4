"""`taut demo` builds a usable demo clinic and can run again without change."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from taut.clinics.models import Clinic
from taut.demo.build import PASSWORD
from taut.notes.models import ClinicalNote
from taut.patients.models import Patient


class DemoTests(TestCase):
    def run_demo(self, *args) -> str:
        out = StringIO()
        call_command("demo", *args, stdout=out)
        return out.getvalue()

    def test_it_builds_a_clinic_with_about_30_patients_and_prints_the_logins(self):
        out = self.run_demo()
        assert Patient.objects.count() == 30
        assert ClinicalNote.objects.exists()
        for login in ("clinician", "frontdesk", "admin", "patient", PASSWORD):
            assert login in out

    def test_it_is_idempotent(self):
        self.run_demo()
        counts = (Clinic.objects.count(), Patient.objects.count(), ClinicalNote.objects.count())
        self.run_demo()
        assert counts == (
            Clinic.objects.count(), Patient.objects.count(), ClinicalNote.objects.count(),
        )  # fmt: skip

    def test_if_empty_leaves_a_database_with_other_clinics_alone(self):
        Clinic.objects.create(name="Real clinic", slug="real")
        out = self.run_demo("--if-empty")
        assert "no demo clinic was added" in out and Patient.objects.count() == 0

    def test_if_empty_on_a_built_demo_prints_the_logins_and_changes_nothing(self):
        self.run_demo()
        Patient.objects.filter(clinic__slug="demo").first().delete()
        out = self.run_demo("--if-empty")
        assert Patient.objects.count() == 29  # not rebuilt
        for login in ("clinician", "frontdesk", "admin", "patient", PASSWORD):
            assert login in out

    def test_the_demo_logins_work(self):
        self.run_demo()
        self.client.post("/login/", {"username": "clinician", "password": PASSWORD})
        response = self.client.get("/patients/")
        assert response.status_code == 200
        assert len(response.context["page"].items) == 25

    def test_the_demo_admin_logs_in_with_the_password_alone(self):
        # The demo clinic does not require a second factor, so a newcomer can try every login.
        self.run_demo()
        self.client.post("/login/", {"username": "admin", "password": PASSWORD})
        assert self.client.get("/schedule/clinic/").status_code == 200
