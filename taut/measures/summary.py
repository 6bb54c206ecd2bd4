"""The re-assessment and discharge summary of an episode: one page a clinician hands over.

Everything the summary shows comes from the progress page (per-measure verdicts and charts)
and from the episode's records, read in a fixed number of queries however many sessions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.safestring import mark_safe

from taut.clinical.delphi import Classification
from taut.exams.models import Assessment, RangeOfMotion
from taut.icd10 import search as icd10
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.kb.figure import render_svg
from taut.measures.progress import Panel, episode_progress, movement_name, region_areas
from taut.patients.chart import drawing_marks
from taut.reference.maps import figure_views
from taut.treatment.models import TreatmentSession

# WeasyPrint does not apply the page's stylesheet inside inline SVG, so each figure carries its
# own: the body figure's default fills would otherwise hide the pain drawing.
PAIN_FILLS = ("#fff3c4", "#ffe59a", "#ffd36e", "#ffbd4a", "#ffa23a",
              "#f7832f", "#ec6428", "#db4722", "#c42d1c", "#a31515")  # fmt: skip
FIGURE_STYLE = (
    "path.region{fill:#fbfcfc;stroke:#8c9aa3;stroke-width:.8}"
    + "".join(f"path.region.pain-{n}{{fill:{c}}}" for n, c in enumerate(PAIN_FILLS, 1))
    + "text{display:none}"
)
CHART_STYLE = (
    # Larger than the progress page's: here two charts share the width of a page.
    "text{font-family:'Taut Sans','Liberation Sans',Arial,sans-serif;font-size:16px;fill:#333}"
    ".axis-label{font-size:13px}.legend-label{fill:#1f2a33;font-size:15px}"
    ".guide-label{fill:#a3261c;font-weight:600;font-size:15px}"
)


@dataclass(frozen=True)
class Drawing:
    label: str
    on: datetime
    figures: list[str]  # front and back SVGs, safe


@dataclass(frozen=True)
class RomChange:
    movement: str
    side: str
    first: RangeOfMotion
    latest: RangeOfMotion | None  # None when measured once


@dataclass(frozen=True)
class Palpated:
    on: datetime
    active: list[str]
    latent: list[str]


@dataclass(frozen=True)
class Needled:
    muscle: str
    side: str
    sessions: int
    insertions: int


@dataclass(frozen=True)
class Summary:
    episode: object
    sessions: list
    panels: list[tuple[Panel, str]]  # each measure with its chart's SVG
    diagnoses: list[tuple[str, str]]
    drawings: list[Drawing]
    rom: list[RomChange]
    palpated: list[Palpated]
    needled: list[Needled]
    adverse_count: int
    adverse_kinds: list[tuple[str, int]]
    recommendations: str
    exercises: str
    clinician: object
    written_on: date


def episode_summary(episode, thresholds) -> Summary:
    """The summary of `episode` (loaded through the access door) as of today."""
    assessments = list(
        episode.assessments.select_related("clinician")
        .prefetch_related("diagnoses", "palpations")
        .order_by("performed_at", "pk")
    )
    sessions = list(
        episode.sessions.select_related("clinician")
        .prefetch_related("needlings", "adverse_events")
        .order_by("performed_at", "pk")
    )
    intakes = list(episode.intakes.order_by("recorded_at", "pk"))
    adverse = [event for s in sessions for event in s.adverse_events.all()]
    latest = sessions[-1] if sessions else None
    return Summary(
        episode=episode,
        sessions=sessions,
        panels=[
            (p, with_style(p.chart.svg(), CHART_STYLE))
            for p in episode_progress(episode, thresholds)
        ],
        diagnoses=episode_diagnoses(assessments),
        drawings=drawings(intakes),
        rom=rom_changes(episode),
        palpated=[palpated(a) for a in assessments if a.palpations.all()],
        needled=needled(sessions),
        adverse_count=len(adverse),
        adverse_kinds=Counter(e.get_kind_display() for e in adverse).most_common(),
        recommendations=latest.comments.strip() if latest else "",
        exercises=latest.exercises.strip() if latest else "",
        clinician=responsible(episode, assessments, sessions),
        written_on=timezone.localdate(),
    )


def with_style(svg: str, css: str) -> str:
    """`svg` with a <style> element as its first child."""
    end = svg.index(">") + 1
    return mark_safe(f"{svg[:end]}<style>{css}</style>{svg[end:]}")


def episode_diagnoses(assessments) -> list[tuple[str, str]]:
    """Every code diagnosed in the episode, once, with its ICD-10-CM label."""
    codes = sorted({d.code for a in assessments for d in a.diagnoses.all()})
    labels = icd10.describe(codes)
    return [(code, labels.get(code, "")) for code in codes]


def drawings(intakes) -> list[Drawing]:
    """The first and the latest pain drawing (the first only when there is one intake)."""
    if not intakes:
        return []
    chosen = [("First", intakes[0])]
    if len(intakes) > 1:
        chosen.append(("Latest", intakes[-1]))
    known = region_areas()
    out = []
    for label, intake in chosen:
        marks = {k: v for k, v in drawing_marks(intake.drawing).items() if k in known}
        figures = [
            with_style(render_svg(view, marked=marks, id_prefix=f"{label.lower()}-"), FIGURE_STYLE)
            for view in figure_views(load_atlas(), marks)
        ]
        out.append(Drawing(label, intake.recorded_at, figures))
    return out


def rom_changes(episode) -> list[RomChange]:
    """Each movement and side: its first and latest measurement, by the day it was taken."""
    rows = RangeOfMotion.objects.filter(assessment__episode=episode).select_related("assessment")
    rows = [
        *rows,
        *RangeOfMotion.objects.filter(session__episode=episode).select_related("session"),
    ]
    groups: dict[tuple[str, str], list] = {}
    for row in sorted(rows, key=lambda r: ((r.assessment or r.session).performed_at, r.pk)):
        groups.setdefault((row.movement, row.side), []).append(row)
    return [
        RomChange(
            movement_name(movement),
            measured[0].get_side_display(),
            measured[0],
            measured[-1] if len(measured) > 1 else None,
        )  # fmt: skip
        for (movement, _), measured in groups.items()
    ]


def palpated(assessment: Assessment) -> Palpated:
    kb = catalog()
    found: dict[str, list[str]] = {Classification.ACTIVE: [], Classification.LATENT: []}
    for finding in assessment.palpations.all():
        kind = finding.classification
        if kind in found:
            found[kind].append(point_name(kb, finding.trigger_point, finding.get_side_display()))
    return Palpated(
        assessment.performed_at, found[Classification.ACTIVE], found[Classification.LATENT]
    )


def point_name(kb, tp_id: str, side: str) -> str:
    try:
        tp = kb.trigger_point(tp_id)
    except KeyError:
        return f"{tp_id}, {side.lower()}"
    return f"{kb.muscle(tp.muscle_id).name}, {tp.name[0].lower()}{tp.name[1:]}, {side.lower()}"


def needled(sessions: list[TreatmentSession]) -> list[Needled]:
    """Muscles needled in the episode, by side: in how many sessions, how many insertions."""
    kb = catalog()
    in_sessions: Counter = Counter()
    insertions: Counter = Counter()
    for session in sessions:
        seen = set()
        for needling in session.needlings.all():
            key = (needling.muscle, needling.get_side_display())
            insertions[key] += needling.insertions
            seen.add(key)
        in_sessions.update(seen)
    return [
        Needled(muscle_name(kb, muscle), side, count, insertions[(muscle, side)])
        for (muscle, side), count in sorted(in_sessions.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def muscle_name(kb, muscle_id: str) -> str:
    try:
        return kb.muscle(muscle_id).name
    except KeyError:
        return muscle_id


def responsible(episode, assessments, sessions):
    """The clinician who saw the patient last, else whoever opened the episode."""
    seen = [(s.performed_at, s.clinician) for s in sessions]
    seen += [(a.performed_at, a.clinician) for a in assessments]
    return max(seen, key=lambda pair: pair[0])[1] if seen else episode.created_by
