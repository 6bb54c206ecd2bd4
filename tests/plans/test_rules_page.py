"""The clinic's plan rules page: save a version, refuse a bad file, reset, and who may."""

from taut.planning import rules
from taut.plans.inputs import proposal_for
from taut.plans.models import PlanRules
from tests.base import ClinicTestCase
from tests.plans.factories import make_assessed_episode

URL = "/clinic/plan-rules/"


def twice_a_week_for_mild() -> str:
    return rules.default_text().replace("visits_per_week: {mild: 1,", "visits_per_week: {mild: 2,")


class RulesPageTests(ClinicTestCase):
    def test_it_shows_the_defaults_when_the_clinic_has_none(self):
        self.login(self.alice)
        page = self.client.get(URL).content.decode()
        assert "Taut's defaults" in page and "Boonstra" in page

    def test_saving_makes_a_version_and_changes_the_proposal(self):
        episode = make_assessed_episode(self.patient, self.alice, pain=2, weeks=1)
        assert proposal_for(episode)[0].visits.value == 3
        self.login(self.alice)
        response = self.client.post(URL, {"based_on": 0, "text": twice_a_week_for_mild()})
        assert response.status_code == 302
        saved = PlanRules.objects.get(clinic=self.clinic)
        assert (saved.version, saved.saved_by) == (1, self.alice)
        proposal, _, rules_row = proposal_for(episode)
        assert proposal.visits.value == 6 and rules_row == saved

    def test_a_bad_file_is_refused_with_the_error_and_nothing_saved(self):
        self.login(self.carol)
        bad = rules.default_text().replace("after_visits: 4", "after_visits: 0")
        response = self.client.post(URL, {"based_on": 0, "text": bad})
        assert response.status_code == 400
        assert "reassess.after_visits: 0 is outside 1 to 60" in response.content.decode()
        assert not PlanRules.objects.exists()

    def test_deeply_nested_brackets_are_refused_not_a_500(self):
        self.login(self.carol)
        response = self.client.post(URL, {"based_on": 0, "text": "[" * 20000})
        assert response.status_code == 400
        assert "nested too deeply" in response.content.decode()
        assert not PlanRules.objects.exists()

    def test_a_stale_edit_is_refused(self):
        self.login(self.alice)
        self.client.post(URL, {"based_on": 0, "text": twice_a_week_for_mild()})
        response = self.client.post(URL, {"based_on": 0, "text": rules.default_text()}, follow=True)
        assert "Someone saved the rules" in response.content.decode()
        assert PlanRules.objects.count() == 1

    def test_reset_saves_the_defaults_as_the_next_version(self):
        self.login(self.alice)
        self.client.post(URL, {"based_on": 0, "text": twice_a_week_for_mild()})
        self.client.post(URL + "reset/")
        latest = PlanRules.objects.order_by("-version").first()
        assert latest.version == 2 and latest.is_default
        assert latest.text == rules.default_text()

    def test_the_rules_are_the_clinics_own(self):
        self.login(self.alice)
        self.client.post(URL, {"based_on": 0, "text": twice_a_week_for_mild()})
        self.client.logout()
        self.login(self.charlie)
        assert "Taut's defaults: the clinic has not" in self.client.get(URL).content.decode()

    def test_front_desk_gets_403(self):
        self.login(self.bob)
        assert self.client.get(URL).status_code == 403
        assert self.client.post(URL + "reset/").status_code == 403
        assert not PlanRules.objects.exists()


class UnreadableRulesTests(ClinicTestCase):
    def test_a_saved_file_a_later_release_cannot_read_falls_back_to_the_defaults(self):
        episode = make_assessed_episode(self.patient, self.alice, pain=2, weeks=1)
        PlanRules.objects.create(
            clinic=self.clinic, version=1, text="old: format", saved_by=self.alice
        )
        proposal, _, saved = proposal_for(episode)
        assert saved is None and proposal.visits.value == 3
