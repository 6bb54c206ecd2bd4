from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from taut.scheduling.models import Appointment
from taut.scheduling.reminders import send_due
from taut.scheduling.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Queue the e-mail reminders of booked appointments starting within the next --hours "
        "(default 24); the task queue's worker (`taut db_worker`) sends them. Each appointment "
        "is reminded once; run it as often as you like (from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="how far ahead to look")
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would get a reminder; send nothing"
        )

    def handle(self, *args, hours, dry_run, **options):
        if not 1 <= hours <= 24 * 14:
            raise CommandError("--hours must be between 1 and 336 (two weeks).")
        if dry_run:
            self.report([a.pk for a in send_due(hours, dry_run=True).sent], [], "would send")
            return
        result = send_reminders.enqueue(hours)
        if result.status == TaskResultStatus.READY:
            self.stdout.write(f"Reminders queued as task {result.id}; the worker sends them.")
            return
        if result.status != TaskResultStatus.SUCCESSFUL:  # run at once (immediate backend)
            raise CommandError("The reminder task failed; see the log.")
        outcome = result.return_value
        self.report(outcome["sent"], outcome["failed"], "sent")

    def report(self, sent, failed, verb):
        shown = Appointment.objects.select_related("clinic").in_bulk(sent)
        for pk in sent:
            a = shown[pk]
            self.stdout.write(
                f"{verb}: {a.clinic.slug} appointment {a.pk} at {a.starts_at:%Y-%m-%d %H:%M}"
            )
        for pk, error in failed:
            self.stderr.write(f"failed: appointment {pk}: {error}")
        self.stdout.write(f"{len(sent)} reminder(s) {verb}, {len(failed)} failed.")
        if failed:
            raise CommandError(f"{len(failed)} reminder(s) could not be sent.", returncode=1)
