"""How the task queue's worker shows it is still writing a long export, and how an export
whose worker stopped (killed, or its machine went down) is told from one still being written.

Shared by the background CSV exports (taut/exports/background.py) and the FHIR bulk exports
(taut/fhir/jobs.py); each job model has `status`, `requested_at`, `heartbeat_at`, `error` and
`finished_at`. Nothing sweeps for stalled jobs on a timer: they are given up when someone
next looks (the exports page, a new export, a FHIR status poll).
"""

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from taut.fhir.models import JobStatus

# A running export saves its progress at most this often (seconds): often enough for the page
# or a polling client to see it move, without a database write for every batch (engineering
# choice).
REPORT_EVERY = 5
# A running export that has not reported for this long was left by a worker that stopped
# (engineering choice: at 1M sessions a batch of 2,000 CSV records takes at most about two
# seconds, 1,000 FHIR resources a twentieth of one, so ten minutes without one is no slow
# worker).
STALLED = timedelta(minutes=10)


class Gone(Exception):
    """The export being written was deleted, or given up as stalled, meanwhile."""


def reporter(save: Callable[[int], bool]) -> Callable[[int], None]:
    """A progress callback for a writer: called with the count written so far, it calls
    `save(count)` at most every `REPORT_EVERY` seconds; `save` answers whether the job is
    still running, and when it is not the callback raises Gone, so the writer stops."""
    last = time.monotonic()

    def report(count: int) -> None:
        nonlocal last
        if time.monotonic() - last < REPORT_EVERY:
            return
        last = time.monotonic()
        if not save(count):
            raise Gone

    return report


def still_running(job, **fields) -> bool:
    """Whether `job` is still running (not deleted, nor given up as stalled), saving `fields`
    on it if it is."""
    running = type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING)
    return bool(running.update(**fields)) if fields else running.exists()


def silent(now: datetime) -> Q:
    """The running jobs' condition of having stopped reporting for `STALLED` by `now` (a job
    claimed before it had a heartbeat: asked for that long ago)."""
    cutoff = now - STALLED
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, requested_at__lt=cutoff)


def give_up_stalled(jobs: QuerySet, message: str, remove: Callable[[object], None],
                    now: datetime | None = None) -> int:  # fmt: skip
    """Mark failed, with `message`, those of `jobs` running but silent for `STALLED`, and
    `remove(job)` what each left on disk; how many. Should such a worker come back after all,
    its next report finds its job no longer running and it stops."""
    now = now or timezone.now()
    stalled = jobs.filter(silent(now), status=JobStatus.RUNNING)
    count = 0
    for job in stalled.only("pk"):
        # Again for this one job: it may have reported since it was read.
        if stalled.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message,
                                            finished_at=now):  # fmt: skip
            remove(job)
            count += 1
    return count
