"""Proposing a plan: `propose(inputs, rules) -> Proposal`. Every part carries its value and the
reasons, in plain words naming the rule and the numbers that fired."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from taut.clinical import screening
from taut.kb.catalog import catalog
from taut.planning.inputs import ACTIVE, Finding, PlanInputs
from taut.planning.rules import SEVERITIES, Rules

LOWEST_BAND = {"ndi": ("none", 10), "odi": ("minimal", 20)}  # band, its top in percent
# Red flag statuses that keep needling out of the plan, and what the proposal says of them.
RED_FLAG_CLOSES = {
    "pending": "no decision on it is recorded yet (cleared after assessment, referred, or "
    "treated for a stated reason)",
    "referred": "the patient was referred, and needling waits for a later decision",
}
RED_FLAG_DECIDED = {"cleared": "cleared after assessment", "treat": "treated for a stated reason"}
INSTRUMENT_NAMES = {"ndi": "NDI", "odi": "ODI", "quickdash": "QuickDASH", "fiqr": "FIQR"}


@dataclass
class Part:
    """One part of the proposal: its value and why."""

    value: Any
    why: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    severity: Part
    chronicity: Part
    visits_per_week: Part
    visits: Part
    reassess_after_visits: Part
    targets_per_visit: Part
    needling_targets: Part  # [{"trigger_point", "muscle", "side", "classification", "why"}]
    soft_tissue: Part
    exercises: Part  # [{"exercise", "muscle", "kind", "name", "why"}]
    prevention: Part  # cause ids
    goals: Part  # [{"measure", "kind", "side", "target", "text", "why"}]
    cautions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def propose(
    inputs: PlanInputs,
    rules: Rules,
    exercises_for: Callable[[Sequence[str]], Sequence[Any]] | None = None,
) -> Proposal:
    """The proposed plan for `inputs` under `rules`; `exercises_for(muscle_ids)` is the exercise
    library (taut.kb.exercises.for_muscles unless given)."""
    severity = _severity(inputs, rules)
    chronicity = _chronicity(inputs, rules)
    fm = bool(inputs.fibromyalgia)
    per_week, weeks = _frequency(severity.value, chronicity.value, fm, rules)
    visits = _visits(inputs, rules, per_week.value, weeks, fm)
    targets, cautions = _targets(inputs, rules)
    return Proposal(
        severity=severity,
        chronicity=chronicity,
        visits_per_week=per_week,
        visits=visits,
        reassess_after_visits=_reassess(visits.value, rules),
        targets_per_visit=_targets_per_visit(inputs, rules, fm),
        needling_targets=targets,
        soft_tissue=_soft_tissue(severity.value, fm, rules, bool(targets.value)),
        exercises=_exercises(inputs, rules, exercises_for, fm),
        prevention=_prevention(inputs),
        goals=_goals(inputs, rules),
        cautions=cautions,
    )


# --- severity and chronicity -------------------------------------------------------------------


def _severity(inputs: PlanInputs, rules: Rules) -> Part:
    """The worse of the pain band and the disability bands; "moderate" when nothing was scored."""
    found: list[str] = []
    why: list[str] = []
    bands = rules.pain
    if inputs.pain is not None:
        band = bands.band(inputs.pain)
        found.append(band)
        why.append(
            f"Pain {inputs.pain:g}/10 ({inputs.pain_from or 'NPRS'}) is {band}: moderate from "
            f"{bands.moderate_from}, severe from {bands.severe_from} ({bands.source})."
        )
    for score in inputs.function:
        mapping = rules.function.by_instrument.get(score.instrument)
        if mapping and score.band in mapping:
            found.append(mapping[score.band])
            why.append(
                f"{INSTRUMENT_NAMES[score.instrument]} {score.score:.0f}% is in the "
                f"'{score.band}' band, read as {mapping[score.band]} ({rules.function.source})."
            )
    if not found:
        return Part("moderate", ["No pain rating or disability score: taken as moderate."])
    worst = max(found, key=SEVERITIES.index)
    if len(found) > 1:
        why.append(f"The worse of these decides: {worst}.")
    return Part(worst, why)


def _chronicity(inputs: PlanInputs, rules: Rules) -> Part:
    c = rules.chronicity
    days = inputs.days_since_onset
    if days is None:
        return Part("subacute", ["No onset date at the intake: taken as subacute."])
    value = c.of(days)
    weeks, extra = divmod(days, 7)
    since = f"{weeks} week{'s' if weeks != 1 else ''}"
    if extra:
        since += f" and {extra} day{'s' if extra != 1 else ''}"
    return Part(
        value,
        [
            f"Pain began {since} ago: {value} (subacute from {c.subacute_from_weeks} weeks, "
            f"chronic after {c.chronic_after_weeks} weeks; {c.source})."
        ],
    )


# --- how many visits ---------------------------------------------------------------------------


def _frequency(severity: str, chronicity: str, fm: bool, rules: Rules) -> tuple[Part, int]:
    if fm:
        f = rules.fibromyalgia
        why = (
            f"ACR 2016 fibromyalgia criteria are met: {f.visits_per_week} visit(s) a week for "
            f"{f.weeks} weeks ({f.source})."
        )
        return Part(f.visits_per_week, [why]), f.weeks
    d = rules.dosing
    per_week, weeks = d.visits_per_week[severity], d.weeks[chronicity]
    return Part(
        per_week,
        [
            f"{severity.capitalize()} severity: {per_week} visit(s) a week; {chronicity} pain: "
            f"{weeks} weeks ({d.source})."
        ],
    ), weeks


def _visits(inputs: PlanInputs, rules: Rules, per_week: int, weeks: int, fm: bool) -> Part:
    visits = per_week * weeks
    why = [f"{per_week} a week for {weeks} weeks: {visits} visits."]
    many = rules.many_trigger_points
    active = len(inputs.active)
    if not fm and active >= many.at_least and many.extra_visits:
        visits += many.extra_visits
        why.append(
            f"{active} active trigger points (at least {many.at_least}): "
            f"{many.extra_visits} more visits ({many.source})."
        )
    if visits > rules.dosing.max_visits:
        visits = rules.dosing.max_visits
        why.append(f"Capped at {visits} visits per plan ({rules.dosing.source}).")
    return Part(visits, why)


def _reassess(visits: int, rules: Rules) -> Part:
    r = rules.reassess
    after = min(r.after_visits, visits)
    why = f"Re-assess after {r.after_visits} visits ({r.source})"
    if after < r.after_visits:
        why += f", or at the last of the {visits} visits"
    return Part(after, [why + "."])


def _targets_per_visit(inputs: PlanInputs, rules: Rules, fm: bool) -> Part:
    if inputs.absolute_contraindications:
        return Part(0, ["No needling: an absolute contraindication is on the intake."])
    if inputs.red_flag_status in RED_FLAG_CLOSES:
        return Part(0, [f"No needling: {RED_FLAG_CLOSES[inputs.red_flag_status]}."])
    if fm:
        f = rules.fibromyalgia
        return Part(
            f.targets_per_visit,
            [f"Fibromyalgia: at most {f.targets_per_visit} trigger points a visit ({f.source})."],
        )
    d = rules.dosing
    return Part(d.targets_per_visit, [f"At most {d.targets_per_visit} a visit ({d.source})."])


# --- what to treat -----------------------------------------------------------------------------


def _ranked(inputs: PlanInputs) -> list[Finding]:
    """Active first, then latent; within each, the differential's score, then criteria met."""
    return sorted(
        inputs.findings,
        key=lambda f: (f.classification != ACTIVE, -f.probability, -f.criteria),
    )


