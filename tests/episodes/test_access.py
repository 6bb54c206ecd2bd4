"""Who reaches an episode: clinicians of the clinic; front desk and admins who do not treat are
refused, outsiders and patients find nothing."""

from taut.audit.models import AuditEntry
from taut.episodes.models import Consent, ConsentText, Episode
from tests.episodes.base import EpisodeTestCase
from tests.episodes.factories import make_consent, make_episode
from tests.factories import make_patient

EPISODE = {"title": "Low back pain", "body_area": "low_back", "opened_on": "2026-01-05"}


class AccessTests(EpisodeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.consent = make_consent(cls.episode, cls.consent_text, cls.alice)

    def get_urls(self):
        return [self.list_url, self.list_url + "new/", self.url(), self.url("consent/")]

    def post_urls(self):
        consent = {
            "text": self.consent_text.pk, "given_at": "2026-01-05T10:00",
            "witnessed_by": self.alice.pk,
        }  # fmt: skip
        return [
            (self.list_url + "new/", EPISODE),
            (self.url("discharge/"), {}),
            (self.url("consent/"), consent),
            (self.url("consent/versions/"), {"version": "2", "text": "New wording."}),
            (self.url(f"consent/{self.consent.pk}/withdraw/"), {}),
        ]

    def assert_nothing_written(self):
        assert list(Episode.objects.all()) == [self.episode]
        assert list(Consent.objects.all()) == [self.consent]
        assert list(ConsentText.objects.all()) == [self.consent_text]
        self.episode.refresh_from_db()
        self.consent.refresh_from_db()
        assert self.episode.discharged_on is None and self.consent.withdrawn_at is None

    def test_outsider_gets_404_on_every_url(self):
        self.login(self.charlie)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 404, url
        for url, data in self.post_urls():
            assert self.client.post(url, data).status_code == 404, url
        self.assert_nothing_written()

    def test_front_desk_gets_403_on_every_url(self):
        self.login(self.bob)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 403, url
        for url, data in self.post_urls():
            assert self.client.post(url, data).status_code == 403, url
        self.assert_nothing_written()

    def test_a_clinic_admin_who_does_not_treat_gets_403(self):
        self.login(self.carol)
        assert self.client.get(self.url()).status_code == 403
        assert (
            self.client.post(
                self.url("consent/versions/"), {"version": "2", "text": "x"}
            ).status_code
            == 403
        )
        self.assert_nothing_written()

    def test_a_patient_login_finds_nothing(self):
        self.login(self.penny)
        for url in self.get_urls():
            assert self.client.get(url).status_code == 404, url
        for url, data in self.post_urls():
            assert self.client.post(url, data).status_code == 404, url
        self.assert_nothing_written()

    def test_an_episode_is_not_reachable_through_another_patients_url(self):
        other = make_patient(self.clinic, "Alan", "Turing")
        self.login(self.alice)
        base = f"/patients/{other.uuid}/episodes/{self.episode.pk}/"
        assert self.client.get(base).status_code == 404
        assert self.client.get(base + "consent/").status_code == 404
        assert self.client.post(base + "discharge/").status_code == 404
        assert self.client.post(base + f"consent/{self.consent.pk}/withdraw/").status_code == 404
        self.assert_nothing_written()

    def test_a_consent_is_not_withdrawn_through_another_episodes_url(self):
        other = make_episode(self.patient, self.alice, "Low back pain")
        self.login(self.alice)
        url = self.url(f"consent/{self.consent.pk}/withdraw/", episode=other)
        assert self.client.post(url).status_code == 404
        self.consent.refresh_from_db()
        assert self.consent.withdrawn_at is None

    def test_an_archived_patients_episode_can_be_read_but_not_changed(self):
        self.patient.archive(by=self.carol)
        self.login(self.alice)
        assert self.client.get(self.url()).status_code == 200
        assert self.client.get(self.list_url).status_code == 200
        for url, data in self.post_urls():
            assert self.client.post(url, data).status_code == 404, url
        self.assert_nothing_written()

    def test_the_discharge_and_withdraw_urls_refuse_get(self):
        self.login(self.alice)
        assert self.client.get(self.url("discharge/")).status_code == 405
        assert self.client.get(self.url(f"consent/{self.consent.pk}/withdraw/")).status_code == 405
        self.assert_nothing_written()

    def test_reading_the_episode_is_audited(self):
        self.login(self.alice)
        self.client.get(self.url())
        viewed = AuditEntry.objects.filter(action="view", object_type="episodes.episode")
        assert viewed.filter(object_id=str(self.episode.pk), patient_id=self.patient.pk).exists()
