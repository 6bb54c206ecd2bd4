"""One export of a clinic's data: which rows, in which file, and what the audit trail keeps.
Shared by the exports page and `taut export`."""

from dataclasses import dataclass
from datetime import date

from django.db import models

from taut.episodes.models import Episode
from taut.exports import csvfile, identities, outcomes, sessions
from taut.treatment.models import TreatmentSession


class Kind(models.TextChoices):
    SESSIONS = "sessions", "Treatment sessions (one row per session, with codes)"
    OUTCOMES = "outcomes", "Outcomes (one row per episode and questionnaire)"


@dataclass(frozen=True)
class Export:
    kind: str
    start: date | None
    end: date | None
    pseudonymised: bool
    header: list[str]
    rows: list[list]
    patient_ids: list[int]

    @property
    def filename(self) -> str:
        return filename(self.kind, self.start, self.end, self.pseudonymised)

    def content(self) -> bytes:
        return csvfile.csv_bytes(self.header, self.rows)

    def write(self, out) -> None:
        """The same file into `out`, a text file opened as UTF-8 with newline=""."""
        csvfile.write(out, self.header, self.rows)

    def audit_detail(self) -> dict:
        return {
            "export": self.kind,
            "from": str(self.start) if self.start else "",
            "to": str(self.end) if self.end else "",
            "rows": len(self.rows),
            "patients": self.patient_ids,
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


def build(clinic, kind: str, start=None, end=None, pseudonymise=False, scoped=None) -> Export:
    """The export of `clinic`'s data of `kind` in the range (both days included, either open),
    of the `records` it reads."""
    chosen = records(clinic, kind, start, end, scoped)
    who = identities.for_export(clinic, pseudonymise)
    if kind == Kind.SESSIONS:
        found, header = sessions.rows(chosen, who), sessions.header(who)
    else:
        found, header = outcomes.rows(clinic, chosen, who), outcomes.header(who)
    patient_ids = sorted({record.patient_id for record, _ in found})
    return Export(kind, start, end, pseudonymise, header, [r for _, r in found], patient_ids)