def _red_flag_caution(inputs: PlanInputs) -> str:
    """What the proposal says of the red flags on the intake; empty when there is none."""
    if not inputs.red_flags:
        return ""
    flags = "; ".join(inputs.red_flags)
    if inputs.red_flag_status in RED_FLAG_CLOSES:
        return (
            f"Red flag on the intake ({flags}): {RED_FLAG_CLOSES[inputs.red_flag_status]}, so "
            "no needling is proposed. Soft tissue work and exercise stand for now."
        )
    decided = RED_FLAG_DECIDED.get(inputs.red_flag_status, inputs.red_flag_status)
    reason = f": {inputs.red_flag_reason}" if inputs.red_flag_reason else ""
    return f"Red flag on the intake ({flags}): {decided}{reason}. Needle with that in mind."


def _open_at_site(inputs: PlanInputs, ranked: list[Finding]) -> tuple[list[Finding], list[str]]:
    """The findings whose muscle and side enter no closed site, and a line for each dropped."""
    if not inputs.closed_sites:
        return ranked, []
    cat = catalog()
    kept, dropped = [], []
    for f in ranked:
        muscle = cat.muscle(f.muscle)
        entered = screening.sites_of(muscle.id, muscle.group, f.side)
        blocks = [b for b in inputs.closed_sites if b.site in entered]
        if blocks:
            why = "; ".join(f"{b.reason.lower()}, {b.site_name}" for b in blocks)
            dropped.append(f"{muscle.name} ({f.side}): {why}")
        else:
            kept.append(f)
    return kept, list(dict.fromkeys(dropped))


