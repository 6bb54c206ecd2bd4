"""The FHIR tasks run by the queue's worker (`taut db_worker`): bulk exports and their expiry."""

from django_tasks import task

from taut.fhir import jobs


@task()
def run_export(job_id: str) -> str:
    """Write the files of one bulk export job (taut/fhir/jobs.py)."""
    return jobs.run(job_id)


@task()
def expire_exports() -> int:
    """Delete the bulk export jobs and files past their retention."""
    return jobs.expire()
