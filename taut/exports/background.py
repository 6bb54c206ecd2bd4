"""CSV exports too large to write within one page request (more records than
`export.PAGE_LIMITS`): the page stores a BackgroundExport and puts `write` on the task queue;
the worker writes the file, and the clinician who asked downloads it from the exports page
until it expires (`EXPORT_RETENTION_HOURS`).

The file holds the clinic's data as it was when the worker wrote it. Writing it is audited as
the export (with its patients, as the page's download is), and so is every download."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.exports import export
from taut.exports.models import BackgroundExport
from taut.fhir.models import JobStatus

UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


def listed(clinic, user) -> list[BackgroundExport]:
    """The user's background exports that have not expired, newest first (expired ones are
    deleted first, so none is listed, or downloaded, past its time)."""
    expire()
    return list(BackgroundExport.objects.filter(clinic=clinic, requested_by=user))


def unfinished(clinic, user) -> BackgroundExport | None:
    """The user's export still waiting or being written: one at a time each (engineering
    choice: the worker writes one file at a time, so a second would only wait behind it)."""
    return BackgroundExport.objects.filter(clinic=clinic, requested_by=user,
                                           status__in=UNFINISHED).first()  # fmt: skip


def start(user, clinic, kind: str, start, end, pseudonymise: bool) -> BackgroundExport:
    """Record `user`'s export and put it on the queue, both or neither."""
    from taut.exports.tasks import write_export

    expire()
    with transaction.atomic():
        job = BackgroundExport.objects.create(
            clinic=clinic, requested_by=user, kind=kind, start=start, end=end,
            pseudonymised=pseudonymise,
        )  # fmt: skip
        write_export.enqueue(str(job.pk))
    return job


def write(job_id: str) -> str:
    """The task's work: build the export and write its file; the job's final status.

    The file is written under a temporary name and renamed into place, so a download never
    reads half a file. A job deleted meanwhile leaves no file."""
    claimed = BackgroundExport.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING
    )
    if not claimed:
        return "gone"
    job = BackgroundExport.objects.select_related("clinic", "requested_by").get(pk=job_id)
    partial = job.path.with_suffix(".partial")
    try:
        result = export.build(job.clinic, job.kind, job.start, job.end, job.pseudonymised)
        job.path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(result.content())
        partial.replace(job.path)
    except BaseException:
        partial.unlink(missing_ok=True)
        fail(job, "The file could not be written; the server's log has the details.")
        raise
    written = BackgroundExport.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, rows=len(result.rows), finished_at=timezone.now()
    )
    if not written:  # deleted while it was being written
        job.path.unlink(missing_ok=True)
        return "cancelled"
    log.record(
        None,
        Action.EXPORT,
        job,
        user=job.requested_by,
        detail={**result.audit_detail(), "file": str(job.pk)},
    )
    schedule_expiry()
    return JobStatus.DONE


def fail(job: BackgroundExport, message: str) -> None:
    job.path.unlink(missing_ok=True)
    BackgroundExport.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message,
                                                      finished_at=timezone.now())  # fmt: skip


def delete(job: BackgroundExport) -> None:
    """Delete the job and its file; a worker still writing it leaves no file."""
    path = job.path
    job.delete()
    path.unlink(missing_ok=True)


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
