"""Scheduling work run by the task queue's worker (`taut db_worker`): appointment reminders."""

from django_tasks import task

from taut.scheduling.reminders import send_due


@task()
def send_reminders(hours: int) -> dict:
    """E-mail the reminders due within `hours` (taut/scheduling/reminders.py): which
    appointments were reminded, and which failed and why (left for the next run)."""
    outcome = send_due(hours)
    return {
        "sent": [a.pk for a in outcome.sent],
        "failed": [[a.pk, error] for a, error in outcome.failed],
    }
