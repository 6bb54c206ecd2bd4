"""How the task queue's worker shows it is still writing a long export, and how an export
whose worker stopped (killed, or its machine went down) is told from one still being written.

Shared by the background CSV exports (taut/exports/background.py) and the FHIR bulk exports
(taut/fhir/jobs.py); each job model has `status`, `requested_at` and `heartbeat_at`.
"""

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Q

# A running export saves its progress at most this often (seconds): often enough for the page
# or a polling client to see it move, without a database write for every batch (engineering
# choice).
REPORT_EVERY = 5
# A running export that has not reported for this long was left by a worker that stopped
# (engineering choice: a batch of 2,000 records, or 1,000 FHIR resources, takes under a second
# at 1M sessions, so ten minutes without one is no slow worker).
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


def silent(now: datetime) -> Q:
    """The running jobs' condition of having stopped reporting for `STALLED` by `now` (a job
    claimed before it had a heartbeat: asked for that long ago)."""
    cutoff = now - STALLED
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, requested_at__lt=cutoff)
