from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from taut.backups import archive, engines


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database to FILE, encrypted when BACKUP_KEY is set. "
        "`taut backup --new-key` prints a new key."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--new-key", action="store_true", help="print a new BACKUP_KEY")

    def handle(self, *args, file, new_key, **options):
        if new_key:
            self.stdout.write(archive.new_key())
            return
        if file is None:
            raise CommandError("name the backup file: taut backup FILE")
        try:
            data = archive.pack(engines.dump(), settings.BACKUP_KEY)
        except archive.BackupError as error:
            raise CommandError(str(error)) from error
        partial = file.with_name(file.name + ".partial")
        try:
            partial.write_bytes(data)
            partial.chmod(0o600)
            partial.replace(file)  # never a half-written file under the real name
        except OSError as error:
            raise CommandError(f"cannot write {file}: {error.strerror}") from error
        state = "encrypted" if settings.BACKUP_KEY else "NOT encrypted (set BACKUP_KEY)"
        self.stdout.write(f"backup written to {file}: {len(data):,} bytes, {state}")
