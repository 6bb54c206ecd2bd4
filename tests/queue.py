"""The task queue in tests: the database backend, and its worker run to empty the queue."""

from unittest import mock

from django.core.management import call_command

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def run_worker() -> None:
    """Run every queued task, then return (the worker's batch mode). The worker closes the
    connection between tasks to drop stale ones, as a long-lived process should; inside a
    test's transaction that would lose the test's data on PostgreSQL, so here it is kept."""
    keep = mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections")
    with keep:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
