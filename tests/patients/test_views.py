"""Patient list, search, create, edit, archive and restore."""

from taut.audit.models import AuditEntry
from taut.patients.models import Patient
from tests.base import ClinicTestCase

VALID = {
    "given_name": "Katherine", "family_name": "Johnson", "date_of_birth": "1968-08-26",
    "sex": "female", "phone": "(202) 555-0123", "email": "kj@example.org",
}  # fmt: skip


class PatientListTests(ClinicTestCase):
    def test_list_shows_the_clinics_active_patients(self):
        self.login(self.bob)
        response = self.client.get("/patients/")
        names = {p.full_name for p in response.context["page"].items}
        assert names == {"Grace Hopper", "Penny Lane"}

    def test_search_by_name_birth_date_and_phone(self):
        self.login(self.alice)
        for query in ("hopper", "grace hop", "1980-05-17 grace", "5550111"):
            page = self.client.get("/patients/", {"q": query}).context["page"]
            assert [p.full_name for p in page.items] == ["Grace Hopper"], query

    def test_a_search_is_audited(self):
        self.login(self.alice)
        self.client.get("/patients/", {"q": "hopper"})
        assert AuditEntry.objects.get(action="list").detail == {
            "query": "hopper", "archived": False,
        }  # fmt: skip


class PatientCreateTests(ClinicTestCase):
    def test_front_desk_adds_a_patient(self):
        self.login(self.bob)
        response = self.client.post("/patients/new/", VALID)
        patient = Patient.objects.get(family_name="Johnson")
        assert response.url == f"/patients/{patient.uuid}/"
        assert patient.clinic == self.clinic and patient.created_by == self.bob
        assert patient.phone == "+12025550123"
        assert AuditEntry.objects.filter(action="create", patient_id=patient.pk).exists()

    def test_a_bad_form_shows_field_errors_and_writes_nothing(self):
        self.login(self.bob)
        before = (Patient.objects.count(), AuditEntry.objects.count())
        bad = {**VALID, "date_of_birth": "2999-01-01", "phone": "12", "email": "not-an-email"}
        response = self.client.post("/patients/new/", bad)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert set(errors) == {"date_of_birth", "phone", "email"}
        assert "cannot be in the future" in errors["date_of_birth"][0]
        assert b"Nothing was saved" in response.content
        # Only the page view itself may be audited; no patient was written.
        assert Patient.objects.count() == before[0]
        assert not AuditEntry.objects.filter(action="create").exists()

    def test_missing_required_fields_are_named(self):
        self.login(self.bob)
        response = self.client.post("/patients/new/", {})
        assert {"given_name", "family_name", "date_of_birth"} <= set(
            response.context["form"].errors
        )

    def test_a_likely_duplicate_is_warned_until_confirmed(self):
        self.login(self.bob)
        twin = {
            **VALID,
            "given_name": "grace",
            "family_name": "HOPPER",
            "date_of_birth": "1980-05-17",
        }
        response = self.client.post("/patients/new/", twin)
        assert response.status_code == 200
        assert b"Possible duplicate" in response.content
        assert Patient.objects.filter(family_name__iexact="hopper").count() == 1
        self.client.post("/patients/new/", {**twin, "confirm_not_duplicate": "on"})
        assert Patient.objects.filter(family_name__iexact="hopper").count() == 2

    def test_chart_numbers_are_unique_in_a_clinic(self):
        Patient.objects.filter(pk=self.patient.pk).update(chart_number="C1")
        self.login(self.bob)
        response = self.client.post("/patients/new/", {**VALID, "chart_number": "C1"})
        assert "chart_number" in response.context["form"].errors


class PatientEditArchiveTests(ClinicTestCase):
    def test_edit_saves_and_audits_the_changed_fields(self):
        self.login(self.bob)
        url = f"/patients/{self.patient.uuid}/edit/"
        data = {
            **VALID,
            "given_name": "Grace",
            "family_name": "Hopper",
            "date_of_birth": "1980-05-17",
        }
        self.client.post(url, {**data, "email": "grace@example.org", "version": 1})
        self.patient.refresh_from_db()
        assert self.patient.email == "grace@example.org"
        change = AuditEntry.objects.get(action="change")
        assert "email" in change.detail["fields"]

    def test_archive_keeps_the_record_and_hides_it_from_the_list(self):
        self.login(self.carol)
        self.client.post(f"/patients/{self.patient.uuid}/archive/")
        self.patient.refresh_from_db()
        assert self.patient.is_archived and self.patient.archived_by == self.carol
        names = {p.full_name for p in self.client.get("/patients/").context["page"].items}
        assert "Grace Hopper" not in names
        archived = self.client.get("/patients/", {"archived": "on"}).context["page"].items
        assert [p.full_name for p in archived] == ["Grace Hopper"]
        self.client.post(f"/patients/{self.patient.uuid}/restore/")
        self.patient.refresh_from_db()
        assert not self.patient.is_archived

    def test_only_admins_archive(self):
        for user in (self.alice, self.bob):
            self.login(user)
            response = self.client.post(f"/patients/{self.patient.uuid}/archive/")
            assert response.status_code == 403
        self.patient.refresh_from_db()
        assert not self.patient.is_archived

    def test_archive_needs_a_post(self):
        self.login(self.carol)
        assert self.client.get(f"/patients/{self.patient.uuid}/archive/").status_code == 405
