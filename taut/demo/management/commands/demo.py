from django.core.management.base import BaseCommand

from taut.demo import build


class Command(BaseCommand):
    help = "Create the demo clinic with staff logins and invented patients (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only build the demo when the database has no clinic yet",
        )

    def handle(self, *args, if_empty=False, **options):
        from taut.clinics.models import Clinic

        if if_empty and Clinic.objects.exists():
            if not build.demo_exists():
                self.stdout.write("The database has clinics already; no demo clinic was added.")
                return
            # built before: only say how to log in, so a second `make run` starts at once
            clinic = Clinic.objects.get(slug=build.CLINIC_SLUG)
        else:
            clinic = build.build()
        self.stdout.write(f"Demo clinic: {clinic.name}")
        self.stdout.write(f"Demo logins (password for all: {build.PASSWORD}):")
        for login in [*build.STAFF, build.PATIENT_LOGIN]:
            self.stdout.write(f"  {login.username:<10} {build.ROLE_LABELS[login.role]}")
