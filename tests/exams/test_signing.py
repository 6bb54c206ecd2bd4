"""Signing an assessment, and amending a signed one with a reason, as a session is corrected
(taut.clinics.amending)."""

from taut.audit.models import AuditEntry
from taut.exams.models import Assessment, Diagnosis, RangeOfMotion
from taut.treatment import rules
from tests.exams.base import AssessmentTestCase
from tests.treatment.factories import make_session


class SigningTests(AssessmentTestCase):
    def setUp(self):
        self.login(self.alice)

    def stored(self) -> Assessment:
        return Assessment.objects.get(pk=self.assessment.pk)

    def sign(self):
        return self.post(self.url("sign/"))

    def test_an_unsigned_assessment_is_edited_without_a_reason(self):
        assert self.post(self.url("note/"), {"findings_note": "Tender."}).status_code == 302
        assert self.stored().findings_note == "Tender." and not self.stored().is_signed

    def test_signing_keeps_who_and_when_and_is_audited(self):
        assert self.sign().status_code == 302
        stored = self.stored()
        assert stored.is_signed and stored.signed_by == self.alice and stored.version == 2
        assert AuditEntry.objects.filter(action="change", detail__signed=True).exists()
        assert "Sign the assessment" not in self.client.get(self.url()).content.decode()

    def test_a_signed_assessment_is_not_changed_without_a_reason(self):
        self.sign()
        response = self.post(self.url("note/"), {"findings_note": "Changed."})
        assert response.status_code == 200
        assert "This record is signed: say why it is amended." in response.content.decode()
        assert (self.stored().findings_note, self.stored().version) == ("", 2)

    def test_an_amendment_keeps_its_reason_who_and_when_and_the_signed_version(self):
        self.post(self.url("diagnoses/"), {"codes": ["M79.12"]})
        self.sign()
        response = self.post(self.url("diagnoses/"), {"codes": ["M54.2"],
                                                      "reason": "Neck, not shoulder."})  # fmt: skip
        assert response.status_code == 302
        assert self.stored().diagnosis_codes() == ["M54.2"]
        latest = self.stored().history.order_by("-history_date").first()
        assert latest.history_change_reason == "Neck, not shoulder."
        assert latest.history_user == self.alice
        entry = AuditEntry.objects.filter(detail__amended=True).get()
        assert entry.detail["reason"] == "Neck, not shoulder."
        page = self.client.get(self.url("history/")).content.decode()
        assert "Neck, not shoulder." in page and "M79.12" in page and "M54.2" in page

    def test_billing_uses_the_amended_diagnoses(self):
        session = make_session(self.episode, self.alice, needled=["temporalis"])
        self.post(self.url("diagnoses/"), {"codes": ["M79.12"]})
        self.sign()
        self.post(self.url("diagnoses/"), {"codes": ["M54.2"], "reason": "Neck."})
        [line] = rules.billing_lines([session])
        assert line["diagnoses"] == ["M54.2"]

    def test_a_row_of_a_signed_assessment_is_removed_only_with_a_reason(self):
        row = RangeOfMotion.objects.create(
            assessment=self.assessment, movement="neck_flexion", side="midline", degrees=40
        )
        self.sign()
        response = self.post(self.url(f"rom/{row.pk}/remove/"))
        assert "give the reason" in self.client.get(response.url).content.decode()
        assert RangeOfMotion.objects.filter(pk=row.pk).exists()
        self.post(self.url(f"rom/{row.pk}/remove/"), {"reason": "Measured on the wrong patient."})
        assert not RangeOfMotion.objects.filter(pk=row.pk).exists()
        latest = self.stored().history.order_by("-history_date").first()
        assert latest.history_change_reason == "Measured on the wrong patient."

    def test_signing_twice_changes_nothing(self):
        self.sign()
        self.post(self.url("sign/"), {"version": 2})
        assert self.stored().version == 2

    def test_the_front_desk_cannot_sign_and_an_outsider_gets_404(self):
        self.login(self.bob)
        assert self.sign().status_code == 403
        self.login(self.charlie)
        assert self.sign().status_code == 404
        assert not self.stored().is_signed
        assert not Diagnosis.objects.exists()
