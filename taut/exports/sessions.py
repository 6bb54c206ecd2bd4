"""The sessions export: one row per treatment session, with what was needled, the billing
code and diagnoses, and adverse events. Codes and muscle counts come from the billing export's
row builder (taut.treatment.rules.billing_lines), so both exports agree."""

from datetime import timedelta

from django.utils import timezone

from taut import days
from taut.exams.models import Side
from taut.exports.identities import Identified
from taut.kb.catalog import catalog
from taut.treatment import rules
from taut.treatment.models import SoftTissue, TreatmentSession

CLINICAL_COLUMNS = [
    "body area", "pain before", "pain after", "muscles needled", "needlings", "insertions",
    "twitch responses", "soft tissue", "CPT code", "muscles counted for CPT",
    "diagnoses (ICD-10-CM, latest assessment)", "adverse events",
]  # fmt: skip
LIST = "; "


def header(who: Identified) -> list[str]:
    return [*who.patient_columns, *who.episode_columns, who.when, "clinician", *CLINICAL_COLUMNS]


def chosen(sessions, start=None, end=None):
    """`sessions` (a clinic's) performed from `start` to `end`, either open, oldest first.
    Bounded by instants, which the index on the clinic's sessions by time can use."""
    if start:
        sessions = sessions.filter(performed_at__gte=days.start_of(start))
    if end:
        sessions = sessions.filter(performed_at__lt=days.start_of(end + timedelta(days=1)))
    return (
        sessions.select_related("patient", "episode", "clinician")
        .prefetch_related("needlings", "adverse_events")
        .order_by("performed_at", "pk")
    )


def rows(sessions, who: Identified) -> list[tuple[TreatmentSession, list]]:
    """(session, row) for each session, in order."""
    lines = rules.billing_lines(sessions)
    return [(line["session"], row(line, who)) for line in lines]


def row(line: dict, who: Identified) -> list:
    s = line["session"]
    needlings = list(s.needlings.all())
    return [
        *who.patient(s.patient, s.episode),
        *who.episode(s.episode),
        who.day(timezone.localtime(s.performed_at).date(), s.episode),
        who.clinician(s.clinician),
        s.episode.get_body_area_display(),
        s.pain_before,
        s.pain_after,
        muscles_needled(needlings),
        len(needlings),
        sum(n.insertions for n in needlings),
        sum(n.twitch_responses for n in needlings),
        LIST.join(str(SoftTissue(t).label) if t in SoftTissue.values else t
                  for t in s.soft_tissue),
        line["cpt_code"],
        line["muscles"],
        " ".join(line["diagnoses"]),
        # Kind and severity only: what was done about it is free text and may name people.
        LIST.join(f"{e.get_kind_display()} ({e.get_severity_display()})"
                  for e in s.adverse_events.all()),
    ]  # fmt: skip


def muscles_needled(needlings) -> str:
    """ "Temporalis (left); Masseter (right)": each muscle and side once, in recorded order."""
    kb = catalog()
    sides = dict(Side.choices)
    named = []
    for n in needlings:
        try:
            name = kb.muscle(n.muscle).name
        except KeyError:
            name = n.muscle  # a muscle since removed from the knowledge base keeps its id
        named.append(f"{name} ({str(sides.get(n.side, n.side)).lower()})")
    return LIST.join(dict.fromkeys(named))
