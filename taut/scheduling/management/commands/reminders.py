from django.core.management.base import BaseCommand, CommandError

from taut.scheduling.reminders import send_due


class Command(BaseCommand):
    help = (
        "E-mail patients a reminder of their booked appointments starting within the next "
        "--hours (default 24). Each appointment is reminded once; run it as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="how far ahead to look")
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would get a reminder; send nothing"
        )

    def handle(self, *args, hours, dry_run, **options):
        if not 1 <= hours <= 24 * 14:
            raise CommandError("--hours must be between 1 and 336 (two weeks).")
        outcome = send_due(hours, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for a in outcome.sent:
            self.stdout.write(
                f"{verb}: {a.clinic.slug} appointment {a.pk} at {a.starts_at:%Y-%m-%d %H:%M}"
            )
        for a, error in outcome.failed:
            self.stderr.write(f"failed: appointment {a.pk}: {error}")
        self.stdout.write(f"{len(outcome.sent)} reminder(s) {verb}, {len(outcome.failed)} failed.")
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} reminder(s) could not be sent.", returncode=1
            )
