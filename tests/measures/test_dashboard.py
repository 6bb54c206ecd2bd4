"""The clinic outcomes dashboard: responder shares by measure and body area, sessions needed,
adverse events per 100 sessions, the date range, who may see it, and a bounded query count."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taut.episodes.models import BodyArea
from taut.treatment.models import AdverseEvent
from tests.base import ClinicTestCase
from tests.factories import make_patient
from tests.measures.factories import (
    NDI_BETTER,
    NDI_LITTLE_BETTER,
    NDI_START,
    START,
    make_episode,
    make_response,
    make_sessions,
)

URL = "/outcomes/"
RANGE = {"start": "2026-01-01", "end": "2026-06-30"}
OPENED = date(2026, 3, 1)
HOUR = timedelta(hours=1)


def pains(*before):
    return [(b, None) for b in before]


class DashboardTestCase(ClinicTestCase):
    """Northside, episodes opened 2026-03-01, weekly sessions from 2026-03-02 (pain before):

    E1 neck  8, 7, 4    responder at session 3 (8->7 is 1 point, 12.5%); NDI 44% -> 22%
                        answered after session 2: responder after 2 sessions
    E2 neck  6, 5       not a responder; NDI 44% -> 38% (6 points): not a responder
    E3 back  7, 4, 2, 6 met the threshold at session 2 but the latest (6) did not: not one
    E4 back  5, 2       responder at session 2
    E5 back  5          one session: not counted
    Plus an episode opened before the range and one at Southside, both responders, never
    counted. Adverse events: two mild in E1's first session, one moderate in E3's second;
    a severe one at Southside.
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        neck, back = BodyArea.HEAD_NECK, BodyArea.LOW_BACK
        p = cls.patient

        def episode(area, *before):
            e = make_episode(p, cls.alice, body_area=area, opened_on=OPENED)
            return e, make_sessions(e, cls.alice, pains(*before))

        cls.e1, s1 = episode(neck, 8, 7, 4)
        make_response(cls.e1, cls.alice, "ndi", NDI_START, START)
        make_response(cls.e1, cls.alice, "ndi", NDI_BETTER, START + timedelta(weeks=1) + HOUR)
        cls.e2, _ = episode(neck, 6, 5)
        make_response(cls.e2, cls.alice, "ndi", NDI_START, START)
        make_response(cls.e2, cls.alice, "ndi", NDI_LITTLE_BETTER, START + timedelta(weeks=1))
        cls.e3, s3 = episode(back, 7, 4, 2, 6)
        episode(back, 5, 2)
        episode(back, 5)
        early = make_episode(p, cls.alice, body_area=neck, opened_on=date(2025, 12, 31))
        make_sessions(early, cls.alice, pains(9, 1), start=START - timedelta(weeks=12))
        elsewhere = make_patient(cls.other_clinic, "Other", "Person")
        theirs = make_episode(elsewhere, cls.charlie, opened_on=OPENED)
        t = make_sessions(theirs, cls.charlie, pains(9, 1))
        AdverseEvent.objects.create(session=s1[0], kind="bruising", severity="mild")
        AdverseEvent.objects.create(session=s1[0], kind="pain_after", severity="mild")
        AdverseEvent.objects.create(session=s3[1], kind="aggravation", severity="moderate")
        AdverseEvent.objects.create(session=t[0], kind="fainting", severity="severe")

    def setUp(self):
        self.login(self.alice)

    def result(self, params=RANGE):
        response = self.client.get(URL, params)
        assert response.status_code == 200
        return response.context["result"]

    def measure(self, slug, params=RANGE):
        return next(m for m in self.result(params).measures if m.slug == slug)


class ResponderShareTests(DashboardTestCase):
    def test_session_pain_share_counts_episodes_with_two_sessions(self):
        pain = self.measure("session-pain")
        # E1 and E4 of E1-E4; E5 has one session; the early and Southside episodes are out.
        assert (pain.overall.n, pain.overall.responders) == (4, 2)
        assert pain.overall.percent == 50
        assert pain.overall.few

    def test_a_responder_is_decided_on_the_first_and_last_measurement(self):
        # E3 met the threshold at its second session but not at its last.
        back = self.measure("session-pain").by_area[BodyArea.LOW_BACK]
        assert (back.n, back.responders) == (2, 1)

    def test_it_breaks_the_share_down_by_body_area(self):
        pain = self.measure("session-pain")
        assert [(label, s.n, s.responders) for label, s in pain.areas()] == [
            ("Head and neck", 2, 1),
            ("Low back and pelvis", 2, 1),
        ]

    def test_questionnaire_share(self):
        ndi = self.measure("ndi")
        assert (ndi.overall.n, ndi.overall.responders) == (2, 1)  # 22 points vs 6 (of 19)
        odi = self.measure("odi")
        assert odi.overall.n == 0 and odi.overall.percent is None

    def test_the_page_shows_the_table_with_small_counts_marked_few(self):
        body = self.client.get(URL, RANGE).content.decode()
        assert "Pain before treatment, first vs last session" in body
        assert "Low back and pelvis" in body
        assert 'class="tag few">few</span>' in body
        assert '<title id="bars-title">' in body
        assert "Pain before treatment, first vs last session: 2 of 4 (50%)" in body


