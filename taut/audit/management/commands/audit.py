import sys

from django.core.management.base import BaseCommand, CommandError

from taut.audit.verification import verify_stored


class Command(BaseCommand):
    help = "Work with the audit trail. `taut audit verify` checks the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="check every entry against the hash chain")

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            self.verify()

    def verify(self):
        checked, problem, head = verify_stored()
        if problem is not None:
            raise CommandError(
                f"audit trail broken at entry {problem.seq}: {problem.reason} "
                f"({checked} entries read)",
                returncode=1,
            )
        sys.stdout.write(f"audit trail intact: {checked} entries, head {head}\n")
