from collections import defaultdict
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
        "Work with the audit trail: `verify` checks each clinic's hash chain (and, with "
        "--checkpoint, that none was cut short), `checkpoint` records their signed heads in a "
        "file, "
        "`grants ROLE` prints the PostgreSQL grants for the app's role."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="check every entry against its hash chain")
        verify.add_argument(
            "--checkpoint", type=Path, help="a checkpoint file written by `taut audit checkpoint`"
        )
        point = sub.add_parser("checkpoint", help="append every chain's signed head to a file")
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
        reports = verify_stored()
        for report in reports:
            self.stdout.write(report.describe())
        broken = [report for report in reports if report.problem is not None]
        if broken:
            first = broken[0]
            raise CommandError(
                f"audit trail broken at entry {first.problem.seq} of chain {first.label}: "
                f"{first.problem.reason}; {len(broken)} of {len(reports)} chains broken",
                returncode=1,
            )
        if checkpoint_file is not None:
            try:
                points = checkpoint.read(checkpoint_file, checkpoint_key())
            except checkpoint.CheckpointError as error:
                raise CommandError(str(error), returncode=2) from error
            mismatch = checkpoint.check(points, stored_hashes(points))
            if mismatch is not None:
                raise CommandError(
                    f"audit trail does not fit its checkpoints: {mismatch}", returncode=1
                )
            self.stdout.write(f"{len(points)} checkpoints fit. ", ending="")
        entries = sum(report.entries for report in reports)
        self.stdout.write(f"audit trail intact: {entries} entries in {len(reports)} chains")

    def checkpoint(self, path: str | Path):
        if not path:
            raise CommandError("name the file: --file PATH, or set AUDIT_CHECKPOINT_FILE")
        at = timezone.now().isoformat(timespec="seconds")
        points = [
            checkpoint.Checkpoint(seq=head.seq, hash=head.hash, at=at, chain=head.chain)
            for head in ChainHead.objects.order_by("chain")
        ]
        try:
            for point in points:
                checkpoint.append(Path(path), point, checkpoint_key())
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from error
        for point in points:
            self.stdout.write(f"checkpoint: {point.chain} entry {point.seq}, hash {point.hash}")
        self.stdout.write(f"{len(points)} chain heads written to {path}")


def stored_hashes(points: list[checkpoint.Checkpoint]):
    """A lookup (chain, seq) -> stored hash for the entries the checkpoints name."""
    wanted = defaultdict(set)
    for point in points:
        wanted[point.chain].add(point.seq)
    stored = {}
    for chain, seqs in wanted.items():
        rows = AuditEntry.objects.filter(chain=chain, seq__in=seqs).values_list("seq", "hash")
        stored.update({(chain, seq): hash for seq, hash in rows})
    return lambda chain, seq: stored.get((chain, seq))
