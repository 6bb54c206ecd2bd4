"""FHIR Bulk Data export jobs (HL7 FHIR Bulk Data Access IG 2.0.0, "Export"): the kick-off's
parameters, the job's run on the task queue, its completion manifest, cancelling and expiry.

The kick-off stores an ExportJob and enqueues `run_export` in the same transaction; the
worker writes one NDJSON file per resource type into the job's folder, each renamed into place
when complete, and records its progress on the job, which is all the status endpoint reads.
"""

import re
import shutil
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from taut import heartbeat
from taut.audit import log
from taut.audit.actions import Action
from taut.fhir.base import instant
from taut.fhir.bulk import write_type
from taut.fhir.export import RESOURCE_TYPES, Scope
from taut.fhir.models import ExportJob, JobStatus
from taut.fhir.sample import SampleCheck
from taut.fhir.validate import InvalidResource
from taut.heartbeat import Gone, reporter, still_running

PARAMETERS = ("_type", "_since", "_outputFormat")
# The IG: servers SHALL support NDJSON and accept these abbreviations of it.
OUTPUT_FORMATS = ("application/fhir+ndjson", "application/ndjson", "ndjson")
# FHIR instant (hl7.org/fhir/R4/datatypes.html#instant): seconds and a zone are required.
INSTANT = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))"
)


# A job given up because its worker stopped reporting (taut/heartbeat.py); the status
# endpoint answers it as a failure, and the client may kick off again.
STOPPED = "The server stopped while writing this export: kick it off again."


class Refused(ValueError):
    """A kick-off request the export cannot carry out as asked (400 with OperationOutcome)."""


def parse_instant(text: str) -> datetime:
    if not INSTANT.fullmatch(text):
        raise Refused(f"_since must be a FHIR instant such as 2026-01-31T09:30:00Z, not {text!r}.")
    head, _, rest = text.partition(".")
    if rest:  # Python reads at most six digits of a fraction
        digits = re.match(r"\d+", rest).group()
        text = f"{head}.{digits[:6].ljust(6, '0')}{rest[len(digits) :]}"
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Refused(f"_since is not a real date and time: {text!r}.") from None


def parse_request(params: dict[str, list[str]], *, lenient: bool = False):
    """(types, since) from the kick-off's query parameters; Refused when they cannot be met.

    Parameters the export does not support are refused unless the client asked for lenient
    handling (`Prefer: handling=lenient`), as the IG requires."""
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown and not lenient:
        raise Refused(f"Unsupported parameter(s): {', '.join(unknown)}.")
    for fmt in params.get("_outputFormat", []):
        if fmt not in OUTPUT_FORMATS:
            raise Refused(f"_outputFormat {fmt!r} is not supported: use application/fhir+ndjson.")
    asked = [t.strip() for value in params.get("_type", []) for t in value.split(",")]
    asked = [t for t in asked if t]
    wrong = [t for t in asked if t not in RESOURCE_TYPES]
    if wrong:
        raise Refused(f"Unknown or unsupported resource type(s) in _type: {', '.join(wrong)}. "
                      f"Supported: {', '.join(RESOURCE_TYPES)}.")  # fmt: skip
    types = [t for t in RESOURCE_TYPES if not asked or t in asked]
    since = None
    values = params.get("_since", [])
    if len(values) > 1:
        raise Refused("_since may be given once.")
    if values:
        since = parse_instant(values[0])
    return types, since


def start(clinic, user, request_url: str, types: list[str], since) -> ExportJob:
    """Record the job and put it on the queue, both or neither."""
    from taut.fhir.tasks import run_export

    expire()
    with transaction.atomic():
        job = ExportJob.objects.create(clinic=clinic, requested_by=user, request_url=request_url,
                                       types=types, since=since)  # fmt: skip
        run_export.enqueue(str(job.pk))
    return job


