"""A patient's progress in plain words: their pain over time (diary, intake forms, visits) and
each questionnaire's first and latest score, judged by the same clinically important changes
as the clinician's progress page (taut.scoring.mcid, or the clinic's own thresholds)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from taut.measures.charts import Chart, Series
from taut.measures.instruments import SPECS
from taut.measures.verdicts import required
from taut.portal.models import PainDiaryEntry
from taut.scoring import Thresholds, improvement

# What each questionnaire measures, in words a patient uses.
PLAIN_NAMES = {
    "nprs": "pain rating",
    "psfs": "score for the activities you find hard",
    "ndi": "neck disability score",
    "odi": "back disability score",
    "quickdash": "arm, shoulder and hand score",
    "fiqr": "fibromyalgia impact score",
}
SOURCES = {
    "diary": "in your diary",
    "intake": "on your intake form",
    "visit": "at your visit",
    "nprs": "on your pain questionnaire",
}
DIARY_SERIES = "Pain diary (patient-reported)"


@dataclass(frozen=True)
class PainPoint:
    when: date | datetime
    pain: int
    source: str  # a key of SOURCES


@dataclass(frozen=True)
class Story:
    """One sentence about one measure; `tone` is "better", "not-yet", "worse", "same" or "one"."""

    text: str
    tone: str


def pain_points(episode, responses=()) -> list[PainPoint]:
    """Every 0-10 pain rating of the episode, oldest first: the diary, intakes, visits and the
    NPRS questionnaires among `responses`. One measure, so the patient reads one verdict on it."""
    points = [PainPoint(e.recorded_on, e.pain, "diary") for e in diary_entries(episode)]
    points += [
        PainPoint(timezone.localtime(r.answered_at), round(r.score), "nprs")
        for r in responses
        if r.instrument == "nprs"
    ]
    points += [
        PainPoint(timezone.localtime(i.recorded_at), i.pain_now, "intake")
        for i in episode.intakes.all()
    ]
    points += [
        PainPoint(timezone.localtime(s.performed_at), s.pain_before, "visit")
        for s in episode.sessions.all()
    ]
    return sorted(points, key=lambda p: _day(p.when))


def diary_entries(episode):
    """The patient's diary entries of `episode`: those saved with it, and those saved with no
    episode (none was open) on a day within it, from its opening to its discharge or today."""
    last = episode.discharged_on or timezone.localdate()
    unlinked = Q(episode__isnull=True, recorded_on__gte=episode.opened_on, recorded_on__lte=last)
    return PainDiaryEntry.objects.filter(
        Q(episode=episode) | unlinked, patient_id=episode.patient_id
    ).order_by("recorded_on", "pk")


def _day(when: date | datetime) -> tuple:
    if isinstance(when, datetime):
        return (when.date(), 1, when.time())
    return (when, 0, None)


def _on(when: date | datetime) -> str:
    return f"{when:%-d %B}"


def pain_story(points: list[PainPoint], thresholds: Thresholds) -> Story | None:
    if not points:
        return None
    first, last = points[0], points[-1]
    start = f"{first.pain}/10 {SOURCES[first.source]} on {_on(first.when)}"
    if len(points) == 1:
        return Story(f"Your pain was {start}. Log it again to see how it changes.", "one")
    end = f"{last.pain}/10 {SOURCES[last.source]} on {_on(last.when)}"
    change = improvement("nprs", first.pain, last.pain, thresholds)
    return Story(*_judge(f"Your pain went from {start} to {end}", change, "pain"))


def questionnaire_stories(responses, thresholds: Thresholds) -> list[Story]:
    """One story per questionnaire with a defined important change, in questionnaire order;
    the NPRS is told in the pain story (pain_points), not twice."""
    by_name: dict[str, list] = {}
    for response in responses:
        by_name.setdefault(response.instrument, []).append(response)
    return [
        questionnaire_story(name, by_name[name], thresholds)
        for name in PLAIN_NAMES
        if name in by_name and name != "nprs"
    ]


def questionnaire_story(name: str, responses: list, thresholds: Thresholds) -> Story:
    spec, plain = SPECS[name], PLAIN_NAMES[name]
    first, last = responses[0], responses[-1]
    better = "higher is better" if spec.higher_is_better else "lower is better"
    if last is first:
        return Story(
            f"Your {plain} was {spec.shows(first.score)} on "
            f"{_on(timezone.localtime(first.answered_at))} ({better}). Fill it in again later "
            "to see how it changes.",
            "one",
        )
    change = improvement(name, first.score, last.score, thresholds)
    text = f"Your {plain} went from {spec.shows(first.score)} to {spec.shows(last.score)}"
    return Story(*_judge(text, change, plain))


def _judge(text: str, change, plain: str) -> tuple[str, str]:
    """`text` finished with what the change means."""
    if change.important:
        return f"{text}: a real improvement.", "better"
    if change.difference > 0:
        need = required(change.rule)
        return (
            f"{text}: a little better, not yet by the {need} that count as a real change.",
            "not-yet",
        )
    if change.difference < 0:
        return f"{text}: worse than at the start. Tell your clinician at your next visit.", "worse"
    return f"{text}: no change yet.", "same"


def pain_chart(points: list[PainPoint], slug: str = "my-pain") -> Chart | None:
    """The pain ratings as lines by where they were given, for the portal page."""
    if not points:
        return None
    series = []
    for source, name in (("diary", "Your diary"), ("visit", "At your visits"),
                         ("intake", "Intake forms"), ("nprs", "Pain questionnaire")):  # fmt: skip
        mine = tuple((p.when, p.pain) for p in points if p.source == source)
        if mine:
            series.append(Series(name, mine))
    description = (
        f"Your pain from 0 (none) to 10 (worst) over time: {points[0].pain}/10 on "
        f"{_on(points[0].when)} and {points[-1].pain}/10 on {_on(points[-1].when)}."
    )
    return Chart(slug, "Your pain over time", description, "Pain (0-10)", (0, 10), tuple(series))


def svg(chart: Chart | None) -> str:
    return mark_safe(chart.svg()) if chart else ""  # charts.py escapes every text it draws


# --- the clinician's progress page -------------------------------------------------------------


def with_diary(panels: list, entries: list[PainDiaryEntry]) -> list:
    """The progress page's panels with the patient's pain diary (`entries`, oldest first) on
    the session pain chart, or in a panel of its own when there are no sessions, marked as
    patient-reported."""
    from taut.measures.progress import Panel
    from taut.measures.verdicts import Verdict

    if not entries:
        return panels
    points = tuple((e.recorded_on, e.pain) for e in entries)
    summary = (
        f" Pain diary (reported by the patient at home): {len(entries)} "
        f"entr{'y' if len(entries) == 1 else 'ies'} from {entries[0].recorded_on:%Y-%m-%d} to "
        f"{entries[-1].recorded_on:%Y-%m-%d}, first {entries[0].pain}/10, latest "
        f"{entries[-1].pain}/10."
    )
    for k, panel in enumerate(panels):
        if panel.slug == "session-pain":
            chart = replace(
                panel.chart,
                title="Pain: sessions and the patient's diary",
                description=panel.chart.description + summary,
                series=(*panel.chart.series, Series(DIARY_SERIES, points)),
            )
            heading = "Pain before and after each session, and the pain diary (0-10)"
            return [*panels[:k], replace(panel, chart=chart, heading=heading), *panels[k + 1 :]]
    chart = Chart(
        "chart-diary", "The patient's pain diary", summary.strip(), "Pain (0-10)", (0, 10),
        (Series(DIARY_SERIES, points),),
    )  # fmt: skip
    verdict = Verdict("info", summary.strip())
    return [Panel("pain-diary", "Pain diary (patient-reported, 0-10)", chart, verdict), *panels]
