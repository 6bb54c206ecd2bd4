"""Plain-language verdicts: has the patient improved by a clinically important amount?

"Responder: NDI improved by 22 points (from 44% to 22%), more than the 19 points that count as
an important change (Cleland 2008)". Baseline and latest are the first and last measurement of
the episode; the rule is the clinic's (taut.measures.models.thresholds_for).
"""

from __future__ import annotations

from dataclasses import dataclass

from taut.measures.charts import number
from taut.measures.instruments import Spec
from taut.scoring import DEFAULT, Rule, Thresholds, improvement
from taut.scoring.mcid import TOLERANCE


@dataclass(frozen=True)
class Verdict:
    """`status`: "responder", "not-yet" (two measurements, no important improvement),
    "baseline" (one measurement so far) or "info" (a measure without a defined change)."""

    status: str
    text: str


def change(
    spec: Spec, before: float, after: float, thresholds: Thresholds, name: str = ""
) -> Verdict:
    """The verdict on the change from `before` (baseline) to `after` (latest)."""
    name = name or spec.short
    rule: Rule = getattr(thresholds, spec.name)
    result = improvement(spec.name, before, after, thresholds)
    source = spec.source if rule == getattr(DEFAULT, spec.name) else "this clinic's threshold"
    span = f"from {spec.shows(before)} to {spec.shows(after)}"
    if rule.percent is not None and result.percent is not None and result.difference:
        span += f", {number(abs(result.percent))}% {'better' if result.difference > 0 else 'worse'}"
    if result.difference > 0:
        moved = f"{name} improved by {points(result.difference)}"
    elif result.difference < 0:
        moved = f"{name} worsened by {points(-result.difference)}"
    else:
        moved = f"{name} has not changed"
    needed = required(rule)
    if result.important:
        compare = "more than" if _beyond(rule, result.difference, result.percent) else "at least"
        verb = "counts" if rule.points is None else "count"
        return Verdict(
            "responder",
            f"Responder: {moved} ({span}), {compare} the {needed} that {verb} as an important "
            f"change ({source}).",
        )
    return Verdict(
        "not-yet",
        f"Not yet a responder: {moved} ({span}); an improvement of at least {needed} counts "
        f"as an important change ({source}).",
    )


def baseline(spec: Spec, score: float, on: str, name: str = "") -> Verdict:
    """One measurement so far: nothing to compare with yet."""
    return Verdict(
        "baseline",
        f"Baseline only: {name or spec.short} {spec.shows(score)} on {on}. Measure again at a "
        "later visit to see the change.",
    )


def points(value: float) -> str:
    text = number(value)
    return f"{text} point{'' if text == '1' else 's'}"


def required(rule: Rule) -> str:
    """ "19 points", "2 points or 30%", "10 points or 30%", "14%" (of the baseline)."""
    parts = []
    if rule.points is not None:
        parts.append(points(rule.points))
    if rule.percent is not None:
        parts.append(f"{number(rule.percent)}%")
    return f" {'and' if rule.combine == 'all' else 'or'} ".join(parts)


def _beyond(rule: Rule, difference: float, percent: float | None) -> bool:
    """Whether the improvement exceeds the rule rather than just reaching it."""
    over = []
    if rule.points is not None:
        over.append(difference > rule.points + TOLERANCE)
    if rule.percent is not None:
        over.append(percent is None or percent > rule.percent + TOLERANCE)
    return all(over) if rule.combine == "all" else any(over)
