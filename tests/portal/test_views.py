"""The portal's home page and program pages: what a patient sees, in plain words, and the
staff view of the same program."""

from datetime import timedelta

from django.utils import timezone

from taut.audit.models import AuditEntry
from tests.base import ClinicTestCase
from tests.measures.factories import NDI_BETTER, NDI_START, make_episode, make_response
from tests.measures.wordings import load_wording
from tests.portal.factories import NECK_PROGRAM, make_appointment, make_diary, make_plan


class PortalHomeTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clinic.phone = "+12025550100"
        cls.clinic.save()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")
        cls.plan = make_plan(cls.episode, cls.alice, NECK_PROGRAM[:4])

    def home(self):
        self.login(self.penny)
        response = self.client.get("/my/")
        assert response.status_code == 200
        return response.content.decode()

    def test_it_links_the_current_program_and_its_pdf(self):
        body = self.home()
        assert f"/my/program/{self.episode.pk}/" in body
        assert f"/my/program/{self.episode.pk}.pdf" in body
        assert "4 exercises" in body

    def test_it_lists_booked_appointments_still_to_come(self):
        soon = timezone.now() + timedelta(days=3)
        make_appointment(self.portal_patient, self.alice, soon)
        make_appointment(self.portal_patient, self.alice, soon + timedelta(days=1),
                         status="cancelled")  # fmt: skip
        make_appointment(self.portal_patient, self.alice, timezone.now() - timedelta(days=3))
        body = self.home()
        assert body.count("Follow-up treatment with Alice") == 1
        assert timezone.localtime(soon).strftime("%A %-d %B %Y, %H:%M") in body

    def test_progress_reads_in_plain_words_with_the_published_mcid(self):
        start = timezone.now() - timedelta(weeks=4)
        make_response(self.episode, self.alice, "ndi", NDI_START, start)
        make_response(self.episode, self.alice, "ndi", NDI_BETTER, start + timedelta(weeks=3))
        body = self.home()
        # 44% to 22% is 22 points, more than the 19 of Cleland 2008
        assert "Your neck disability score went from 44% to 22%: a real improvement." in body

    def test_a_small_change_is_not_called_real(self):
        start = timezone.now() - timedelta(days=10)
        make_diary(self.portal_patient, self.episode, [6, 6, 5], end=start.date())
        make_diary(self.portal_patient, self.episode, [5], end=timezone.localdate())
        body = self.home()
        assert "Your pain went from 6/10 in your diary" in body
        assert "to 5/10 in your diary" in body
        assert "not yet by the 2 points or 30% that count as a real change" in body
        assert 'id="my-pain-' in body  # the chart

    def test_pain_reads_as_one_verdict_across_the_diary_and_the_nprs(self):
        start = timezone.now() - timedelta(days=20)
        make_diary(self.portal_patient, self.episode, [6], end=start.date())
        make_diary(self.portal_patient, self.episode, [6], end=timezone.localdate())
        make_response(self.episode, self.alice, "nprs", [6], start + timedelta(days=1))
        make_response(self.episode, self.alice, "nprs", [2], start + timedelta(days=2))
        body = self.home()
        assert body.count("Your pain went from") == 1
        assert "Your pain rating went from" not in body
        # the last rating is the diary's 6/10 today: no change from the first 6/10
        assert "to 6/10 in your diary" in body and "no change yet" in body

    def test_a_patient_has_no_api_tokens_item_in_the_menu(self):
        assert "/api/tokens/" not in self.home()
        self.login(self.alice)
        assert "/api/tokens/" in self.client.get("/patients/").content.decode()

    def test_it_offers_the_intake_and_the_questionnaires_of_the_episode(self):
        load_wording(self.clinic, "ndi", self.carol)
        body = self.home()
        assert f"/my/intake/?episode={self.episode.pk}" in body
        for instrument in ("nprs", "ndi", "psfs"):
            assert f"/my/questionnaires/{self.episode.pk}/{instrument}/" in body
        assert "/acr2016/" not in body

    def test_each_visit_is_audited(self):
        self.home()
        entry = AuditEntry.objects.filter(action="view").latest("pk")
        assert entry.patient_id == self.portal_patient.pk and entry.username == "penny"


class ProgramPageTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")

    def test_the_patient_sees_their_program(self):
        make_plan(self.episode, self.alice, NECK_PROGRAM[:2], notes="Before lunch.")
        self.login(self.penny)
        body = self.client.get(f"/my/program/{self.episode.pk}/").content.decode()
        assert "Ear-to-shoulder stretch" in body and "Hold 30 seconds" in body
        assert "Before lunch." in body and "After dry needling" in body
        assert "<svg" in body

    def test_the_patient_downloads_the_pdf(self):
        make_plan(self.episode, self.alice, NECK_PROGRAM[:2])
        self.login(self.penny)
        response = self.client.get(f"/my/program/{self.episode.pk}.pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    def test_the_clinician_sees_the_same_program(self):
        make_plan(self.episode, self.alice, NECK_PROGRAM[:2])
        self.login(self.alice)
        url = f"/patients/{self.portal_patient.uuid}/episodes/{self.episode.pk}/program/"
        body = self.client.get(url).content.decode()
        assert "Ear-to-shoulder stretch" in body and "what the patient sees" in body
        assert "program/program.pdf" in body

    def test_without_a_plan_the_page_says_so_and_there_is_no_pdf(self):
        self.login(self.penny)
        body = self.client.get(f"/my/program/{self.episode.pk}/").content.decode()
        assert "No home program yet" in body
        assert self.client.get(f"/my/program/{self.episode.pk}.pdf").status_code == 404


class PortalHomeWithoutOpenEpisodeTests(ClinicTestCase):
    def test_a_new_patient_is_offered_the_intake_that_opens_an_episode(self):
        self.login(self.penny)
        body = self.client.get("/my/").content.decode()
        assert 'href="/my/intake/"' in body and "No home program yet" in body
        assert "/my/questionnaires/" not in body

    def test_after_discharge_the_intake_starts_a_new_episode(self):
        episode = make_episode(self.portal_patient, self.alice, title="Old neck pain")
        episode.discharged_on = episode.opened_on
        episode.save()
        self.login(self.penny)
        body = self.client.get("/my/").content.decode()
        assert 'href="/my/intake/"' in body and "How you are doing: Old neck pain" in body
        assert "/my/questionnaires/" not in body
