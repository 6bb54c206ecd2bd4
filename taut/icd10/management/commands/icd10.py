"""taut icd10 load | taut icd10 search WORDS: refresh the ICD-10-CM table from the installed
simple-icd-10-cm package (after upgrading it for CMS's October or April release), or look
codes up."""

from django.core.management.base import BaseCommand, CommandError

from taut.icd10 import load, search
from taut.icd10.models import Icd10Code


class Command(BaseCommand):
    help = "Load the ICD-10-CM code set from the simple-icd-10-cm package, or search it."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "search"])
        parser.add_argument("words", nargs="*")

    def handle(self, action, words, **options):
        if action == "load":
            count = load.load(Icd10Code)
            self.stdout.write(f"Loaded {count} ICD-10-CM codes, release {load.release()}.")
            return
        if not words:
            raise CommandError("Give a code or words to search for.")
        for code in search.search(" ".join(words)):
            mark = "" if code.billable else "  (not billable: pick a code under it)"
            self.stdout.write(f"{code.code}\t{code.description}{mark}")
