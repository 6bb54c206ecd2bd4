from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from taut.accounts.models import User
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.models import Clinic
from taut.fhir.bulk import write_ndjson
from taut.fhir.export import Scope
from taut.fhir.importing import ImportRefused, import_patients
from taut.fhir.validate import InvalidResource


class Command(BaseCommand):
    help = (
        "FHIR R4 exchange. `taut fhir export --out DIR [--clinic SLUG]` writes one "
        "<Type>.ndjson per resource type (Bulk Data style); `taut fhir import FILE --clinic "
        "SLUG` imports the Patient resources of an NDJSON file or a Bundle without duplicates."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="export|import")
        export = commands.add_parser("export", help="write the clinic's records as NDJSON")
        export.add_argument("--out", required=True, type=Path, help="directory to write into")
        export.add_argument("--clinic", help="clinic slug (needed when there are several)")
        checks = export.add_mutually_exclusive_group()
        checks.add_argument("--no-validate", action="store_const", dest="validate",
                            const="none", default="sample",
                            help="skip checking resources with fhir.resources")  # fmt: skip
        checks.add_argument("--validate-every", action="store_const", dest="validate",
                            const="every", help="check every resource with fhir.resources "
                            "(by default, a sample: docs/fhir.md)")  # fmt: skip
        load = commands.add_parser("import", help="import Patient resources")
        load.add_argument("file", type=Path, help="an .ndjson file or a Bundle (.json)")
        load.add_argument("--clinic", required=True, help="clinic slug")
        load.add_argument("--user", help="username recorded as the creator")

    def handle(self, *args, action, **options):
        if action == "export":
            self.export(options["out"], options.get("clinic"), options["validate"])
        else:
            self.load(options["file"], options["clinic"], options.get("user"))

    def clinic(self, slug: str | None) -> Clinic:
        if slug is None:
            clinics = list(Clinic.objects.all()[:2])
            if len(clinics) != 1:
                raise CommandError("Name the clinic with --clinic SLUG.")
            return clinics[0]
        clinic = Clinic.objects.filter(slug=slug).first()
        if clinic is None:
            raise CommandError(f"No clinic with the slug {slug!r}.")
        return clinic

    def export(self, out: Path, slug: str | None, validate: str):
        clinic = self.clinic(slug)
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a directory.")
        try:
            counts = write_ndjson(Scope(clinic), out, validate=validate)
        except InvalidResource as error:
            raise CommandError(f"Export stopped, a resource does not validate: {error}") from None
        except OSError as error:
            raise CommandError(f"Cannot write to {out}: {error.strerror}") from None
        log.record(None, Action.EXPORT, None, clinic_id=clinic.pk, username="taut fhir export",
                   detail={"format": "fhir-ndjson", "counts": counts})  # fmt: skip
        for kind, count in counts.items():
            self.stdout.write(f"{count:8d}  {out / (kind + '.ndjson')}")

    def load(self, path: Path, slug: str, username: str | None):
        clinic = self.clinic(slug)
        user = None
        if username is not None:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user {username!r}.")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            report = import_patients(clinic, text, by=user)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem)
            raise CommandError(f"{refused}.") from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"{len(report.created)} created, {len(report.matched)} matched, "
                          f"{len(report.skipped)} skipped.")  # fmt: skip
