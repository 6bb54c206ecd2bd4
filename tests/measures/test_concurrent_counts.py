"""Two clinicians saving at the same moment (PostgreSQL, where transactions really run side by
side; SQLite serialises every write anyway): the stored counts the outcomes dashboard reads
(taut.measures.session_days, taut.measures.episode_outcomes, taut.measures.outcome_months) are
recounted one writer after the other, so neither save fails and neither count misses the other's
record."""

import time
import unittest
from datetime import date
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from taut.clinics.roles import Role
from taut.measures import episode_outcomes, outcome_months, session_days
from taut.measures.models import EpisodeOutcome, OutcomeMonth, SessionDay
from tests.concurrency import at_once, slow
from tests.episodes.factories import make_episode
from tests.factories import make_clinic, make_patient, make_user
from tests.treatment.factories import make_session


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentRecountTests(TransactionTestCase):
    def setUp(self):
        self.clinic = make_clinic("Northside")
        self.alice = make_user("alice", (self.clinic, Role.CLINICIAN))
        self.bob = make_user("bob", (self.clinic, Role.CLINICIAN))

    def race(self, *writes) -> list[str]:
        """Run the writes in threads at once; what each came to."""
        with (
            mock.patch.object(session_days, "counted", slow(session_days.counted)),
            mock.patch.object(episode_outcomes, "computed", slow(episode_outcomes.computed)),
            mock.patch.object(outcome_months, "counted", slow(outcome_months.counted)),
        ):
            outcomes = at_once(*writes)
        return [f"failed: {o!r}" if isinstance(o, Exception) else "saved" for o in outcomes]

    def test_two_sessions_on_the_same_day_are_both_saved_and_counted(self):
        first = make_episode(make_patient(self.clinic, given="Ann"), self.alice)
        second = make_episode(make_patient(self.clinic, given="Bo"), self.bob)
        now = timezone.now()
        results = self.race(
            lambda: make_session(first, self.alice, performed_at=now),
            lambda: make_session(second, self.bob, performed_at=now),
        )
        assert results == ["saved", "saved"]
        day = SessionDay.objects.get(clinic=self.clinic, day=timezone.localdate(now))
        assert day.sessions == 2

    def test_a_day_already_counted_takes_both_new_sessions(self):
        episode = make_episode(make_patient(self.clinic), self.alice)
        now = timezone.now()
        make_session(episode, self.alice, performed_at=now)
        results = self.race(
            lambda: make_session(episode, self.alice, performed_at=now),
            lambda: make_session(episode, self.bob, performed_at=now),
        )
        assert results == ["saved", "saved"]
        assert SessionDay.objects.get(clinic=self.clinic).sessions == 3

    def test_two_sessions_of_one_episode_are_both_saved_and_in_its_outcome(self):
        episode = make_episode(make_patient(self.clinic), self.alice)
        make_session(episode, self.alice, pain_before=8)
        results = self.race(
            lambda: make_session(episode, self.alice, pain_before=5),
            lambda: make_session(episode, self.bob, pain_before=5),
        )
        assert results == ["saved", "saved"]
        outcome = EpisodeOutcome.objects.get(episode=episode, measure="session-pain")
        assert outcome.measurements == 3

    def test_a_day_emptied_while_another_session_is_added_keeps_the_new_one(self):
        episode = make_episode(make_patient(self.clinic), self.alice)
        now = timezone.now()
        gone = make_session(episode, self.alice, performed_at=now)
        results = self.race(
            gone.delete,
            lambda: make_session(episode, self.bob, performed_at=now),
        )
        assert results == ["saved", "saved"]
        assert SessionDay.objects.get(clinic=self.clinic).sessions == 1

    def test_two_episodes_opened_in_a_new_month_are_both_counted(self):
        patient = make_patient(self.clinic)
        results = self.race(
            lambda: make_episode(patient, self.alice, opened_on=date(2026, 3, 2)),
            lambda: make_episode(patient, self.bob, opened_on=date(2026, 3, 30)),
        )
        assert results == ["saved", "saved"]
        assert OutcomeMonth.objects.get(clinic=self.clinic, month=date(2026, 3, 1)).episodes == 2

    def test_outcomes_of_two_episodes_of_one_month_are_both_counted(self):
        patient = make_patient(self.clinic)
        first, second = (
            make_episode(patient, self.alice, opened_on=date(2026, 3, day)) for day in (2, 30)
        )
        for episode in (first, second):
            make_session(episode, self.alice, pain_before=8)
        results = self.race(
            lambda: make_session(first, self.alice, pain_before=5),
            lambda: make_session(second, self.bob, pain_before=5),
        )
        assert results == ["saved", "saved"]
        (month,) = OutcomeMonth.objects.filter(clinic=self.clinic)
        assert (month.episodes, month.outcomes) == (2, [["session-pain", "head_neck", True, 2, 2]])

    def test_a_month_emptied_while_another_episode_is_opened_keeps_the_new_one(self):
        patient = make_patient(self.clinic)
        gone = make_episode(patient, self.alice, opened_on=date(2026, 3, 2))
        results = self.race(
            gone.delete,
            lambda: make_episode(patient, self.bob, opened_on=date(2026, 3, 9)),
        )
        assert results == ["saved", "saved"]
        assert OutcomeMonth.objects.get(clinic=self.clinic).episodes == 1

    def test_two_episodes_moved_across_each_others_months_are_both_counted(self):
        patient = make_patient(self.clinic)
        march = make_episode(patient, self.alice, opened_on=date(2026, 3, 2))
        may = make_episode(patient, self.bob, opened_on=date(2026, 5, 2))

        def moved(episode, day):
            def move():
                episode.opened_on = day
                episode.save()

            return move

        results = self.race(moved(march, date(2026, 5, 20)), moved(may, date(2026, 3, 20)))
        assert results == ["saved", "saved"]
        found = OutcomeMonth.objects.filter(clinic=self.clinic).order_by("month")
        assert [(m.month, m.episodes) for m in found] == [
            (date(2026, 3, 1), 1), (date(2026, 5, 1), 1)
        ]  # fmt: skip

    def test_a_session_saved_while_the_clinic_is_rebuilt_is_in_both(self):
        """A rebuild (new thresholds, `taut rebuild_outcomes`) holds the clinic's episodes
        while it recomputes them, so a session saved meanwhile waits and then recounts."""
        episode = make_episode(make_patient(self.clinic), self.alice)
        make_session(episode, self.alice, pain_before=8)
        make_session(episode, self.alice, pain_before=6)
        results = self.race(
            lambda: episode_outcomes.rebuild(self.clinic),
            # Saved once the rebuild has begun (and cleared the clinic's outcomes).
            lambda: time.sleep(0.1) or make_session(episode, self.bob, pain_before=4),
        )
        assert results == ["saved", "saved"]
        outcome = EpisodeOutcome.objects.get(episode=episode, measure="session-pain")
        assert outcome.measurements == 3
        assert SessionDay.objects.get(clinic=self.clinic).sessions == 3
