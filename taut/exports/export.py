"""One export of a clinic's data: which rows, in which file, and what the audit trail keeps.
Shared by the exports page, its background worker and `taut export`."""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import models

from taut.episodes.models import Episode
from taut.exports import csvfile, identities, outcomes, sessions
from taut.treatment.models import TreatmentSession


class Kind(models.TextChoices):
    SESSIONS = "sessions", "Treatment sessions (one row per session, with codes)"
    OUTCOMES = "outcomes", "Outcomes (one row per episode and questionnaire)"


# Records an export reads from the database at a time: what a worker holds while it writes
# the file is one batch, not the whole range. At 1M sessions a whole read held about 2 GB
# (2.2 KB a session at its peak, measured); 2,000 is an engineering choice, the size the FHIR
# export streams in (taut/fhir/export.py), where the queries per batch cost little.
BATCH = 2000


@dataclass
class Export:
    """An export ready to be written. Its rows are read from the database as they are taken,
    once; `count` and `patient_ids` (what the audit trail keeps) are known after that."""

    kind: str
    start: date | None
    end: date | None
    pseudonymised: bool
    header: list[str]
    found: Iterator[tuple[object, list]]  # (record, row): a session or an episode
    count: int = 0
    patient_ids: set[int] = field(default_factory=set)
    taken: bool = False
    # Called with the rows taken so far after each `BATCH` of them (the background worker
    # reports its progress with it, and stops when its export is gone).
    progress: Callable[[int], None] | None = None

    @property
    def filename(self) -> str:
        return filename(self.kind, self.start, self.end, self.pseudonymised)

    def rows(self) -> Iterator[list]:
        """The rows in order, counted with their patients as they are taken."""
        if self.taken:
            raise RuntimeError("An export's rows are read once.")
        self.taken = True
        for record, row in self.found:
            self.count += 1
            self.patient_ids.add(record.patient_id)
            yield row
            if self.progress is not None and self.count % BATCH == 0:
                self.progress(self.count)

    def content(self) -> bytes:
        """The whole file (the page's download, within `PAGE_LIMITS`)."""
        return csvfile.csv_bytes(self.header, self.rows())

    def write(self, out) -> None:
        """The file into `out`, a text file opened as UTF-8 with newline="", a batch at a time."""
        csvfile.write(out, self.header, self.rows())

    def write_whole(self, path: Path, partial: Path, mode: int = 0o666) -> None:
        """The file into `path` whole or not at all: written into `partial` beside it (created
        with `mode`, less the umask) and renamed into place. On failure the part is removed
        and a file already at `path` stays as it was."""
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            with open(handle, "w", encoding="utf-8", newline="") as out:
                self.write(out)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    def audit_detail(self) -> dict:
        """What the audit trail keeps of the export, once its rows are written."""
        if not self.taken:
            raise RuntimeError("Write the export before auditing it: its rows are not counted.")
        return {
            "export": self.kind,
            "from": str(self.start) if self.start else "",
            "to": str(self.end) if self.end else "",
            "rows": self.count,
            "patients": sorted(self.patient_ids),
            "pseudonymised": self.pseudonymised,
        }


def filename(kind: str, start: date | None, end: date | None, pseudonymised: bool) -> str:
    span = "all"
    if start or end:
        span = f"{start or 'first'}-to-{end or 'latest'}"
    return f"{kind}-{span}{'-pseudonymised' if pseudonymised else ''}.csv"


# How many records the exports page writes while the clinician waits: a worker that takes
# longer than its timeout (gunicorn's 30 s by default) is stopped and the file never arrives.
# A larger export is written by the task queue's worker instead (taut/exports/background.py).
# An engineering choice from the 1M-session bench clinic on a shared 2-core machine: about
# 9,000 sessions and 2,800 episodes a second (docs/performance.md): about 17 s and 11 s.
PAGE_LIMITS = {Kind.SESSIONS: 150_000, Kind.OUTCOMES: 30_000}
TITLES = {Kind.SESSIONS: "Treatment sessions", Kind.OUTCOMES: "Outcomes"}
NOUNS = {Kind.SESSIONS: "sessions", Kind.OUTCOMES: "episodes with questionnaires"}


def records(clinic, kind: str, start=None, end=None, scoped=None):
    """The sessions or episodes an export of `kind` reads (a queryset). `scoped(Model)` gives
    the clinic's rows of a model (the access layer, from a view)."""
    scoped = scoped or (lambda model: model.objects.filter(clinic=clinic))
    if kind == Kind.SESSIONS:
        return sessions.chosen(scoped(TreatmentSession), start, end)
    if kind == Kind.OUTCOMES:
        return outcomes.chosen(scoped(Episode), start, end)
    raise ValueError(f"unknown export {kind!r}: choose {' or '.join(Kind.values)}")


def over_page_limit(clinic, kind: str, start=None, end=None, scoped=None) -> int:
    """How many records the export reads when that is more than the page writes at once
    (`PAGE_LIMITS`), else 0."""
    count = records(clinic, kind, start, end, scoped).count()
    return count if count > PAGE_LIMITS[kind] else 0


def too_many(count: int, kind: str) -> str:
    return (
        f"This range holds {count:,} {NOUNS[kind]}, more than the page writes while you wait "
        f"({PAGE_LIMITS[kind]:,})."
    )


def build(clinic, kind: str, start=None, end=None, pseudonymise=False, scoped=None,
          batch=BATCH) -> Export:  # fmt: skip
    """The export of `clinic`'s data of `kind` in the range (both days included, either open),
    of the `records` it reads, `batch` of them at a time."""
    chosen = records(clinic, kind, start, end, scoped)
    who = identities.for_export(clinic, pseudonymise)
    if kind == Kind.SESSIONS:
        found, header = sessions.rows(chosen, who, batch), sessions.header(who)
    else:
        found, header = outcomes.rows(clinic, chosen, who, batch), outcomes.header(who)
    return Export(kind, start, end, pseudonymise, header, found)
