import json

from django.core.management.base import BaseCommand, CommandError

from taut.kb.atlas import load_atlas
from taut.kb.errors import DataError


class Command(BaseCommand):
    help = "The body surface atlas: list its regions (as JSON with --json)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        regions = sub.add_parser("regions", help="list the atlas regions")
        regions.add_argument("--json", action="store_true", help="a JSON array of regions")
        regions.add_argument("--view", help="only this view (anterior, posterior, head, plantar)")

    def handle(self, *args, subcommand, **options):
        try:
            atlas = load_atlas()
        except DataError as error:
            raise CommandError(f"atlas data is malformed: {error}") from None
        self.regions(atlas, **options)

    def regions(self, atlas, view=None, **options):
        if view is not None and view not in atlas.views():
            raise CommandError(f"no view {view!r}; the views are {', '.join(atlas.views())}")
        regions = [r for r in atlas.regions if view in (None, r.view)]
        if options.get("json"):
            rows = [
                {"id": r.id, "name": r.name, "view": r.view, "side": r.side,
                 "aliases": list(r.aliases)}
                for r in regions
            ]  # fmt: skip
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in regions:
            self.stdout.write(f"{r.id:<32} {r.view:<10} {r.side:<8} {r.name}")
