"""The sign of life of a long export (taut/heartbeat.py): a throttled report that stops a
writer whose job is gone, and which running jobs count as left by a stopped worker."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from taut import heartbeat
from taut.exports.models import BackgroundExport
from taut.fhir.models import JobStatus
from tests.factories import make_clinic


def test_a_report_is_saved_at_most_every_few_seconds_and_stops_a_writer_whose_job_is_gone():
    clock = [100.0]
    saved, answer = [], [True]

    def save(count):
        saved.append(count)
        return answer[0]

    with mock.patch.object(heartbeat.time, "monotonic", lambda: clock[0]):
        report = heartbeat.reporter(save)
        report(1000)
        clock[0] += heartbeat.REPORT_EVERY - 0.5
        report(2000)
        assert saved == []  # not yet: within REPORT_EVERY of the start
        clock[0] += 0.5
        report(3000)
        report(4000)
        assert saved == [3000]  # the next one waits again
        clock[0] += heartbeat.REPORT_EVERY
        answer[0] = False
        with pytest.raises(heartbeat.Gone):
            report(5000)
    assert saved == [3000, 5000]


@pytest.mark.django_db
def test_a_running_job_is_stalled_after_ten_minutes_without_a_report():
    clinic = make_clinic("Heartbeat clinic")
    now = timezone.now()
    before, within = now - heartbeat.STALLED - timedelta(seconds=1), now - timedelta(minutes=9)

    def job(**fields):
        return BackgroundExport.objects.create(clinic=clinic, kind="sessions", **fields).pk

    stalled = {
        job(status=JobStatus.RUNNING, heartbeat_at=before),
        # claimed by a worker from before heartbeats: judged by when it was asked for
        job(status=JobStatus.RUNNING, heartbeat_at=None, requested_at=before),
    }
    job(status=JobStatus.RUNNING, heartbeat_at=within)
    job(status=JobStatus.RUNNING, heartbeat_at=None, requested_at=within)
    job(status=JobStatus.QUEUED, requested_at=before)  # waiting for a worker: not stalled
    removed = []
    given_up = heartbeat.give_up_stalled(BackgroundExport.objects.all(), "stopped",
                                         lambda j: removed.append(j.pk), now)  # fmt: skip
    assert given_up == 2 and set(removed) == stalled
    failed = BackgroundExport.objects.filter(status=JobStatus.FAILED)
    assert set(failed.values_list("pk", flat=True)) == stalled
    assert set(failed.values_list("error", "finished_at").distinct()) == {("stopped", now)}
    assert heartbeat.give_up_stalled(BackgroundExport.objects.all(), "stopped",
                                     removed.append, now) == 0  # fmt: skip
