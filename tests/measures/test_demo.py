"""The demo's questionnaires: NPRS and the body area's questionnaire at the start and at the
latest session, improving with care, recorded once."""

from taut.episodes.models import BodyArea
from taut.measures.demo import add_measures
from taut.measures.models import QuestionnaireResponse
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode, make_sessions

EXPECTED = {"head_neck": "ndi", "low_back": "odi", "shoulder_arm": "quickdash",
            "forearm_hand": "quickdash", "widespread": "fiqr"}  # fmt: skip


class DemoTests(ClinicTestCase):
    def test_a_neck_episode_gets_nprs_and_ndi_at_the_start_and_the_latest_session(self):
        episode = make_episode(self.patient, self.alice)
        sessions = make_sessions(episode, self.alice, [(6, 4), (5, 3), (4, 2), (3, 2), (2, 1)])
        recorded = add_measures(episode, self.alice)
        assert sorted((r.instrument, r.score) for r in recorded) == [
            ("ndi", 20.0), ("ndi", 46.0), ("nprs", 2.0), ("nprs", 6.0),
        ]  # fmt: skip
        assert all(r.by_patient and r.entered_by == self.alice for r in recorded)
        assert max(r.answered_at for r in recorded) < sessions[-1].performed_at

    def test_it_is_idempotent(self):
        episode = make_episode(self.patient, self.alice)
        make_sessions(episode, self.alice, [(6, 4), (5, 3)])
        assert len(add_measures(episode, self.alice)) == 4
        assert add_measures(episode, self.alice) == []
        assert QuestionnaireResponse.objects.filter(episode=episode).count() == 4

    def test_one_visit_gives_a_baseline_only(self):
        episode = make_episode(self.patient, self.alice, body_area=BodyArea.LOW_BACK)
        make_sessions(episode, self.alice, [(7, 5)])
        assert sorted(r.instrument for r in add_measures(episode, self.alice)) == ["nprs", "odi"]

    def test_every_body_area_gets_valid_answers(self):
        for area in BodyArea.values:
            episode = make_episode(self.patient, self.alice, body_area=area, title=area)
            make_sessions(episode, self.alice, [(7, 5), (6, 4), (5, 3)])
            recorded = add_measures(episode, self.alice)
            assert len(recorded) == 4, area
            region = {r.instrument for r in recorded} - {"nprs"}
            assert region == {EXPECTED.get(area, "psfs")}, area

    def test_without_sessions_it_records_the_start(self):
        episode = make_episode(self.patient, self.alice)
        assert len(add_measures(episode, self.alice)) == 2
