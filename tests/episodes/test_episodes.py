"""Opening, reading and discharging an episode."""

from datetime import timedelta

from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.clinical import screening
from taut.episodes.models import Episode
from tests.episodes.base import EpisodeTestCase
from tests.episodes.factories import make_consent, make_intake

EPISODE = {"title": " Low back pain ", "body_area": "low_back", "opened_on": "2026-01-05"}


class OpenEpisodeTests(EpisodeTestCase):
    def test_it_opens_an_episode_and_audits_it(self):
        self.login(self.alice)
        response = self.client.post(self.list_url + "new/", EPISODE)
        episode = Episode.objects.get(title="Low back pain")
        self.assertRedirects(response, self.url(episode=episode))
        assert (episode.patient, episode.clinic, episode.created_by) == (
            self.patient, self.clinic, self.alice,
        )  # fmt: skip
        assert str(episode.opened_on) == "2026-01-05" and episode.is_open
        entry = AuditEntry.objects.get(action="create", object_type="episodes.episode")
        assert entry.object_id == str(episode.pk) and entry.patient_id == self.patient.pk

    def test_the_form_opens_today_by_default(self):
        self.login(self.alice)
        form = self.client.get(self.list_url + "new/").context["form"]
        assert form["opened_on"].value() == timezone.localdate()

    def test_it_refuses_an_episode_opened_in_the_future(self):
        self.login(self.alice)
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.client.post(self.list_url + "new/", {**EPISODE, "opened_on": tomorrow})
        assert response.status_code == 200
        assert response.context["form"].errors["opened_on"] == [
            "An episode cannot open in the future."
        ]
        assert Episode.objects.count() == 1

    def test_it_refuses_an_episode_without_a_complaint(self):
        self.login(self.alice)
        response = self.client.post(self.list_url + "new/", {**EPISODE, "title": "  "})
        assert "title" in response.context["form"].errors
        assert Episode.objects.count() == 1
        assert not AuditEntry.objects.filter(action="create").exists()

    def test_the_list_shows_the_patients_episodes_only(self):
        from tests.episodes.factories import make_episode
        from tests.factories import make_patient

        other = make_patient(self.clinic, "Alan", "Turing")
        make_episode(other, self.alice, "Alan's shoulder")
        self.login(self.alice)
        response = self.client.get(self.list_url)
        assert list(response.context["episodes"]) == [self.episode]
        self.assertContains(response, "Right neck pain and headache")
        self.assertNotContains(response, "Alan&#x27;s shoulder")


class EpisodePageTests(EpisodeTestCase):
    def page(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        assert response.status_code == 200
        return response

    def test_without_consent_it_warns_that_needling_cannot_be_recorded(self):
        self.assertContains(self.page(), "No consent on file: needling cannot be recorded")

    def test_it_shows_the_consent_in_force(self):
        make_consent(self.episode, self.consent_text, self.dora)
        response = self.page()
        self.assertContains(response, "Consent on file:</strong> version 2026-1")
        self.assertContains(response, "witnessed by Dora")
        self.assertNotContains(response, "No consent on file")

    def test_it_shows_the_red_flags_of_the_latest_intake_with_the_referral_advice(self):
        make_intake(self.episode, self.alice, red_flags=["night_pain", "weight_loss"])
        response = self.page()
        body = response.content.decode()
        alert = body[body.index('class="red-flags" role="alert"') :]
        assert "Constant pain at night" in alert and "Unexplained weight loss" in alert
        assert screening.REFERRAL_ADVICE in alert

    def test_only_the_latest_intake_sets_the_red_flags(self):
        earlier = make_intake(self.episode, self.alice, red_flags=["fever"])
        earlier.recorded_at -= timedelta(days=14)
        earlier.save()
        make_intake(self.episode, self.alice)
        response = self.page()
        self.assertNotContains(response, 'role="alert" aria-labelledby="red-flags-title"')

    def test_an_absolute_contraindication_blocks_needling(self):
        make_intake(
            self.episode, self.alice, absolute_contraindications=["needle_phobia"],
            relative_contraindications=["anticoagulants"],
        )  # fmt: skip
        response = self.page()
        self.assertContains(response, "Needling blocked:</strong> Needle phobia.")
        self.assertContains(response, "Anticoagulants or a bleeding disorder")

    def test_it_lists_the_intakes_with_links_and_offers_the_next_steps(self):
        intake = make_intake(self.episode, self.alice)
        response = self.page()
        self.assertContains(response, f'href="{self.url(f"intake/{intake.pk}/")}"')
        for action in ("intake/new/", "assessments/new/", "sessions/new/", "consent/"):
            self.assertContains(response, f'href="{self.url(action)}"')

    def test_a_discharged_episode_says_so_and_offers_no_discharge(self):
        self.episode.discharged_on = timezone.localdate()
        self.episode.save()
        response = self.page()
        self.assertContains(response, "discharged</span>")
        self.assertNotContains(response, self.url("discharge/"))


class DischargeTests(EpisodeTestCase):
    def test_it_discharges_today_and_audits_it(self):
        self.login(self.alice)
        response = self.client.post(self.url("discharge/"))
        self.assertRedirects(response, self.url())
        self.episode.refresh_from_db()
        assert self.episode.discharged_on == timezone.localdate()
        entry = AuditEntry.objects.get(action="change", object_type="episodes.episode")
        assert entry.detail == {"discharged_on": str(timezone.localdate())}

    def test_it_refuses_to_discharge_twice(self):
        first = timezone.localdate() - timedelta(days=3)
        self.episode.discharged_on = first
        self.episode.save()
        self.login(self.alice)
        response = self.client.post(self.url("discharge/"), follow=True)
        self.assertContains(response, "already discharged")
        self.episode.refresh_from_db()
        assert self.episode.discharged_on == first
        assert not AuditEntry.objects.filter(action="change").exists()