def _targets(inputs: PlanInputs, rules: Rules) -> tuple[Part, list[str]]:
    ranked = _ranked(inputs)
    red_flag = _red_flag_caution(inputs)
    if not ranked:
        why = ["No active or latent trigger point was found on palpation."]
        return Part([], why), [red_flag] if red_flag else []
    if inputs.absolute_contraindications:
        reason = (
            "No needling: absolute contraindication on the intake ("
            + "; ".join(inputs.absolute_contraindications)
            + "). The plan is soft tissue work and exercise for the same muscles."
        )
        return Part([], [reason]), [c for c in (red_flag, reason) if c]
    if inputs.red_flag_status in RED_FLAG_CLOSES:
        return Part([], [red_flag]), [red_flag]
    ranked, dropped = _open_at_site(inputs, ranked)
    site_caution = (
        "Not proposed for needling, at a closed site: " + "; ".join(dropped) + "."
        if dropped
        else ""
    )
    if not ranked:
        return Part([], [site_caution]), [c for c in (red_flag, site_caution) if c]
    cat = catalog()
    targets = []
    for f in ranked:
        tp = cat.trigger_point(f.trigger_point)
        muscle = cat.muscle(f.muscle)
        if f.classification == ACTIVE:
            why = "active (reproduces the patient's recognised pain)"
        else:
            why = "latent (does not reproduce the recognised pain), after the active ones"
        if f.probability:
            why += f"; differential score {f.probability:.0%}"
        why += f"; {f.criteria} palpation criteria"
        targets.append(
            {
                "trigger_point": f.trigger_point,
                "muscle": f.muscle,
                "side": f.side,
                "classification": f.classification,
                "name": f"{muscle.name}: {tp.name}",
                "why": f"{why[0].upper()}{why[1:]}.",
            }
        )
    why = [
        f"{len(inputs.active)} active and {len(inputs.latent)} latent trigger points: active "
        "first, ranked by the assessment's differential score (Delphi 2018 classification)."
    ]
    cautions = [c for c in (red_flag, site_caution) if c]
    if site_caution:
        why.append(site_caution)
    if inputs.relative_contraindications:
        caution = (
            "Needle with caution: relative contraindication on the intake ("
            + "; ".join(inputs.relative_contraindications)
            + ")."
        )
        why.append(caution)
        cautions.append(caution)
    over_lung = [cat.muscle(m).name for m in dict.fromkeys(t["muscle"] for t in targets)
                 if cat.muscle(m).pneumothorax_risk]  # fmt: skip
    if over_lung:
        cautions.append(
            f"{_listed(over_lung)} {'lies' if len(over_lung) == 1 else 'lie'} over the "
            "lung: mind the pneumothorax risk "
            "(see the muscle's needling guidance)."
        )
    return Part(targets, why), cautions


def _soft_tissue(severity: str, fm: bool, rules: Rules, needling: bool) -> Part:
    s = rules.soft_tissue
    if fm:
        value, why = s.fibromyalgia, "Fibromyalgia: gentler techniques"
    elif severity == "severe":
        value, why = s.severe, "Severe pain or disability: gentler techniques"
    else:
        value, why = s.default, f"{severity.capitalize()} severity"
    reasons = [f"{why} ({s.source})."]
    if not needling:
        reasons.append("No needling in this plan: soft tissue work carries the treatment.")
    return Part(list(value), reasons)


def _muscles(inputs: PlanInputs) -> list[str]:
    return list(dict.fromkeys(f.muscle for f in _ranked(inputs)))


def _exercises(inputs: PlanInputs, rules: Rules, exercises_for, fm: bool) -> Part:
    e = rules.exercises
    muscles = _muscles(inputs)
    if not muscles or not e.per_muscle:
        return Part([], ["No target muscle, so no exercise from the library."])
    if exercises_for is None:
        from taut.kb.exercises import for_muscles as exercises_for
    chosen: list[dict] = []
    by_name: dict[str, dict] = {}  # the library repeats an exercise under each muscle it serves
    library = list(exercises_for(muscles))
    for muscle in muscles:
        own = [x for x in library if x.muscle_id == muscle and x.kind in e.kinds]
        own.sort(key=lambda x: e.kinds.index(x.kind))
        taken = 0
        for x in own:
            if taken == e.per_muscle:
                break
            same = by_name.get(x.name.casefold())
            if same is not None:
                if x.muscle_name not in same["why"]:
                    same["why"] += f" and {x.muscle_name}"
                continue
            entry = {
                "exercise": x.id,
                "muscle": muscle,
                "kind": x.kind,
                "name": x.name,
                "why": f"{x.kind.replace('_', ' ')} for {x.muscle_name}",
            }
            chosen.append(entry)
            by_name[x.name.casefold()] = entry
            taken += 1
    why = [f"Up to {e.per_muscle} per target muscle, {', '.join(e.kinds)} first ({e.source})."]
    if fm:
        why.append(
            f"Fibromyalgia: exercise is the first-line treatment ({rules.fibromyalgia.source})."
        )
    return Part(chosen, why)


