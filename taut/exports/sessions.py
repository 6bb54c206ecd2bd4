"""The sessions export: one row per treatment session, with what was needled, the billing
code and diagnoses, and adverse events. Codes and muscle counts come from the billing export's
row builder (taut.treatment.rules.billing_lines), so both exports agree."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.utils import timezone

from taut import days
from taut.accounts.models import NAME_FIELDS, display_name
from taut.episodes.models import BodyArea
from taut.exams.models import Side
from taut.exports.batches import batched
from taut.exports.identities import Identified
from taut.kb.catalog import catalog
from taut.patients.models import full_name
from taut.treatment import rules
from taut.treatment.models import (
    AdverseEvent,
    AdverseKind,
    Needling,
    Severity,
    SoftTissue,
    anatomical_id,
)

CLINICAL_COLUMNS = [
    "body area", "pain before", "pain after", "muscles needled", "needlings", "insertions",
    "twitch responses", "soft tissue", "CPT code", "muscles counted for CPT",
    "diagnoses (ICD-10-CM, latest assessment)", "adverse events",
]  # fmt: skip
LIST = "; "


def header(who: Identified) -> list[str]:
    return [*who.patient_columns, *who.episode_columns, who.when, "clinician", *CLINICAL_COLUMNS]


def chosen(sessions, start=None, end=None):
    """`sessions` (a clinic's) performed from `start` to `end`, either open. Bounded by
    instants, which the index on the clinic's sessions by time can use."""
    if start:
        sessions = sessions.filter(performed_at__gte=days.start_of(start))
    if end:
        sessions = sessions.filter(performed_at__lt=days.after(end))
    return sessions


# A session and what its row shows, read as plain values: a month of a large clinic is about
# 14,000 sessions, and reading each with its patient, episode, clinician, needlings and adverse
# events as models was most of the export (issue 18). The patient, episode and clinician carry
# what `identities` asks of them.


@dataclass(frozen=True, slots=True)
class Patient:
    uuid: UUID
    full_name: str
    chart_number: str
    date_of_birth: date | None
    sex: str


@dataclass(frozen=True, slots=True)
class Episode:
    pk: int
    title: str
    opened_on: date
    body_area: str  # its label


@dataclass(frozen=True, slots=True)
class Clinician:
    pk: int
    display_name: str


@dataclass(frozen=True, slots=True)
class Session:
    pk: int
    episode_id: int
    patient_id: int
    performed_at: datetime
    pain_before: int
    pain_after: int | None
    soft_tissue: list[str]
    patient: Patient
    episode: Episode
    clinician: Clinician
    needlings: list[tuple[str, str, int, int]]  # (muscle id, side, insertions, twitches)
    adverse_events: list[str]  # "Bruising (Mild)"

    def needled_muscles(self) -> list[tuple[str, str]]:
        """As `TreatmentSession.needled_muscles`: what `rules.billing_lines` counts."""
        return [(anatomical_id(muscle), side) for muscle, side, _, _ in self.needlings]


SESSION = (
    "pk", "episode_id", "patient_id", "performed_at", "pain_before", "pain_after", "soft_tissue",
    "patient__uuid", "patient__given_name", "patient__family_name", "patient__chart_number",
    "patient__date_of_birth", "patient__sex", "episode__title", "episode__opened_on",
    "episode__body_area", "clinician_id", *(f"clinician__{name}" for name in NAME_FIELDS),
)  # fmt: skip


def read(sessions, size: int) -> Iterator[list[Session]]:
    """`sessions` (a queryset) as `Session`s in order of time, `size` at a time: the sessions
    come from one query read in chunks, each batch's needlings and adverse events from two
    more."""
    areas = dict(BodyArea.choices)
    values = sessions.order_by("performed_at", "pk").values_list(*SESSION).iterator(size)
    for batch in batched(values, size):
        ids = [pk for pk, *_ in batch]
        needlings, events = needlings_of(ids), adverse_events_of(ids)
        yield [
            Session(
                pk, episode_id, patient_id, at, before, after, soft,
                Patient(uuid, full_name(given, family), chart, born, sex),
                Episode(episode_id, title, opened, str(areas.get(area, area))),
                Clinician(clinician_id, display_name(*names)), needlings[pk], events[pk],
            )
            for (pk, episode_id, patient_id, at, before, after, soft, uuid, given, family, chart,
                 born, sex, title, opened, area, clinician_id, *names) in batch
        ]  # fmt: skip


def needlings_of(ids: list[int]) -> dict[int, list[tuple]]:
    """(muscle id, side, insertions, twitches) of each session's needlings, in recorded order."""
    found = defaultdict(list)
    for session_id, *needling in (
        Needling.objects.filter(session__in=ids).order_by("pk")
        .values_list("session_id", "muscle", "side", "insertions", "twitch_responses")
    ):  # fmt: skip
        found[session_id].append(tuple(needling))
    return found


def adverse_events_of(ids: list[int]) -> dict[int, list[str]]:
    """Each session's adverse events as "Bruising (Mild)", in recorded order."""
    kinds, severities = dict(AdverseKind.choices), dict(Severity.choices)
    found = defaultdict(list)
    for session_id, kind, severity in (
        AdverseEvent.objects.filter(session__in=ids).order_by("pk")
        .values_list("session_id", "kind", "severity")
    ):  # fmt: skip
        found[session_id].append(f"{kinds.get(kind, kind)} ({severities.get(severity, severity)})")
    return found


def rows(sessions, who: Identified, size: int) -> Iterator[tuple[Session, list]]:
    """(session, row) for each session of `sessions` (a queryset), in order of time, read
    `size` sessions at a time."""
    for batch in read(sessions, size):
        for line in rules.billing_lines(batch):
            yield line["session"], row(line, who)


def row(line: dict, who: Identified) -> list:
    s, tz = line["session"], timezone.get_current_timezone()
    return [
        *who.patient(s.patient, s.episode),
        *who.episode(s.episode),
        who.day(s.performed_at.astimezone(tz).date(), s.episode),
        who.clinician(s.clinician),
        s.episode.body_area,
        s.pain_before,
        s.pain_after,
        muscles_needled(s.needlings),
        len(s.needlings),
        sum(insertions for _, _, insertions, _ in s.needlings),
        sum(twitches for _, _, _, twitches in s.needlings),
        LIST.join(str(SoftTissue(t).label) if t in SoftTissue.values else t
                  for t in s.soft_tissue),
        line["cpt_code"],
        line["muscles"],
        " ".join(line["diagnoses"]),
        # Kind and severity only: what was done about it is free text and may name people.
        LIST.join(s.adverse_events),
    ]  # fmt: skip


def muscles_needled(needlings) -> str:
    """ "Temporalis (left); Masseter (right)": each muscle and side once, in recorded order."""
    kb = catalog()
    sides = dict(Side.choices)
    named = []
    for muscle, side, *_ in needlings:
        try:
            name = kb.muscle(muscle).name
        except KeyError:
            name = muscle  # a muscle since removed from the knowledge base keeps its id
        named.append(f"{name} ({str(sides.get(side, side)).lower()})")
    return LIST.join(dict.fromkeys(named))
