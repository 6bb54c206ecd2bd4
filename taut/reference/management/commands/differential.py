import sys

from django.core.management.base import BaseCommand

from taut.differential import cli


class Command(BaseCommand):
    help = (
        "Rank the trigger points that could explain a pain drawing. Reads JSON on standard "
        'input: {"regions": ["<region id>" or {"id", "intensity", "quality"}, ...], "top": 10, '
        '"movements": [...], "findings": [...]}; writes the differential as JSON.'
    )
    # Standard output carries only the JSON answer; checks would slow a scripted call.
    requires_system_checks = []

    def handle(self, *args, **options):
        status = cli.run(sys.stdin, sys.stdout, sys.stderr)
        sys.stdout.flush()
        if status:
            sys.exit(status)
