from django.core.management.base import BaseCommand, CommandError

from taut.clinics.models import Clinic
from taut.measures import episode_outcomes, session_days


class Command(BaseCommand):
    help = (
        "Recompute what the outcomes dashboard reads (each episode's outcomes and each "
        "month's count of them, each day's sessions and adverse events) from the records, "
        "after writes that bypass the models (bulk imports, SQL); migrating counts what a "
        "database already holds. Every clinic, or --clinic SLUG."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clinic", help="only this clinic (its slug)")

    def handle(self, *args, clinic=None, **options):
        clinics = Clinic.objects.order_by("pk")
        if clinic is not None:
            clinics = clinics.filter(slug=clinic)
            if not clinics.exists():
                raise CommandError(f"No clinic with the slug {clinic!r}.")
        for each in clinics:
            rows = episode_outcomes.rebuild(each)
            days = session_days.rebuild(each)
            self.stdout.write(f"{each.slug}: {rows} episode outcomes, {days} days of sessions")
