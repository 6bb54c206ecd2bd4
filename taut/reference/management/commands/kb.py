import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from taut.kb.care import load_aftercare, load_prevention
from taut.kb.catalog import GROUPS, Catalog, catalog, load_catalog
from taut.kb.errors import DataError
from taut.kb.exercises import library, load_library
from taut.kb.export import muscle_to_dict, muscle_to_text
from taut.kb.vocab import did_you_mean


class Command(BaseCommand):
    help = "The trigger point knowledge base: list muscles, show one, or check the data files."

    def add_arguments(self, parser):
        parser.add_argument("--data", type=Path, help="check this data folder instead")
        sub = parser.add_subparsers(dest="subcommand", required=True)
        muscles = sub.add_parser("muscles", help="list muscles (as JSON with --json)")
        muscles.add_argument("--json", action="store_true", help="a JSON array of muscles")
        muscles.add_argument("--group", choices=list(GROUPS), help="only this body group")
        show = sub.add_parser("show", help="one muscle for a person, by id, name or alias")
        show.add_argument("name", nargs="+")
        sub.add_parser("check", help="validate the data files and print what they hold")

    def handle(self, *args, subcommand, data=None, **options):
        try:
            kb = load_catalog(data) if data else catalog()
            if subcommand == "check":
                options["exercises"] = load_library(data) if data else library()
                load_prevention(data), load_aftercare(data)
        except DataError as error:
            raise CommandError(f"knowledge base data is malformed: {error}") from None
        getattr(self, f"do_{subcommand}")(kb, **options)

    def do_muscles(self, kb: Catalog, json=False, group=None, **options):
        muscles = [m for m in kb.muscles if group in (None, m.group)]
        if json:
            self.stdout.write(dump([muscle_to_dict(m) for m in muscles]))
            return
        for m in muscles:
            points = len(m.trigger_points)
            risk = "  pneumothorax risk" if m.pneumothorax_risk else ""
            self.stdout.write(f"{m.id:<34} {m.name:<40} {points} TrP{risk}")

    def do_show(self, kb: Catalog, name, **options):
        self.stdout.write(muscle_to_text(find_muscle(kb, " ".join(name))))

    def do_check(self, kb: Catalog, exercises=None, **options):
        points = sum(len(m.trigger_points) for m in kb.muscles)
        self.stdout.write(
            f"knowledge base valid: {len(kb.muscles)} muscles, {points} trigger points, "
            f"{len(kb.regions)} base regions, {len(exercises.exercises)} exercises, "
            f"prevention advice for {len(kb.causes)} causes, aftercare sheet"
        )


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def find_muscle(kb: Catalog, name: str):
    """The one muscle an id, name or alias names; a clear error when none or several do."""
    key = name.strip().lower().replace(" ", "_")
    for muscle in kb.muscles:
        if key in (muscle.id, muscle.name.lower().replace(" ", "_")):
            return muscle
    found = kb.search(name)
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(f"{m.id} ({m.name})" for m in found[:12])
        raise CommandError(f"{name!r} matches several muscles: {names}")
    hint = did_you_mean(key, [m.id for m in kb.muscles])
    raise CommandError(f"no muscle called {name!r}{hint}.")
