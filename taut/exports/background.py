"""CSV exports too large to write within one page request (more records than
`export.PAGE_LIMITS`): the page stores a BackgroundExport and puts `write` on the task queue;
the worker writes the file, and the clinician who asked downloads it from the exports page
until it expires (`EXPORT_RETENTION_HOURS`).

The file holds the clinic's data as it was when the worker wrote it. Writing it is audited as
the export (with its patients, as the page's download is), and so is every download."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from taut import heartbeat
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.middleware import active_memberships
from taut.clinics.roles import capabilities_of
from taut.exports import export
from taut.exports.models import BackgroundExport
from taut.fhir.models import JobStatus
from taut.heartbeat import Gone, reporter, still_running

UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)
NOT_ALLOWED = "Not written: you may no longer export this clinic's clinical records."
FAILED = "The file could not be written; the server's log has the details."
STOPPED = "The server stopped while writing the file: ask for it again."


class StillWriting(Exception):
    """The user's previous background export is not finished yet."""


def listed(clinic, user) -> list[BackgroundExport]:
    """The user's background exports that have not expired, newest first (expired ones are
    deleted first, so none is listed, or downloaded, past its time; stalled ones are marked
    failed)."""
    expire()
    give_up_stalled()
    return list(BackgroundExport.objects.filter(clinic=clinic, requested_by=user))


def start(user, clinic, kind: str, start, end, pseudonymise: bool) -> BackgroundExport:
    """Record `user`'s export and put it on the queue, both or neither. One unfinished export
    each (engineering choice: the worker writes one file at a time, so a second would only
    wait behind the first); the database holds the rule, so two requests at once cannot
    both pass it: StillWriting."""
    from taut.exports.tasks import write_export

    expire()
    give_up_stalled()
    try:
        with transaction.atomic():
            job = BackgroundExport.objects.create(
                clinic=clinic, requested_by=user, kind=kind, start=start, end=end,
                pseudonymised=pseudonymise,
            )  # fmt: skip
            write_export.enqueue(str(job.pk))
    except IntegrityError:
        raise StillWriting from None
    return job


def write(job_id: str) -> str:
    """The task's work: build the export and write its file; the job's final status.

    The clinician must still be allowed to export the clinic's clinical records when the
    worker comes to it. The file is written beside its final name, readable by the server's
    user alone, and renamed into place, so a download never reads half a file. The worker
    saves its rows as it goes (taut/heartbeat.py); a job deleted or given up meanwhile stops
    it at its next report and leaves no file."""
    claimed = BackgroundExport.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now(), rows=0
    )
    job = BackgroundExport.objects.select_related("clinic", "requested_by").filter(pk=job_id)
    job = job.first() if claimed else None
    if job is None:
        return "gone"
    if not still_allowed(job):
        fail(job, NOT_ALLOWED)
        return JobStatus.FAILED
    try:
        result = export.build(job.clinic, job.kind, job.start, job.end, job.pseudonymised)
        result.progress = reporter(
            lambda rows: still_running(job, rows=rows, heartbeat_at=timezone.now())
        )
        job.path.parent.mkdir(parents=True, exist_ok=True)
        result.write_whole(job.path, job.partial, mode=0o600)
    except Gone:
        remove_files(job)
        return "cancelled"
    except BaseException as error:
        # Deleted or given up since the last report: its part was removed under the worker.
        if isinstance(error, Exception) and not still_running(job):
            remove_files(job)
            return "cancelled"
        fail(job, FAILED)
        raise
    with transaction.atomic():
        written = BackgroundExport.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, rows=result.count, finished_at=timezone.now()
        )
        if written:
            detail = {**result.audit_detail(), "file": str(job.pk)}
            log.record(None, Action.EXPORT, job, user=job.requested_by, detail=detail)
    if not written:  # deleted, or given up as stalled, while it was being written
        remove_files(job)
        return "cancelled"
    schedule_expiry()
    return JobStatus.DONE


def give_up_stalled(now: datetime | None = None) -> int:
    """Mark failed the running exports whose worker has stopped reporting, removing what they
    left (a part, or a file renamed into place just before the worker was stopped), so their
    clinician may ask again; how many (taut/heartbeat.py)."""
    return heartbeat.give_up_stalled(BackgroundExport.objects.all(), STOPPED, remove_files, now)


def still_allowed(job: BackgroundExport) -> bool:
    """Whether the clinician who asked may still read the clinic's clinical records."""
    user = job.requested_by
    if user is None or not user.is_active:
        return False
    roles = frozenset(m.role for m in active_memberships(user) if m.clinic_id == job.clinic_id)
    return BackgroundExport.read_capability in capabilities_of(roles)


def fail(job: BackgroundExport, message: str) -> None:
    remove_files(job)
    still_running(job, status=JobStatus.FAILED, error=message, finished_at=timezone.now())


def remove_files(job: BackgroundExport) -> None:
    """The file and any part of it a worker stopped under it left behind."""
    job.path.unlink(missing_ok=True)
    job.partial.unlink(missing_ok=True)


def delete(job: BackgroundExport) -> None:
    """Delete the job and its files; a worker still writing it leaves no file."""
    path, partial = job.path, job.partial  # delete() clears the pk they are named by
    job.delete()
    path.unlink(missing_ok=True)
    partial.unlink(missing_ok=True)


def expire(now: datetime | None = None) -> int:
    """Delete the exports (and files) finished more than the retention ago, and those asked
    for that long ago and never finished (a worker stopped under them); how many."""
    cutoff = (now or timezone.now()) - BackgroundExport.retention()
    old = BackgroundExport.objects.filter(finished_at__lt=cutoff) | BackgroundExport.objects.filter(
        finished_at__isnull=True, requested_at__lt=cutoff
    )
    count = 0
    for job in old.only("pk"):
        delete(job)
        count += 1
    return count


def schedule_expiry() -> None:
    """Queue the clean-up of this file for when it expires, where the queue can hold a task
    until then (the database backend can; the immediate one cannot)."""
    from taut.exports.tasks import expire_exports

    later = expire_exports.using(
        run_after=timezone.now() + BackgroundExport.retention() + timedelta(minutes=1)
    )
    if later.get_backend().supports_defer:
        later.enqueue()
