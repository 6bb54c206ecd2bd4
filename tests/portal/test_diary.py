"""The pain diary: one rating a day, bad input refused with nothing written, an earlier entry
never written over, and the entries on the clinician's progress page."""

from datetime import timedelta

from django.utils import timezone

from taut.portal.models import PainDiaryEntry
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode, make_sessions
from tests.portal.factories import make_diary


class DiaryTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")

    def post(self, **data):
        self.login(self.penny)
        data.setdefault("recorded_on", f"{timezone.localdate():%Y-%m-%d}")
        return self.client.post("/my/diary/", data, follow=True)

    def test_the_patient_logs_todays_pain_on_their_open_episode(self):
        response = self.post(pain="4", note="Stiff after driving")
        assert "Saved: pain 4/10" in response.content.decode()
        entry = PainDiaryEntry.objects.get()
        assert (entry.patient, entry.episode, entry.pain) == (self.portal_patient, self.episode, 4)
        assert entry.clinic == self.clinic and entry.note == "Stiff after driving"

    def test_pain_above_10_is_refused_and_nothing_is_written(self):
        body = self.post(pain="11").content.decode()
        assert "Pain is a number from 0 (no pain) to 10" in body
        assert not PainDiaryEntry.objects.exists()

    def test_a_missing_rating_is_refused(self):
        assert "Choose a number from 0" in self.post(pain="").content.decode()
        assert not PainDiaryEntry.objects.exists()

    def test_a_future_day_is_refused(self):
        tomorrow = timezone.localdate() + timedelta(days=1)
        body = self.post(pain="3", recorded_on=f"{tomorrow:%Y-%m-%d}").content.decode()
        assert "That day has not come yet" in body
        assert not PainDiaryEntry.objects.exists()

    def test_a_day_more_than_two_weeks_ago_is_refused(self):
        old = timezone.localdate() - timedelta(days=15)
        body = self.post(pain="3", recorded_on=f"{old:%Y-%m-%d}").content.decode()
        assert "The diary goes back 14 days" in body
        assert not PainDiaryEntry.objects.exists()

    def test_a_missed_day_can_be_filled_in(self):
        yesterday = timezone.localdate() - timedelta(days=1)
        self.post(pain="5", recorded_on=f"{yesterday:%Y-%m-%d}")
        assert PainDiaryEntry.objects.get().recorded_on == yesterday

    def test_a_second_entry_for_the_same_day_is_refused_and_the_first_kept(self):
        self.post(pain="6")
        body = self.post(pain="2").content.decode()
        assert "You already logged your pain for" in body and "(6/10)" in body
        assert list(PainDiaryEntry.objects.values_list("pain", flat=True)) == [6]

    def test_without_an_open_episode_the_entry_belongs_to_the_patient(self):
        self.episode.discharged_on = timezone.localdate()
        self.episode.save()
        self.post(pain="2")
        entry = PainDiaryEntry.objects.get()
        assert entry.patient == self.portal_patient and entry.episode is None

    def test_the_page_lists_the_latest_entries(self):
        make_diary(self.portal_patient, self.episode, [7, 5, 3])
        self.login(self.penny)
        body = self.client.get("/my/diary/").content.decode()
        assert "7/10" in body and "3/10" in body


class DiaryOnProgressPageTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")
        start = timezone.localtime() - timedelta(weeks=3)
        make_sessions(cls.episode, cls.alice, [(7, 4), (5, 3)], start=start)
        make_diary(cls.portal_patient, cls.episode, [6, 5, 4])
        PainDiaryEntry.objects.filter(pain=4).update(note="Better after the stretches")

    def page(self):
        self.login(self.alice)
        response = self.client.get(f"/patients/{self.portal_patient.uuid}/progress/")
        assert response.status_code == 200
        return response.content.decode()

    def test_the_diary_is_plotted_with_the_session_pain_marked_patient_reported(self):
        body = self.page()
        assert "Pain diary (patient-reported)" in body  # the series, in the legend
        assert "Pain: sessions and the patient&#x27;s diary" in body
        assert "3 entries from" in body

    def test_the_entries_are_listed_with_the_patients_notes(self):
        body = self.page()
        assert 'id="pain-diary-entries"' in body and "patient-reported" in body
        assert "Better after the stretches" in body

    def test_a_diary_without_sessions_gets_its_own_panel(self):
        self.episode.sessions.all().delete()
        body = self.page()
        assert 'id="pain-diary"' in body and "Pain diary (patient-reported, 0-10)" in body


class UnlinkedDiaryTests(ClinicTestCase):
    """Entries saved while no episode was open still reach the episode they fall within."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        cls.episode = make_episode(
            cls.portal_patient, cls.alice, opened_on=today - timedelta(days=5)
        )
        make_diary(cls.portal_patient, None, [8], end=today - timedelta(days=10))  # before it
        make_diary(cls.portal_patient, None, [6, 5], end=today - timedelta(days=2))

    def test_the_staff_progress_page_shows_unlinked_entries_within_the_episode(self):
        self.login(self.alice)
        response = self.client.get(f"/patients/{self.portal_patient.uuid}/progress/")
        assert [e.pain for e in response.context["diary"]] == [5, 6]
        assert "2 entries from" in response.content.decode()

    def test_the_portal_pain_story_includes_them(self):
        from taut.portal.progress import pain_points

        assert [p.pain for p in pain_points(self.episode) if p.source == "diary"] == [6, 5]

    def test_a_discharged_episode_stops_at_its_discharge(self):
        from taut.portal.progress import diary_entries

        self.episode.discharged_on = timezone.localdate() - timedelta(days=3)
        assert [e.pain for e in diary_entries(self.episode)] == [6]


class SeveralClinicsDiaryTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.factories import make_patient

        cls.there = make_patient(cls.other_clinic, "Penny", "Again", portal_user=cls.penny)

    def post(self, **data):
        self.login(self.penny)
        data.setdefault("recorded_on", f"{timezone.localdate():%Y-%m-%d}")
        return self.client.post("/my/diary/", data, follow=True)

    def test_with_no_open_episode_the_patient_chooses_the_clinic(self):
        body = self.post(pain="3").content.decode()
        assert "Choose the clinic this is for." in body and not PainDiaryEntry.objects.exists()
        self.post(pain="3", record=str(self.there.pk))
        entry = PainDiaryEntry.objects.get()
        assert (entry.patient, entry.clinic) == (self.there, self.other_clinic)

    def test_the_one_open_episode_decides_the_clinic(self):
        episode = make_episode(self.there, self.charlie)
        body = self.post(pain="3").content.decode()
        assert "Saved: pain 3/10" in body
        entry = PainDiaryEntry.objects.get()
        assert (entry.patient, entry.episode, entry.clinic) == (
            self.there, episode, self.other_clinic,
        )  # fmt: skip
