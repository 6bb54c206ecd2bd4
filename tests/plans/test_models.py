"""A plan's versions: the current plan of an episode is its highest version."""

from taut.plans.models import TreatmentPlan
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode
from tests.portal.factories import make_plan


class CurrentPlanTests(ClinicTestCase):
    def test_current_gives_the_highest_version_of_each_episode(self):
        neck = make_episode(self.patient, self.alice)
        back = make_episode(self.patient, self.alice, title="Low back pain")
        for version in (1, 2, 3):
            make_plan(neck, self.alice, (), version=version)
        make_plan(back, self.alice, (), version=1)
        current = TreatmentPlan.objects.current()
        assert sorted((p.episode_id, p.version) for p in current) == sorted(
            [(neck.pk, 3), (back.pk, 1)]
        )
        assert current.filter(episode=neck).get().version == 3
