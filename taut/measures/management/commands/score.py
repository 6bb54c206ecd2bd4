import sys

from django.core.management.base import BaseCommand

from taut.scoring import cli
from taut.scoring.registry import INSTRUMENTS


class Command(BaseCommand):
    help = (
        "Score an outcome measure from JSON on standard input: taut score INSTRUMENT "
        f"[--jsonl], INSTRUMENT one of {' '.join(INSTRUMENTS)}. Item instruments take "
        '{"items": [...]} with null for a missing item; see docs/scoring.md.'
    )
    # Standard output carries only the scores; checks would slow batch imports.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("arguments", nargs="*", help="INSTRUMENT [--jsonl]")
        parser.add_argument("--jsonl", action="store_true", help="one case per input line")

    def handle(self, *args, arguments, jsonl=False, **options):
        argv = [*arguments, *(["--jsonl"] if jsonl else [])]
        status = cli.run(argv, sys.stdin, sys.stdout, sys.stderr)
        sys.stdout.flush()
        if status:
            sys.exit(status)
