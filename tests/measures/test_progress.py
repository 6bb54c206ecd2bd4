"""The progress page: the episode chosen, every measure charted with its verdict and its
numbers, the pain drawing's extent, and a number of queries that does not grow with sessions."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from taut.kb.atlas import load_atlas
from taut.measures.instruments import SPECS
from taut.measures.progress import drawn_share, important_score
from taut.scoring import DEFAULT
from tests.base import ClinicTestCase
from tests.measures.factories import (
    NDI_BETTER,
    NDI_LITTLE_BETTER,
    NDI_START,
    START,
    make_assessment,
    make_episode,
    make_intake,
    make_response,
    make_rom,
    make_sessions,
)

NECK = [{"id": "posterolateral_neck_r", "intensity": 6}, {"id": "temple_r", "intensity": 7}]


class ProgressTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice)
        cls.sessions = make_sessions(cls.episode, cls.alice, [(7, 4), (5, 3), (3, 1)])
        make_response(cls.episode, cls.alice, "ndi", NDI_START, START)
        make_response(cls.episode, cls.alice, "ndi", NDI_BETTER, START + timedelta(weeks=2))
        make_response(cls.episode, cls.alice, "nprs", [7], START)
        assessment = make_assessment(cls.episode, cls.alice)
        make_rom(assessment, degrees=30, normal=60)
        make_rom(cls.sessions[-1], degrees=51, normal=60)
        make_intake(cls.episode, cls.alice, NECK)
        make_intake(cls.episode, cls.alice, NECK[:1], START + timedelta(weeks=2))

    def setUp(self):
        self.login(self.alice)

    def page(self, **params):
        response = self.client.get(f"/patients/{self.patient.uuid}/progress/", params)
        assert response.status_code == 200
        return response


class PageTests(ProgressTestCase):
    def test_it_shows_every_measure_with_a_verdict(self):
        response = self.page()
        slugs = [p.slug for p in response.context["panels"]]
        assert slugs == ["session-pain", "nprs", "ndi", "rom-neck_rotation", "drawing"]
        body = response.content.decode()
        assert (
            "Responder: NDI improved by 22 points (from 44% to 22%), more than the 19 points "
            "that count as an important change (Cleland 2008)." in body
        )
        assert "Responder: pain before treatment improved by 4 points (from 7/10 to 3/10" in body
        assert "Baseline only: NPRS 7/10 on 2026-03-02." in body

    def test_the_questionnaire_chart_has_the_important_change_line(self):
        ndi = self.panel("ndi")
        assert ndi.chart.guides[0].value == 25.0  # baseline 44 minus 19 points
        assert "Important change from 44%: 25% or less" in ndi.chart.svg()

    def test_every_chart_has_a_title_a_description_and_a_data_table(self):
        body = self.page().content.decode()
        panels = self.page().context["panels"]
        assert body.count('role="img"') == len(panels)
        for panel in panels:
            assert f'<title id="{panel.chart.slug}-title">' in body
            assert f'<desc id="{panel.chart.slug}-desc">' in body
        assert body.count('<details class="chart-data">') == len(panels)
        assert '<th scope="row">2026-03-16</th>' in body  # the third session's row

    def test_session_pain_before_and_after(self):
        chart = self.panel("session-pain").chart
        header, rows = chart.table()
        assert header == ["Date", "Before treatment: pain (0-10)", "After treatment: pain (0-10)"]
        assert rows[0] == ["2026-03-02", "7", "4"] and rows[-1] == ["2026-03-16", "3", "1"]

    def test_range_of_motion_is_percent_of_normal_from_assessments_and_sessions(self):
        panel = self.panel("rom-neck_rotation")
        assert [row[1] for row in panel.chart.table()[1]] == ["50%", "85%"]
        assert "right 50% to 85% of normal" in panel.verdict.text

    def test_the_drawing_extent_shrinks(self):
        panel = self.panel("drawing")
        first, latest = (float(row[1].rstrip("%")) for row in panel.chart.table()[1])
        assert 0 < latest < first
        assert panel.verdict.text.startswith(f"Pain drawn over {first:g}% of the body")

    def test_a_non_responder_is_said_to_be_not_yet(self):
        episode = make_episode(self.patient, self.alice, title="Neck again")
        make_response(episode, self.alice, "ndi", NDI_START, START)
        make_response(episode, self.alice, "ndi", NDI_LITTLE_BETTER, START + timedelta(weeks=3))
        body = self.page(episode=episode.pk).content.decode()
        assert "Not yet a responder: NDI improved by 6 points (from 44% to 38%)" in body

    def panel(self, slug):
        return next(p for p in self.page().context["panels"] if p.slug == slug)


class EpisodeChoiceTests(ProgressTestCase):
    def test_the_latest_open_episode_is_shown_by_default(self):
        older_closed = make_episode(self.patient, self.alice, title="Old back pain")
        older_closed.opened_on = older_closed.discharged_on = START.date() + timedelta(days=400)
        older_closed.save()
        assert self.page().context["episode"] == self.episode
        newer = make_episode(self.patient, self.alice, title="Shoulder")
        assert self.page().context["episode"] == newer

    def test_another_episode_is_chosen_by_its_id(self):
        other = make_episode(self.patient, self.alice, title="Shoulder")
        response = self.page(episode=self.episode.pk)
        assert response.context["episode"] == self.episode
        assert f'option value="{self.episode.pk}" selected' in response.content.decode()
        assert self.page(episode=other.pk).context["panels"] == []

    def test_a_patient_without_an_episode_sees_an_empty_page(self):
        response = self.client.get(f"/patients/{self.portal_patient.uuid}/progress/")
        assert response.status_code == 200 and "No episode of care yet" in response.content.decode()


class QueryCountTests(ProgressTestCase):
    def count(self, episode) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.page(episode=episode.pk)
        return len(queries)

    def test_the_queries_do_not_grow_with_the_sessions(self):
        few = self.count(self.episode)
        busy = make_episode(self.patient, self.alice, title="Busy")
        sessions = make_sessions(busy, self.alice, [(8 - k % 8, 2) for k in range(40)])
        for session in sessions:
            make_rom(session, degrees=40)
            make_rom(session, movement="neck_lateral_flexion", side="left", degrees=20, normal=45)
        for k in range(20):
            make_response(busy, self.alice, "ndi", NDI_START, START + timedelta(days=k))
            make_intake(busy, self.alice, NECK, START + timedelta(days=k))
        assert len(self.page(episode=busy.pk).context["panels"]) == 5
        assert self.count(busy) == few, few
        # session, audit entries, the second-factor check, one query per kind of record (two
        # for range of motion: taken at assessments, taken at sessions)
        assert few <= 27, few


class DrawingExtentTests(ClinicTestCase):
    def test_nothing_drawn_is_zero_and_unknown_regions_are_ignored(self):
        assert drawn_share([]) == (0.0, {"front": 0.0, "back": 0.0, "head": 0.0, "soles": 0.0})
        assert drawn_share([{"id": "no_such_region"}, "junk"])[0] == 0.0

    def test_the_whole_front_is_the_front_view_entirely(self):
        atlas = load_atlas()
        front = [{"id": r.id} for r in atlas.in_view("anterior")]
        share, views = drawn_share(front)
        assert views["front"] == 100.0 and views["back"] == 0.0
        assert 40 < share < 50  # front and back are most of the figure; head and soles the rest

    def test_everything_drawn_is_the_whole_body(self):
        share, views = drawn_share([{"id": r.id} for r in load_atlas()])
        assert round(share, 9) == 100.0 and all(round(v, 9) == 100.0 for v in views.values())

    def test_mirror_regions_cover_the_same_share(self):
        assert drawn_share([{"id": "temple_r"}]) == drawn_share([{"id": "temple_l"}])


def test_the_important_change_score_follows_the_rule():
    assert important_score(SPECS["ndi"], 44.0, DEFAULT) == 25.0
    assert important_score(SPECS["nprs"], 8, DEFAULT) == 6  # 2 points is the nearer of the two
    assert important_score(SPECS["odi"], 20.0, DEFAULT) == 14.0  # 30% is the easier one
    assert important_score(SPECS["psfs"], 3.0, DEFAULT) == 5.0  # higher is better
    assert important_score(SPECS["ndi"], 10.0, DEFAULT) is None  # out of reach
