"""The exports' tasks run by the queue's worker (`taut db_worker`): large CSV files and their
expiry."""

from django_tasks import task

from taut.exports import background


@task()
def write_export(job_id: str) -> str:
    """Write the file of one background export (taut/exports/background.py)."""
    return background.write(job_id)


@task()
def expire_exports() -> int:
    """Delete the background exports and files past their retention."""
    return background.expire()