class SessionsNeededTests(DashboardTestCase):
    def test_median_and_range_of_sessions_to_response(self):
        pain = self.measure("session-pain")
        assert pain.sessions.counts == (2, 3)  # E4 at session 2, E1 at session 3
        assert pain.sessions.median == 2.5
        assert (pain.sessions.low, pain.sessions.high) == (2, 3)

    def test_questionnaire_counts_the_sessions_held_when_it_was_answered(self):
        assert self.measure("ndi").sessions.counts == (2,)

    def test_no_responder_no_median(self):
        odi = self.measure("odi")
        assert odi.sessions.median is None and odi.sessions.low is None


class AdverseEventTests(DashboardTestCase):
    def test_rates_per_100_sessions_in_the_range(self):
        adverse = self.result().adverse
        assert adverse.sessions == 12  # 3 + 2 + 4 + 2 + 1; none early, none of Southside's
        assert adverse.all.events == 3
        assert adverse.all.per_100 == pytest.approx(25.0)
        assert adverse.sessions_with_event.per_100 == pytest.approx(100 * 2 / 12)
        severity = {r.label: (r.events, r.per_100) for r in adverse.by_severity}
        assert severity["Mild"] == (2, pytest.approx(100 * 2 / 12))
        assert severity["Moderate"] == (1, pytest.approx(100 / 12))
        assert severity["Severe"] == (0, 0)
        kinds = {r.label: r.events for r in adverse.by_kind}
        assert kinds == {"Bruising": 1, "Pain after needling": 1, "Aggravation of symptoms": 1}

    def test_the_page_cites_the_published_rates_and_warns(self):
        body = self.client.get(URL, RANGE).content.decode()
        assert "19.18" in body and "36.7" in body and "7,629" in body
        assert "J Man Manip Ther. 2014;22(3):134-140" in body
        assert "Int J Sports Phys Ther. 2020;15(1):103-113" in body
        assert "may not be comparable" in body

    def test_no_session_no_rate(self):
        adverse = self.result({"start": "2020-01-01", "end": "2020-12-31"}).adverse
        assert adverse.sessions == 0 and adverse.all.per_100 is None


class RangeTests(DashboardTestCase):
    def test_default_is_the_last_12_months(self):
        today = timezone.localdate()
        before = self.result({}).episodes
        make_episode(self.patient, self.alice, opened_on=today - timedelta(days=30))
        make_episode(self.patient, self.alice, opened_on=today - timedelta(days=400))
        result = self.result({})
        assert result.end == today
        assert result.start == today.replace(year=today.year - 1) + timedelta(days=1)
        assert result.episodes == before + 1  # the one opened 30 days ago, not 400

    def test_only_episodes_opened_in_the_range_count(self):
        assert self.result().episodes == 5
        assert self.result({"start": "2025-12-01", "end": "2026-06-30"}).episodes == 6

    def test_a_range_that_starts_after_it_ends_is_a_form_error(self):
        response = self.client.get(URL, {"start": "2026-06-30", "end": "2026-01-01"})
        assert response.status_code == 200
        assert response.context["result"] is None
        assert "The range starts after it ends." in response.content.decode()

    def test_a_date_that_is_not_a_date_is_a_field_error(self):
        response = self.client.get(URL, {"start": "yesterday", "end": "2026-13-45"})
        assert response.status_code == 200
        assert response.context["result"] is None
        form = response.context["form"]
        assert set(form.errors) == {"start", "end"}

    def test_one_end_given_before_the_default_start_is_a_form_error(self):
        response = self.client.get(URL, {"end": "2001-01-01"})
        assert response.status_code == 200
        assert response.context["result"] is None
        assert "The range starts after it ends." in response.content.decode()


class AccessTests(DashboardTestCase):
    def test_clinic_admin_sees_it(self):
        self.login(self.carol)
        assert self.result().episodes == 5

    def test_front_desk_gets_403(self):
        self.login(self.bob)
        assert self.client.get(URL).status_code == 403

    def test_patient_login_gets_404(self):
        self.login(self.penny)
        assert self.client.get(URL).status_code == 404

    def test_anonymous_is_sent_to_log_in(self):
        self.client.logout()
        assert self.client.get(URL).status_code == 302

    def test_outsider_sees_only_their_own_clinic(self):
        self.login(self.charlie)
        result = self.result()
        assert result.episodes == 1
        pain = next(m for m in result.measures if m.slug == "session-pain")
        assert (pain.overall.n, pain.overall.responders) == (1, 1)
        assert result.adverse.sessions == 2
        assert [r.label for r in result.adverse.by_kind] == ["Fainting or near-fainting"]


class QueryCountTests(DashboardTestCase):
    def add_episodes(self, count):
        for _ in range(count):
            e = make_episode(self.patient, self.alice, opened_on=OPENED)
            make_sessions(e, self.alice, pains(8, 5, 2))
            make_response(e, self.alice, "ndi", NDI_START, START)
            make_response(e, self.alice, "ndi", NDI_BETTER, START + timedelta(weeks=2))

    def queries(self):
        with CaptureQueriesContext(connection) as captured:
            self.client.get(URL, RANGE)
        return len(captured)

    def test_the_number_of_queries_does_not_grow_with_episodes(self):
        self.add_episodes(1)
        few = self.queries()
        self.add_episodes(20)
        assert self.queries() == few
        assert self.result().episodes == 26
