"""Two clinicians saving at the same moment (PostgreSQL, where transactions really run side by
side; SQLite serialises every write anyway): the stored counts the outcomes dashboard reads
(taut.measures.session_days, taut.measures.episode_outcomes) are recounted one writer after the
other, so neither save fails and neither count misses the other's record."""

import threading
import time
import unittest
from unittest import mock

from django.db import connection, connections
from django.test import TransactionTestCase
from django.utils import timezone

from taut.clinics.roles import Role
from taut.measures import episode_outcomes, session_days
from taut.measures.models import EpisodeOutcome, SessionDay
from tests.episodes.factories import make_episode
from tests.factories import make_clinic, make_patient, make_user
from tests.treatment.factories import make_session


def slow(step):
    """`step`, then a pause, so a second writer reaches the same rows meanwhile."""

    def stepped_then_wait(*args, **kwargs):
        result = step(*args, **kwargs)
        time.sleep(0.3)
        return result

    return stepped_then_wait


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentRecountTests(TransactionTestCase):
    def setUp(self):
        self.clinic = make_clinic("Northside")
        self.alice = make_user("alice", (self.clinic, Role.CLINICIAN))
        self.bob = make_user("bob", (self.clinic, Role.CLINICIAN))

    def race(self, *writes) -> list[str]:
        """Run the writes in threads at once; what each came to."""
        barrier, results = threading.Barrier(len(writes)), []

        def attempt(write):
            try:
                barrier.wait()
                write()
                results.append("saved")
            except Exception as error:  # noqa: BLE001 - the test reports what went wrong
                results.append(f"failed: {error!r}")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=attempt, args=(w,)) for w in writes]
        with (
            mock.patch.object(session_days, "counted", slow(session_days.counted)),
            mock.patch.object(episode_outcomes, "computed", slow(episode_outcomes.computed)),
        ):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        return results

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
