from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from taut.audit import checkpoint
from taut.audit.grants import grants_sql
from taut.audit.models import AuditEntry, ChainHead
from taut.audit.verification import verify_stored


def checkpoint_key() -> str:
    return settings.AUDIT_CHECKPOINT_KEY or settings.SECRET_KEY


class Command(BaseCommand):
    help = (
        "Work with the audit trail: `verify` checks the hash chain (and, with --checkpoint, "
        "that it was not cut short), `checkpoint` records its signed head in a file, "
        "`grants ROLE` prints the PostgreSQL grants for the app's role."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="check every entry against the hash chain")
        verify.add_argument(
            "--checkpoint", type=Path, help="a checkpoint file written by `taut audit checkpoint`"
        )
        point = sub.add_parser("checkpoint", help="append the signed chain head to a file")
        point.add_argument("--file", type=Path, help="default: AUDIT_CHECKPOINT_FILE")
        grants = sub.add_parser("grants", help="print the grants for the app's database role")
        grants.add_argument("role")

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            self.verify(options["checkpoint"])
        elif subcommand == "checkpoint":
            self.checkpoint(options["file"] or settings.AUDIT_CHECKPOINT_FILE)
        else:
            try:
                self.stdout.write(grants_sql(options["role"]), ending="")
            except ValueError as error:
                raise CommandError(str(error)) from error

    def verify(self, checkpoint_file: Path | None):
        checked, problem, head = verify_stored()
        if problem is not None:
            raise CommandError(
                f"audit trail broken at entry {problem.seq}: {problem.reason} "
                f"({checked} entries read)",
                returncode=1,
            )
        if checkpoint_file is not None:
            try:
                points = checkpoint.read(checkpoint_file, checkpoint_key())
            except checkpoint.CheckpointError as error:
                raise CommandError(str(error), returncode=2) from error
            stored = dict(
                AuditEntry.objects.filter(seq__in=[p.seq for p in points]).values_list(
                    "seq", "hash"
                )
            )
            mismatch = checkpoint.check(points, stored.get)
            if mismatch is not None:
                raise CommandError(
                    f"audit trail does not fit its checkpoints: {mismatch}", returncode=1
                )
            self.stdout.write(f"{len(points)} checkpoints fit. ", ending="")
        self.stdout.write(f"audit trail intact: {checked} entries, head {head}")

    def checkpoint(self, path: str | Path):
        if not path:
            raise CommandError("name the file: --file PATH, or set AUDIT_CHECKPOINT_FILE")
        head = ChainHead.objects.filter(pk=1).first()
        point = checkpoint.Checkpoint(
            seq=head.seq if head else 0,
            hash=head.hash if head else "0" * 64,
            at=timezone.now().isoformat(timespec="seconds"),
        )
        try:
            checkpoint.append(Path(path), point, checkpoint_key())
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from error
        self.stdout.write(f"checkpoint: entry {point.seq}, hash {point.hash}, written to {path}")
