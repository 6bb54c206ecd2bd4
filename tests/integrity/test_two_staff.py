"""The two-staff scenarios of issue 15, as a clinic met them (run on PostgreSQL too): two
people open the same form, both save; nothing is lost, the second is refused and merges."""

from taut.exams.models import Assessment
from taut.patients.models import Patient
from tests.exams.base import AssessmentTestCase

DEMOGRAPHICS = {"given_name": "Grace", "family_name": "Hopper", "date_of_birth": "1980-05-17",
                "sex": "female", "phone": "+12025550111", "address": ""}  # fmt: skip


class TwoStaffTests(AssessmentTestCase):
    def edit_url(self):
        return f"/patients/{self.patient.uuid}/edit/"

    def test_phone_and_address_changed_at_once_are_both_kept(self):
        self.login(self.bob)
        form = self.client.get(self.edit_url()).context["form"]
        opened = form["version"].value()
        assert opened == 1
        shown = {name: form[name].value() or "" for name in DEMOGRAPHICS}
        shown["date_of_birth"] = form["date_of_birth"].value().isoformat()
        # bob changes the phone and saves first
        first = {**shown, "phone": "+12025550199", "version": opened}
        assert self.client.post(self.edit_url(), first).status_code == 302
        # carol, from the same page as opened, changes the address: refused, not overwritten
        self.login(self.carol)
        second = {**shown, "address": "1 Navy Way, Arlington", "version": opened}
        response = self.client.post(self.edit_url(), second)
        assert response.status_code == 409
        stored = Patient.objects.get(pk=self.patient.pk)
        assert (stored.phone, stored.address) == ("+12025550199", "")
        rows = {r["name"]: r for r in response.context["rows"]}
        assert set(rows) == {"phone", "address"}
        # the page keeps theirs where only they changed, and yours where only you did
        assert rows["phone"]["pick"] == "theirs" and rows["address"]["pick"] == "yours"
        merged = {key: value for key, value in response.context["carried"]}
        merged |= {"merge": "1", "version": stored.version}
        for name, row in rows.items():
            merged[f"pick-{name}"] = row["pick"]
            merged[f"yours-{name}"] = row["yours"]
            merged[f"theirs-{name}"] = row["theirs"]
        assert self.client.post(self.edit_url(), merged).status_code == 302
        stored.refresh_from_db()
        assert (stored.phone, stored.address) == ("+12025550199", "1 Navy Way, Arlington")
        assert stored.version == 3 and stored.history.count() == 3

    def test_other_findings_written_by_two_clinicians_are_both_kept(self):
        colleague = self.make_colleague()
        self.login(self.alice)
        opened = self.client.get(self.url()).context["assessment_form"]["version"].value()
        self.client.force_login(colleague)
        mine = {"findings_note": "Forward head posture.", "version": opened}
        assert self.client.post(self.url("note/"), mine).status_code == 302
        self.login(self.alice)
        theirs = {"findings_note": "Guarded cervical rotation.", "version": opened}
        response = self.client.post(self.url("note/"), theirs)
        assert response.status_code == 409
        stored = Assessment.objects.get(pk=self.assessment.pk)
        assert stored.findings_note == "Forward head posture."
        [row] = response.context["rows"]
        assert row["name"] == "findings_note" and row["both_changed"]
        # alice keeps both texts: she writes the merge into her version and saves it
        merged = {key: value for key, value in response.context["carried"]}
        merged |= {"merge": "1", "version": stored.version, "pick-findings_note": "yours",
                   "yours-findings_note": "Forward head posture. Guarded cervical rotation.",
                   "theirs-findings_note": stored.findings_note}  # fmt: skip
        assert self.client.post(self.url("note/"), merged).status_code == 302
        stored.refresh_from_db()
        assert stored.findings_note == "Forward head posture. Guarded cervical rotation."
        texts = [h.findings_note for h in stored.history.order_by("history_date")]
        assert texts == ["", "Forward head posture.", stored.findings_note]

    def test_a_section_saved_keeps_the_other_sections_input(self):
        self.login(self.alice)
        page = {"findings_note": "Guarded rotation.", "rom-movement": "neck_flexion",
                "rom-degrees": "35", "codes": ["M79.12"], "sections": ["diagnoses", "note"],
                "version": 1}  # fmt: skip
        assert self.client.post(self.url("diagnoses/"), page).status_code == 302
        stored = Assessment.objects.get(pk=self.assessment.pk)
        assert stored.findings_note == "Guarded rotation."
        assert list(stored.rom.values_list("degrees", flat=True)) == [35]
        assert stored.diagnosis_codes() == ["M79.12"]

    def test_a_section_that_does_not_validate_brings_back_everything_posted(self):
        self.login(self.alice)
        page = {"findings_note": "Guarded rotation.", "rom-movement": "neck_flexion",
                "rom-degrees": "400", "codes": ["M79.12"], "sections": ["diagnoses", "note"],
                "version": 1}  # fmt: skip
        response = self.client.post(self.url("diagnoses/"), page)
        assert response.status_code == 200 and response.context["not_saved"]
        html = response.content.decode()
        assert "Guarded rotation." in html and 'value="400"' in html
        stored = Assessment.objects.get(pk=self.assessment.pk)
        assert stored.findings_note == "" and not stored.diagnoses.exists()

    def make_colleague(self):
        from taut.clinics.roles import Role
        from tests.factories import make_user

        return make_user("dora", (self.clinic, Role.CLINICIAN))
