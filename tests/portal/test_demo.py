"""The demo pain diary: ten days for the portal patient, once."""

from django.utils import timezone

from taut.portal import demo
from taut.portal.models import PainDiaryEntry
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode, make_session


class DemoDiaryTests(ClinicTestCase):
    def test_it_seeds_the_portal_patients_diary_from_their_latest_pain_once(self):
        episode = make_episode(self.portal_patient, self.alice)
        make_session(episode, self.alice, timezone.now(), before=5)
        assert demo.seed(self.clinic) == 10
        entries = list(PainDiaryEntry.objects.order_by("recorded_on"))
        assert {e.patient for e in entries} == {self.portal_patient}
        assert {e.episode for e in entries} == {episode}
        assert (entries[0].pain, entries[-1].pain) == (5, 3)
        assert entries[-1].recorded_on < timezone.localdate()  # today is left to log
        assert demo.seed(self.clinic) == 0 and PainDiaryEntry.objects.count() == 10

    def test_a_clinic_without_a_portal_patient_gets_no_diary(self):
        assert demo.seed(self.other_clinic) == 0