def _prevention(inputs: PlanInputs) -> Part:
    causes = catalog().causes
    known = [c for c in inputs.causes if c in causes]
    if not known:
        return Part([], ["The patient named no cause at the intake."])
    names = ", ".join(causes[c].name.lower() for c in known)
    return Part(known, [f"The patient named these at the intake: {names}."])


# --- goals -------------------------------------------------------------------------------------


def _goals(inputs: PlanInputs, rules: Rules) -> Part:
    goals = [*_pain_goal(inputs, rules), *_function_goals(inputs, rules)]
    goals += [*_psfs_goal(inputs, rules), *_rom_goals(inputs, rules)]
    return Part(goals, ["Each goal is a measure to re-check at the re-assessment."])


def _pain_goal(inputs: PlanInputs, rules: Rules) -> list[dict]:
    if not inputs.pain:
        return []
    rule = inputs.thresholds.nprs
    needed = [rule.points] if rule.points is not None else []
    if rule.percent is not None:
        needed.append(inputs.pain * rule.percent / 100)
    drop = max(needed) if rule.combine == "all" else min(needed)
    target = max(0, math.floor(inputs.pain - drop + 1e-9))
    parts = [
        f"{rule.points:g} points" if rule.points else "",
        f"{rule.percent:g}%" if rule.percent else "",
    ]
    joiner = " and " if rule.combine == "all" else " or "
    return [
        {
            "measure": "nprs",
            "kind": "score",
            "side": "",
            "target": target,
            "text": f"Pain (NPRS) {target}/10{' or less' if target else ''}, from {inputs.pain:g}",
            "why": f"Down by at least {joiner.join(p for p in parts if p)} "
            f"({rules.goals.pain_source}).",
        }
    ]


def _function_goals(inputs: PlanInputs, rules: Rules) -> list[dict]:
    goals = []
    for score in inputs.function:
        name = INSTRUMENT_NAMES.get(score.instrument, score.instrument)
        if score.instrument in LOWEST_BAND:
            band, top = LOWEST_BAND[score.instrument]
            if score.band == band:
                continue
            below = "below" if score.instrument == "ndi" else "at or below"
            goals.append(
                {
                    "measure": score.instrument,
                    "kind": "score",
                    "side": "",
                    "target": top,
                    "text": f"{name} {below} {top}% (now {score.score:.0f}%)",
                    "why": f"The '{band}' band ({rules.goals.function_source}).",
                }
            )
        else:
            rule = getattr(inputs.thresholds, score.instrument, None)
            if rule is None:
                continue
            needed = [rule.points] if rule.points is not None else []
            if rule.percent is not None:
                needed.append(score.score * rule.percent / 100)
            if not needed:
                continue
            # "all": the change must reach every criterion, so the larger drop; "any": either.
            drop = max(needed) if rule.combine == "all" else min(needed)
            target = max(0, round(score.score - drop, 1))
            goals.append(
                {
                    "measure": score.instrument,
                    "kind": "score",
                    "side": "",
                    "target": target,
                    "text": f"{name} {target:g} or less (now {score.score:.0f})",
                    "why": f"Down by at least {_criteria(rule)}: a clinically important "
                    "change (taut.scoring.mcid, or the clinic's own thresholds).",
                }
            )
    return goals


def _criteria(rule) -> str:
    parts = [f"{rule.points:g} points" if rule.points else "",
             f"{rule.percent:g}%" if rule.percent else ""]  # fmt: skip
    joiner = " and " if rule.combine == "all" else " or "
    return joiner.join(p for p in parts if p)


def _psfs_goal(inputs: PlanInputs, rules: Rules) -> list[dict]:
    if inputs.psfs is None or inputs.psfs >= 10:
        return []
    points = inputs.thresholds.psfs.points or 0
    target = min(10, round(inputs.psfs + points, 1))
    return [
        {
            "measure": "psfs",
            "kind": "score",
            "side": "",
            "target": target,
            "text": f"PSFS mean {target:g} or more (now {inputs.psfs:g})",
            "why": f"Up by at least {points:g} points ({rules.goals.psfs_source}).",
        }
    ]


def _rom_goals(inputs: PlanInputs, rules: Rules) -> list[dict]:
    below = rules.goals.rom_deficient_below_percent
    goals = []
    for row in inputs.rom:
        if not row.normal or row.degrees * 100 >= row.normal * below:
            continue
        side = f" ({row.side})" if row.side and row.side != "midline" else ""
        goals.append(
            {
                "measure": row.movement,
                "kind": "rom",
                "side": row.side,
                "target": row.normal,
                "text": f"{row.name}{side} to {row.normal}° (now {row.degrees}°)",
                "why": f"{row.degrees * 100 / row.normal:.0f}% of normal, below {below}% "
                f"({rules.goals.rom_source}).",
            }
        )
    return goals


def _listed(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
