"""An episode's progress: each measure over time as a chart, with a plain-language verdict.

Measures: pain before and after each session, every questionnaire, range of motion per
movement, and how much of the body the pain drawings cover. The records are read in one query
per kind, however many sessions the episode has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from django.utils import timezone
from django.utils.safestring import mark_safe

from taut.exams.models import RangeOfMotion
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.kb.figure import BODY_SCALE, HEAD_SCALE, SOLE_SCALE
from taut.measures import verdicts
from taut.measures.charts import Chart, Guide, Series, nice_top, number
from taut.measures.instruments import SPECS, Spec
from taut.measures.models import Instrument
from taut.measures.verdicts import Verdict
from taut.scoring import Thresholds

# Canvas units per head height in each view of the body figure: dividing a region's area by
# the square of its view's scale puts the front, back, head and soles on one scale.
VIEW_SCALE = {"anterior": BODY_SCALE, "posterior": BODY_SCALE, "head": HEAD_SCALE,
              "plantar": SOLE_SCALE}  # fmt: skip
VIEW_NAMES = {"anterior": "front", "posterior": "back", "head": "head", "plantar": "soles"}


@dataclass(frozen=True)
class Panel:
    """One measure on the progress page."""

    slug: str
    heading: str
    chart: Chart
    verdict: Verdict
    note: str = ""

    @property
    def svg(self) -> str:
        return mark_safe(self.chart.svg())  # charts.py escapes every text it draws


def episode_progress(episode, thresholds: Thresholds) -> list[Panel]:
    """Every measure of the episode that has at least one value, in a fixed order."""
    # Each record's columns the charts draw (and its episode's id, which the related manager
    # reads), not its notes, findings or differential (issue 18).
    shown = ("episode", "performed_at", "pain_before", "pain_after")
    sessions = list(episode.sessions.order_by("performed_at", "pk").only(*shown))
    responses = list(episode.responses.in_order())
    left_out = [r for r in responses if not r.is_counted]
    responses = [r for r in responses if r.is_counted]
    rom_rows = range_of_motion_rows(episode)
    intakes = list(
        episode.intakes.order_by("recorded_at", "pk").only("episode", "recorded_at", "drawing")
    )
    panels = [session_pain(sessions, thresholds)]
    panels += with_left_out(questionnaires(responses, thresholds), left_out)
    panels += range_of_motion(rom_rows)
    panels.append(drawing_extent(intakes))
    return [p for p in panels if p is not None]


def range_of_motion_rows(episode) -> list:
    """The episode's range-of-motion rows, taken at its assessments or its sessions, in pk
    order. Two queries, each on its own index: one OR across both joins made PostgreSQL scan
    the whole table (issue 18)."""
    taken = ("assessment__performed_at", "session__performed_at")
    shown = ("movement", "side", "degrees", "normal_degrees", "assessment", "session", *taken)
    rows = RangeOfMotion.objects.select_related("assessment", "session").only(*shown)
    found = {r.pk: r for r in rows.filter(assessment__episode=episode)}
    found.update((r.pk, r) for r in rows.filter(session__episode=episode))
    return [found[pk] for pk in sorted(found)]


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def day(moment: datetime) -> str:
    return f"{local(moment):%Y-%m-%d}"


# --- pain in the sessions ----------------------------------------------------------------------


def session_pain(sessions, thresholds: Thresholds) -> Panel | None:
    if not sessions:
        return None
    spec = SPECS["nprs"]
    before = Series(
        "Before treatment", tuple((local(s.performed_at), s.pain_before) for s in sessions)
    )
    after = Series(
        "After treatment",
        tuple((local(s.performed_at), s.pain_after) for s in sessions if s.pain_after is not None),
    )
    first, last = sessions[0], sessions[-1]
    guides = _guide(spec, first.pain_before, thresholds)
    name = "pain before treatment"
    if len(sessions) > 1:
        verdict = verdicts.change(spec, first.pain_before, last.pain_before, thresholds, name)
    else:
        verdict = verdicts.baseline(spec, first.pain_before, day(first.performed_at), name)
    description = (
        f"Pain rated 0 to 10 before and after each of {len(sessions)} session"
        f"{'s' if len(sessions) != 1 else ''}, from {day(first.performed_at)} to "
        f"{day(last.performed_at)}. Before treatment: {first.pain_before} at the first session, "
        f"{last.pain_before} at the latest." + _guide_sentence(guides)
    )
    chart = Chart(
        "chart-session-pain", "Pain before and after each session", description,
        "Pain (0-10)", (0, 10), (before, after), guides,
    )  # fmt: skip
    return Panel("session-pain", "Pain before and after each session (0-10)", chart, verdict)


# --- questionnaires ----------------------------------------------------------------------------


def questionnaires(responses, thresholds: Thresholds) -> list[Panel]:
    by_instrument: dict[str, list] = {}
    for response in responses:
        by_instrument.setdefault(response.instrument, []).append(response)
    return [
        questionnaire(SPECS[name], by_instrument[name], thresholds)
        for name in Instrument.values
        if name in by_instrument
    ]


def with_left_out(panels: list[Panel], left_out: list) -> list[Panel]:
    """Say on each panel how many label-only (legacy) responses its verdict leaves out, and
    give a panel of its own to an instrument that has only those."""
    by_name: dict[str, list] = {}
    for response in left_out:
        by_name.setdefault(response.instrument, []).append(response)
    counts = {name: len(rs) for name, rs in by_name.items()}
    note = (
        "{n} older response{s} entered with short labels only, without the questionnaire's "
        "wording, {verb} left out of this chart and verdict; see the questionnaire list."
    )
    out = []
    for panel in panels:
        if n := counts.pop(panel.slug, 0):
            text = note.format(n=n, s="s" if n > 1 else "", verb="are" if n > 1 else "is")
            panel = replace(panel, note=text)
        out.append(panel)
    for name, n in counts.items():
        spec = SPECS[name]
        text = note.format(n=n, s="s" if n > 1 else "", verb="are" if n > 1 else "is")
        points = tuple((local(r.answered_at), r.score) for r in by_name[name])
        chart = Chart(f"chart-{name}", f"{spec.title} over time (labels only)", text, "Score",
                      (0, spec.score_max), (Series(f"{spec.short} (labels only)", points),),
                      unit=spec.unit)  # fmt: skip
        out.append(Panel(name, f"{spec.title} ({spec.short})", chart, Verdict("info", text)))
    return out


def questionnaire(spec: Spec, responses: list, thresholds: Thresholds) -> Panel:
    first, last = responses[0], responses[-1]
    points = tuple((local(r.answered_at), r.score) for r in responses)
    guides = _guide(spec, first.score, thresholds) if spec.has_mcid else ()
    if spec.name == "acr2016":
        verdict = _criteria(first, last)
    elif len(responses) > 1:
        verdict = verdicts.change(spec, first.score, last.score, thresholds)
    else:
        verdict = verdicts.baseline(spec, first.score, day(first.answered_at))
    better = "higher is better" if spec.higher_is_better else "lower is better"
    y_label = "FS (0-31)" if spec.name == "acr2016" else f"Score (0-{number(spec.score_max)})"
    description = (
        f"{spec.title} ({better}), {len(responses)} response{'s' if len(responses) != 1 else ''}"
        f": {spec.shows(first.score)} on {day(first.answered_at)}"
        + (f", {spec.shows(last.score)} on {day(last.answered_at)}." if last is not first else ".")
        + _guide_sentence(guides)
    )
    chart = Chart(
        f"chart-{spec.name}", f"{spec.title} over time", description, y_label,
        (0, spec.score_max), (Series(spec.short, points),), guides, spec.unit,
    )  # fmt: skip
    return Panel(spec.name, f"{spec.title} ({spec.short}, {better})", chart, verdict)


def _criteria(first, last) -> Verdict:
    def state(response) -> str:
        met = "met" if response.details.get("meets_criteria") else "not met"
        return f"{met} (FS {number(response.score)}/31, {day(response.answered_at)})"

    text = f"ACR 2016 fibromyalgia criteria {state(first)}"
    if last is not first:
        text = f"ACR 2016 fibromyalgia criteria at the start {state(first)}; latest {state(last)}"
    return Verdict("info", f"{text}. No clinically important change is defined for them.")


def _guide(spec: Spec, baseline: float, thresholds: Thresholds) -> tuple[Guide, ...]:
    """The dashed line a score must reach to count as an important change from `baseline`."""
    target = important_score(spec, baseline, thresholds)
    if target is None:
        return ()
    direction = "or more" if spec.higher_is_better else "or less"
    label = f"Important change from {spec.shows(baseline)}: {spec.shows(target)} {direction}"
    return (Guide(target, label),)


def important_score(spec: Spec, baseline: float, thresholds: Thresholds) -> float | None:
    """The score that counts as an important improvement from `baseline` (its points and/or
    percent rule); None when no score in range would count."""
    rule = getattr(thresholds, spec.name)
    needs = []
    if rule.points is not None:
        needs.append(rule.points)
    if rule.percent is not None:
        needs.append(rule.percent / 100 * baseline)
    need = max(needs) if rule.combine == "all" else min(needs)
    target = baseline + need if spec.higher_is_better else baseline - need
    if need <= 0 or not 0 <= target <= spec.score_max:
        return None
    return target


def _guide_sentence(guides: Iterable[Guide]) -> str:
    return "".join(f" Dashed line: {g.label[0].lower()}{g.label[1:]}." for g in guides)


# --- range of motion ---------------------------------------------------------------------------


def range_of_motion(rows) -> list[Panel]:
    """One panel per movement; a line per side, as percent of the normal value of the day."""
    by_movement: dict[str, dict[str, list]] = {}
    for row in rows:
        percent = row.percent_of_normal
        if percent is None:
            continue
        taken = (row.assessment or row.session).performed_at
        sides = by_movement.setdefault(row.movement, {})
        sides.setdefault(row.get_side_display(), []).append((local(taken), percent))
    panels = []
    for movement, sides in by_movement.items():
        name = movement_name(movement)
        series = tuple(
            Series(side, tuple(sorted(pts, key=lambda p: p[0]))) for side, pts in sides.items()
        )
        summary = "; ".join(
            f"{s.name.lower()} {number(s.points[0][1])}% to {number(s.points[-1][1])}%"
            if len(s.points) > 1
            else f"{s.name.lower()} {number(s.points[0][1])}%"
            for s in series
        )
        top = nice_top(max(v for s in series for _, v in s.points) + 1, 20)
        chart = Chart(
            f"chart-rom-{movement}", f"{name}: range of motion over time",
            f"{name} as percent of the normal value, first to latest measurement: {summary}. "
            "Dashed line: normal (100%).",
            "% of normal", (0, max(top, 120)), series, (Guide(100, "Normal (100%)"),), "%",
        )  # fmt: skip
        verdict = Verdict(
            "info",
            f"{name}, first to latest: {summary} of normal. No clinically important change is "
            "defined for range of motion.",
        )
        panels.append(Panel(f"rom-{movement}", f"Range of motion: {name}", chart, verdict))
    return panels


def movement_name(movement: str) -> str:
    found = catalog().movements.get(movement)
    return found.name if found else movement.replace("_", " ").capitalize()


# --- the pain drawing --------------------------------------------------------------------------


@cache
def region_areas() -> dict[str, tuple[str, float]]:
    """Region id -> (view, area), areas in square head heights so the views add up."""
    atlas = load_atlas()
    return {
        r.id: (r.view, atlas.geometry.shapes[r.id].area / VIEW_SCALE[r.view] ** 2) for r in atlas
    }


def drawn_share(drawing) -> tuple[float, dict[str, float]]:
    """Percent of the whole figure drawn, and percent of each view (front, back, head, soles)."""
    areas = region_areas()
    ids = {mark.get("id") for mark in drawing if isinstance(mark, dict)} & set(areas)
    totals: dict[str, float] = {}
    drawn: dict[str, float] = {}
    for region, (view, area) in areas.items():
        totals[view] = totals.get(view, 0.0) + area
        if region in ids:
            drawn[view] = drawn.get(view, 0.0) + area
    share = 100 * sum(drawn.values()) / sum(totals.values())
    return share, {VIEW_NAMES[v]: 100 * drawn.get(v, 0.0) / totals[v] for v in totals}


def drawing_extent(intakes) -> Panel | None:
    if not intakes:
        return None
    shares = [(intake, *drawn_share(intake.drawing)) for intake in intakes]
    points = tuple((local(i.recorded_at), share) for i, share, _ in shares)
    top = nice_top(max(share for _, share, _ in shares) * 1.2, 5)
    (first, first_share, first_views), (last, last_share, last_views) = shares[0], shares[-1]

    def views(by_view: dict[str, float]) -> str:
        return ", ".join(f"{v} {number(p)}%" for v, p in by_view.items() if p) or "nothing drawn"

    if last is first:
        text = (
            f"Pain drawn over {number(first_share)}% of the body ({views(first_views)}) on "
            f"{day(first.recorded_at)}. A later intake's drawing shows the change."
        )
    else:
        text = (
            f"Pain drawn over {number(first_share)}% of the body on {day(first.recorded_at)} "
            f"({views(first_views)}) and {number(last_share)}% on {day(last.recorded_at)} "
            f"({views(last_views)})."
        )
    chart = Chart(
        "chart-drawing", "Extent of the pain drawing over time",
        f"Share of the body surface drawn as painful at each of {len(intakes)} intake"
        f"{'s' if len(intakes) != 1 else ''}: {number(first_share)}% first, "
        f"{number(last_share)}% latest.",
        "% of body drawn", (0, top), (Series("Body drawn", points),), (), "%",
    )  # fmt: skip
    note = (
        "Share of the surface of the body figure (front, back, both sides of the head and the "
        "soles, each view at its own scale) covered by the regions drawn, whatever the intensity."
    )
    return Panel("drawing", "Extent of the pain drawing", chart, Verdict("info", text), note)
