"""Building a plan's inputs from an episode: its latest assessment, intake, questionnaires, and
range of motion; and the clinic's rules."""

import dataclasses

from django.utils import timezone

from taut.clinical.delphi import Classification
from taut.episodes.models import RedFlagReview
from taut.exams.differential import current_differential
from taut.kb.catalog import catalog
from taut.measures.models import Instrument, thresholds_for
from taut.planning.inputs import Finding, FunctionScore, PlanInputs, RomRow
from taut.planning.proposal import Proposal, propose
from taut.plans.clinic_rules import current_rules
from taut.plans.models import PlanRules

FUNCTION_INSTRUMENTS = (Instrument.NDI, Instrument.ODI, Instrument.QUICKDASH, Instrument.FIQR)


def latest_assessment(episode):
    return episode.assessments.order_by("-performed_at", "-pk").first()


def plan_inputs(episode, assessment=None, intake=None, today=None) -> PlanInputs:
    """What the proposal reads, from the episode's latest records, for a plan made `today`
    (the clinic's today unless given)."""
    assessment = assessment or latest_assessment(episode)
    intake = intake or episode.latest_intake()
    today = today or timezone.localdate()
    latest = _latest_responses(episode)
    pain, pain_from = latest_pain(latest.get(Instrument.NPRS), intake)
    acr = latest.get(Instrument.ACR2016)
    review = RedFlagReview.of(intake, episode.red_flag_decisions.all())
    return PlanInputs(
        pain=pain,
        pain_from=pain_from,
        function=tuple(
            FunctionScore(i, latest[i].score, latest[i].details.get("band", ""))
            for i in FUNCTION_INSTRUMENTS
            if i in latest
        ),
        psfs=latest[Instrument.PSFS].score if Instrument.PSFS in latest else None,
        days_since_onset=days_since_onset(intake, today),
        fibromyalgia=bool(acr.details.get("meets_criteria")) if acr else None,
        absolute_contraindications=tuple(intake.absolute_labels) if intake else (),
        relative_contraindications=tuple(intake.relative_labels) if intake else (),
        closed_sites=tuple(intake.closed_sites()) if intake else (),
        red_flags=tuple(review.labels),
        red_flag_status=red_flag_status(review),
        red_flag_reason=review.decision.reason if review.decision else "",
        findings=_findings(assessment) if assessment else (),
        rom=_rom(assessment) if assessment else (),
        causes=tuple(intake.causes) if intake else (),
        thresholds=thresholds_for(episode.clinic),
    )


def red_flag_status(review) -> str:
    if not review.flags:
        return ""
    return "pending" if review.pending else str(review.decision.outcome)


def latest_pain(nprs, intake) -> tuple[float | None, str]:
    """The most recent 0-10 pain rating, an NPRS answer or the intake's pain now, and where it
    came from; the NPRS when both were given at the same moment."""
    if nprs is not None and (intake is None or nprs.answered_at >= intake.recorded_at):
        return nprs.score, f"NPRS of {timezone.localtime(nprs.answered_at):%Y-%m-%d}"
    if intake is not None:
        when = timezone.localtime(intake.recorded_at)
        return intake.pain_now, f"pain now at the intake of {when:%Y-%m-%d}"
    return None, ""


def days_since_onset(intake, today) -> int | None:
    """Days from the intake's onset date to `today`, the day the plan is made."""
    if intake is None or intake.onset_date is None:
        return None
    return max(0, (today - intake.onset_date).days)


def proposal_for(episode) -> tuple[Proposal, PlanInputs, PlanRules | None]:
    rules, saved = current_rules(episode.clinic)
    inputs = plan_inputs(episode)
    return propose(inputs, rules), inputs, saved


def stored_proposal(proposed, inputs, saved_rules) -> dict:
    """The proposal as kept with an accepted plan: values, reasons, inputs, rules version."""
    data = proposed.as_dict()
    data["inputs"] = dataclasses.asdict(inputs)
    data["rules_version"] = saved_rules.version if saved_rules else 0
    return data


def _latest_responses(episode) -> dict:
    latest = {}
    for r in episode.responses.order_by("-answered_at", "-pk"):
        latest.setdefault(r.instrument, r)
    return latest


def differential_scores(assessment) -> dict[tuple[str, str], float]:
    """(trigger point, side) -> score in the differential kept with the assessment; computed
    afresh from the intake drawing and the findings when none was kept (an older record)."""
    kept = assessment.differential or {}
    if "candidates" not in kept:
        kept = current_differential(assessment)
    return {
        (c.get("trigger_point"), c.get("side")): c.get("probability") or 0.0
        for c in kept.get("candidates", [])
        if isinstance(c, dict)
    }


def _findings(assessment) -> tuple[Finding, ...]:
    scores = differential_scores(assessment)
    cat = catalog()
    found = []
    for f in assessment.palpations.all():
        cls = f.classification
        if cls == Classification.NOT_A_TRIGGER_POINT:
            continue
        try:
            muscle = cat.trigger_point(f.trigger_point).muscle_id
        except KeyError:
            continue  # a trigger point since dropped from the knowledge base
        criteria = sum((f.taut_band, f.hypersensitive_spot, f.referred_pain, f.local_twitch))
        probability = scores.get((f.trigger_point, f.side)) or scores.get(
            (f.trigger_point, "midline"), 0.0
        )
        found.append(Finding(f.trigger_point, muscle, f.side, str(cls), probability, criteria))
    return tuple(found)


def _rom(assessment) -> tuple[RomRow, ...]:
    movements = catalog().movements
    return tuple(
        RomRow(
            r.movement,
            movements[r.movement].name if r.movement in movements else r.movement,
            r.side,
            r.degrees,
            r.normal_degrees,
        )  # fmt: skip
        for r in assessment.rom.all()
    )