def run(job_id: str) -> str:
    """The task's work: write each type's file, recording progress; the job's final status.

    The worker reports as it writes (taut/heartbeat.py); a job deleted meanwhile (cancelled,
    or expired) or given up as stalled stops at its next report and leaves no folder. A
    resource that does not validate fails the job: nothing is dropped or altered to make it
    pass, and no file of it is kept."""
    started = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, transaction_time=started, heartbeat_at=started
    )
    if not claimed:
        return "gone"
    job = ExportJob.objects.select_related("clinic").get(pk=job_id)
    job.directory.mkdir(parents=True, exist_ok=True)
    scope = Scope(job.clinic, since=job.since)
    check = SampleCheck(every=settings.FHIR_EXPORT_VALIDATE_EVERY)
    counts: dict[str, int] = {}
    progress = reporter(lambda count: still_running(job, heartbeat_at=timezone.now()))
    try:
        for done, kind in enumerate(job.types, start=1):
            counts[kind] = write_type(scope, kind, job.directory, check, progress)
            if not still_there(job, done_types=done, counts=counts, heartbeat_at=timezone.now()):
                return "cancelled"
    except Gone:
        remove_folder(job)
        return "cancelled"
    except InvalidResource as error:
        fail(job, f"The export stopped: a resource does not validate: {error}")
        return JobStatus.FAILED
    except BaseException as error:
        # Cancelled or given up since the last report: its folder was removed under the worker.
        if isinstance(error, Exception) and not still_there(job):
            return "cancelled"
        fail(job, "The export stopped on an internal error; the server's log has the details.")
        raise
    if not still_there(job, status=JobStatus.DONE, finished_at=timezone.now()):
        return "cancelled"
    log.record(None, Action.EXPORT, job, user=job.requested_by, username="fhir bulk export",
               detail={"format": "fhir-bulk", "job": str(job.pk), "counts": counts})  # fmt: skip
    schedule_expiry()
    return JobStatus.DONE


def still_there(job: ExportJob, **fields) -> bool:
    """`still_running`, and when it is not, its folder removed."""
    if still_running(job, **fields):
        return True
    remove_folder(job)
    return False


def remove_folder(job: ExportJob) -> None:
    shutil.rmtree(job.directory, ignore_errors=True)


def fail(job: ExportJob, message: str) -> None:
    remove_folder(job)
    still_running(job, status=JobStatus.FAILED, error=message, finished_at=timezone.now())


def give_up_stalled(jobs=None, now: datetime | None = None) -> int:
    """Mark failed those of `jobs` (all by default) running but whose worker has stopped
    reporting, removing their folders: their status then answers the failure, and their
    client may kick off again; how many (taut/heartbeat.py)."""
    jobs = ExportJob.objects.all() if jobs is None else jobs
    return heartbeat.give_up_stalled(jobs, STOPPED, remove_folder, now)


def manifest(job: ExportJob, base: str) -> dict:
    """The completion manifest; `base` is the FHIR base URL the files are served under.
    Types with no resources have no file (the IG: an empty output array when nothing)."""
    return {
        "transactionTime": instant(job.transaction_time),
        "request": job.request_url,
        "requiresAccessToken": True,
        "output": [
            # in the order asked: a JSON column on PostgreSQL (jsonb) does not keep key order
            {"type": kind, "url": f"{base}/$export/{job.pk}/{kind}.ndjson",
             "count": job.counts[kind]}
            for kind in job.types if job.counts.get(kind)
        ],
        "error": [],
    }  # fmt: skip


def retention() -> timedelta:
    return timedelta(hours=settings.FHIR_EXPORT_RETENTION_HOURS)


def expires_at(job: ExportJob) -> datetime:
    return (job.finished_at or job.requested_at) + retention()


def cancel(job: ExportJob) -> None:
    """Delete the job and its files; a task still running on it stops at its next file."""
    directory = job.directory  # delete() clears the pk the folder is named by
    job.delete()
    shutil.rmtree(directory, ignore_errors=True)


def expire(now: datetime | None = None) -> int:
    """Delete the jobs (and files) finished more than the retention ago, and those requested
    that long ago and never finished (a worker stopped under them); how many."""
    cutoff = (now or timezone.now()) - retention()
    old = ExportJob.objects.filter(finished_at__lt=cutoff) | ExportJob.objects.filter(
        finished_at__isnull=True, requested_at__lt=cutoff
    )
    count = 0
    for job in old.only("pk"):
        cancel(job)
        count += 1
    return count


def schedule_expiry() -> None:
    """Queue the clean-up of this job's files for when they expire, where the queue can hold
    a task until then (the database backend can; the immediate one cannot)."""
    from taut.fhir.tasks import expire_exports

    later = expire_exports.using(run_after=timezone.now() + retention() + timedelta(minutes=1))
    if later.get_backend().supports_defer:
        later.enqueue()
