"""taut export {sessions,outcomes} --clinic SLUG [--from DATE --to DATE] [--pseudonymise]
[--out FILE]: the exports page's CSV from the command line, audited the same way."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.models import Clinic
from taut.exports import export
from taut.exports.forms import ExportForm

AUDIT_USERNAME = "taut export (command line)"


class Command(BaseCommand):
    help = (
        "Write a clinic's sessions or outcomes as CSV (UTF-8 with a byte order mark) to "
        "standard output or --out FILE; see docs/exports.md."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self.usage_error  # argparse's own would print the usage, exit 2
        return parser

    def usage_error(self, message: str):
        """A missing or unknown option: one line and exit status 1, like any other mistake."""
        if not self._called_from_command_line:
            raise CommandError(f"{message[:1].upper()}{message[1:]}.")
        sys.stderr.write(f"CommandError: {message[:1].upper()}{message[1:]}.\n")
        sys.exit(1)

    def add_arguments(self, parser):
        # Checked by the exports form, not argparse, so a mistake is one line and exit 1.
        parser.add_argument("kind", help="sessions or outcomes")
        parser.add_argument("--clinic", required=True, metavar="SLUG", help="the clinic's slug")
        parser.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD")
        parser.add_argument("--pseudonymise", action="store_true")
        parser.add_argument(
            "--out", metavar="FILE", help="file to write (standard output when left out)"
        )

    def handle(self, *args, kind, clinic, start, end, pseudonymise, out, **options):
        try:
            clinic = Clinic.objects.get(slug=clinic)
        except Clinic.DoesNotExist:
            raise CommandError(f"No clinic with the slug {clinic!r}.") from None
        form = ExportForm({"kind": kind, "start": start, "end": end,
                           "pseudonymise": pseudonymise})  # fmt: skip
        if not form.is_valid():
            raise CommandError(" ".join(e for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        result = export.build(clinic, data["kind"], data["start"], data["end"], pseudonymise)
        if out:
            try:
                write_file(result, Path(out))
            except OSError as error:
                raise CommandError(f"Cannot write {out}: {error.strerror}.") from None
        else:
            result.write(Unended(self.stdout))
        log.record(None, Action.EXPORT, None, username=AUDIT_USERNAME, clinic_id=clinic.pk,
                   detail=result.audit_detail())  # fmt: skip
        if out:
            self.stderr.write(f"Wrote {result.count} rows to {out}.")


def write_file(result: export.Export, path: Path) -> None:
    """The export into `path` whole or not at all (`Export.write_whole`); a device or a pipe
    (/dev/stdout, a FIFO) is written directly."""
    if path.exists() and not path.is_file():
        with path.open("w", encoding="utf-8", newline="") as file:
            result.write(file)
    else:
        result.write_whole(path, path.with_name(f".{path.name}.part"))


class Unended:
    """The command's output as a text file: each write as it is, no line ending added."""

    def __init__(self, output) -> None:
        self.output = output

    def write(self, text: str) -> None:
        self.output.write(text, ending="")
