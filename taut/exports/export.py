"""One export of a clinic's data: which rows, in which file, and what the audit trail keeps.
Shared by the exports page and `taut export`."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.html import format_html, format_html_join

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
        span = "all"
        if self.start or self.end:
            span = f"{self.start or 'first'}-to-{self.end or 'latest'}"
        return f"{self.kind}-{span}{'-pseudonymised' if self.pseudonymised else ''}.csv"

    def content(self) -> bytes:
        return csvfile.csv_bytes(self.header, self.rows)

    def audit_detail(self) -> dict:
        return {
            "export": self.kind,
            "from": str(self.start) if self.start else "",
            "to": str(self.end) if self.end else "",
            "rows": len(self.rows),
            "patients": self.patient_ids,
            "pseudonymised": self.pseudonymised,
        }


# How many records the exports page writes in one request: a worker that takes longer than
# its timeout (gunicorn's 30 s by default) is stopped and the file never arrives. An
# engineering choice from the 1M-session bench clinic on a shared 2-core machine: about 9,000
# sessions and 2,800 episodes a second (docs/performance.md): about 17 s and 11 s.
# `taut export` on the command line has none.
PAGE_LIMITS = {Kind.SESSIONS: 150_000, Kind.OUTCOMES: 30_000}
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


def over_page_limit(clinic, kind: str, start=None, end=None, scoped=None) -> str:
    """Why the page will not write this export (too many records), or "" when it will."""
    count = records(clinic, kind, start, end, scoped).count()
    limit = PAGE_LIMITS[kind]
    if count <= limit:
        return ""
    command = [f"taut export {kind}", f"--clinic {clinic.slug}"]
    command += [f"--from {start}"] if start else []
    command += [f"--to {end}"] if end else []
    return format_html(
        "This range holds {} {}; the page writes at most {} at a time. Choose a shorter range, "
        "or ask whoever runs Taut for your clinic to write the file on the server, where there "
        "is no limit: <code>{}</code>",
        f"{count:,}", NOUNS[kind], f"{limit:,}",
        # each option with its value on one line: a line breaks between them, not at a "--"
        format_html_join(" ", '<span class="nowrap">{}</span>', ((part,) for part in command)),
    )  # fmt: skip


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
