from django.core.management.base import BaseCommand, CommandError

from taut.clinics.models import Clinic
from taut.measures.episode_outcomes import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the stored episode outcomes the outcomes dashboard reads, from the sessions "
        "and questionnaires: once after upgrading to the version that stores them, and after "
        "writes that bypass the models (bulk imports, SQL). Every clinic, or --clinic SLUG."
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
            rows = rebuild(each)
            self.stdout.write(f"{each.slug}: {rows} episode outcomes")
