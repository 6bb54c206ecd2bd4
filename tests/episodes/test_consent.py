"""Consent to dry needling: recorded against a version of the clinic's text, witnessed by a
member of staff, withdrawn but never deleted."""

from datetime import timedelta

from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.clinics.roles import Role
from taut.episodes.models import Consent, ConsentText
from tests.episodes.base import EpisodeTestCase
from tests.episodes.factories import make_consent, make_consent_text
from tests.factories import make_user


class RecordConsentTests(EpisodeTestCase):
    def data(self, **changes):
        return {
            "text": self.consent_text.pk,
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "witnessed_by": self.alice.pk,
            **changes,
        }

    def test_the_form_defaults_to_now_the_newest_text_and_the_current_user(self):
        newer = make_consent_text(self.clinic, "2026-2", "Newer wording.")
        self.login(self.dora)
        form = self.client.get(self.url("consent/")).context["form"]
        assert form["text"].value() == newer.pk
        assert form["witnessed_by"].value() == self.dora.pk
        now = timezone.localtime().replace(tzinfo=None)  # the form shows local wall time
        assert abs(form["given_at"].value() - now) < timedelta(minutes=1)

    def test_it_records_consent_and_audits_it(self):
        self.login(self.alice)
        response = self.client.post(self.url("consent/"), self.data(witnessed_by=self.bob.pk))
        self.assertRedirects(response, self.url())
        consent = Consent.objects.get()
        assert (consent.episode, consent.patient, consent.text, consent.witnessed_by) == (
            self.episode, self.patient, self.consent_text, self.bob,
        )  # fmt: skip
        assert self.episode.current_consent() == consent
        entry = AuditEntry.objects.get(action="create", object_type="episodes.consent")
        assert entry.patient_id == self.patient.pk
        page = self.client.get(self.url())
        self.assertContains(page, "Consent on file:</strong> version 2026-1")
        self.assertContains(page, "witnessed by Bob")

    def test_the_witness_is_one_of_the_clinics_staff(self):
        self.login(self.alice)
        response = self.client.post(self.url("consent/"), self.data(witnessed_by=self.charlie.pk))
        assert "witnessed_by" in response.context["form"].errors
        assert not Consent.objects.exists()

    def test_it_refuses_another_clinics_consent_text(self):
        theirs = make_consent_text(self.other_clinic, "S-1")
        self.login(self.alice)
        response = self.client.post(self.url("consent/"), self.data(text=theirs.pk))
        assert "text" in response.context["form"].errors
        assert not Consent.objects.exists()

    def test_it_refuses_consent_given_in_the_future(self):
        later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        self.login(self.alice)
        response = self.client.post(self.url("consent/"), self.data(given_at=later))
        assert response.context["form"].errors["given_at"] == [
            "Consent cannot be given in the future."
        ]
        assert not Consent.objects.exists()
        assert not AuditEntry.objects.filter(action="create").exists()

    def test_any_active_member_of_staff_can_witness(self):
        make_user("erin", (self.clinic, Role.FRONT_DESK))
        self.login(self.alice)
        choices = self.client.get(self.url("consent/")).context["form"].fields["witnessed_by"]
        names = {u.username for u in choices.queryset}
        assert {"alice", "bob", "carol", "dora", "erin"} <= names and "charlie" not in names


class ConsentTextTests(EpisodeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ConsentText.objects.all().delete()

    def test_without_a_text_a_clinician_is_told_an_admin_must_add_one(self):
        self.login(self.alice)
        response = self.client.get(self.url("consent/"))
        self.assertContains(response, "This clinic has no consent text yet.")
        self.assertContains(response, "Ask your clinic admin to add it")
        self.assertNotContains(response, "Add a version of the consent text")

    def test_a_clinician_who_runs_the_clinic_adds_a_version(self):
        self.login(self.dora)
        page = self.client.get(self.url("consent/"))
        self.assertContains(page, "Add a version of the consent text")
        response = self.client.post(
            self.url("consent/versions/"), {"version": " 2026-1 ", "text": "Wording."}
        )
        self.assertRedirects(response, self.url("consent/"))
        text = ConsentText.objects.get()
        assert (text.clinic, text.version, text.text) == (self.clinic, "2026-1", "Wording.")
        assert AuditEntry.objects.filter(
            action="create", object_type="episodes.consenttext", object_id=str(text.pk)
        ).exists()

    def test_a_version_is_not_reused(self):
        make_consent_text(self.clinic, "2026-1")
        self.login(self.dora)
        response = self.client.post(
            self.url("consent/versions/"), {"version": "2026-1", "text": "Other wording."}
        )
        assert response.status_code == 200
        assert response.context["text_form"].errors["version"] == [
            "The clinic already has a consent text of this version."
        ]
        assert ConsentText.objects.count() == 1

    def test_another_clinics_version_does_not_block_ours(self):
        make_consent_text(self.other_clinic, "2026-1")
        self.login(self.dora)
        self.client.post(self.url("consent/versions/"), {"version": "2026-1", "text": "Ours."})
        assert ConsentText.objects.filter(clinic=self.clinic).count() == 1

    def test_a_clinician_who_does_not_run_the_clinic_cannot_add_a_version(self):
        self.login(self.alice)
        response = self.client.post(self.url("consent/versions/"), {"version": "1", "text": "x"})
        assert response.status_code == 403
        assert not ConsentText.objects.exists()


class WithdrawConsentTests(EpisodeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.consent = make_consent(cls.episode, cls.consent_text, cls.alice)

    def test_withdrawing_keeps_the_record_and_blocks_needling(self):
        self.login(self.alice)
        response = self.client.post(self.url(f"consent/{self.consent.pk}/withdraw/"))
        self.assertRedirects(response, self.url())
        self.consent.refresh_from_db()
        assert self.consent.withdrawn_at is not None
        assert self.episode.current_consent() is None
        entry = AuditEntry.objects.get(action="change", object_type="episodes.consent")
        assert entry.object_id == str(self.consent.pk) and entry.detail == {"withdrawn": True}
        page = self.client.get(self.url())
        self.assertContains(page, "No consent on file: needling cannot be recorded")
        self.assertContains(page, "withdrawn")

    def test_an_earlier_consent_does_not_come_back_into_force(self):
        newer_text = make_consent_text(self.clinic, "2026-2")
        newer = make_consent(self.episode, newer_text, self.alice)
        self.login(self.alice)
        self.client.post(self.url(f"consent/{newer.pk}/withdraw/"))
        assert self.episode.current_consent() is None
        assert Consent.objects.filter(withdrawn_at__isnull=False).count() == 2

    def test_it_refuses_to_withdraw_twice(self):
        withdrawn_at = timezone.now() - timedelta(days=1)
        self.consent.withdrawn_at = withdrawn_at
        self.consent.save()
        self.login(self.alice)
        response = self.client.post(self.url(f"consent/{self.consent.pk}/withdraw/"), follow=True)
        self.assertContains(response, "already withdrawn")
        self.consent.refresh_from_db()
        assert self.consent.withdrawn_at == withdrawn_at
        assert not AuditEntry.objects.filter(action="change").exists()
