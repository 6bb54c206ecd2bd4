from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from taut.audit.verification import verify_stored
from taut.backups import archive, engines

COUNTED = ("clinics.Clinic", "patients.Patient", "notes.ClinicalNote", "audit.AuditEntry")


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `taut backup`, then check the audit "
        "trail. Stop Taut first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: every current record is replaced"
        )

    def handle(self, *args, file, yes, **options):
        if not yes:
            raise CommandError("restoring replaces every record in this database; add --yes")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from error
        try:
            engines.load(archive.unpack(data, settings.BACKUP_KEY))
        except archive.BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(
            f"{apps.get_model(label).objects.count()} {label.split('.')[1].lower()}s"
            for label in COUNTED
        )
        self.stdout.write(f"restored from {file}: {counts}")
        reports = verify_stored()
        broken = [report.describe() for report in reports if report.problem is not None]
        if broken:
            raise CommandError(f"restored, but the audit trail is broken: {'; '.join(broken)}")
        self.stdout.write(f"audit trail intact: {sum(r.entries for r in reports)} entries")
