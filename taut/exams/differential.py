"""The assessment's differential: the engine run on the episode's latest drawing and this
assessment's palpation findings, and the snapshot kept of what the clinician saw."""

from django.utils import timezone

from taut.clinical.delphi import Classification
from taut.differential import EvidenceError, contract, differential
from taut.differential.model import model as differential_model
from taut.exams.forms import finding_sides
from taut.kb.catalog import catalog

TOP = 10
CLASSIFICATION_LABELS = {
    Classification.ACTIVE: "Active",
    Classification.LATENT: "Latent",
    Classification.NOT_A_TRIGGER_POINT: "Not a trigger point",
}


# A palpation classification as the differential's finding result. A latent trigger point is
# found but does not reproduce the patient's familiar pain, so it is not the drawing's source.
RESULTS = {
    Classification.ACTIVE: "positive",
    Classification.LATENT: "latent",
    Classification.NOT_A_TRIGGER_POINT: "negative",
}
STRENGTH = ("negative", "latent", "positive")


def evidence_findings(findings) -> list[dict]:
    """Palpation findings as the differential's evidence: active is positive, latent is
    latent, not a trigger point is negative. Findings that land on one candidate (a pattern
    that is the same from either side) count once, the most active first."""
    merged: dict[tuple[str, str], str] = {}
    for f in findings:
        result = RESULTS[f.classification]
        for side in candidate_sides(f.trigger_point, f.side):
            before = merged.get((f.trigger_point, side), "negative")
            merged[(f.trigger_point, side)] = max(before, result, key=STRENGTH.index)
    return [{"trigger_point": tp, "side": s, "result": r} for (tp, s), r in merged.items()]


def candidate_sides(trigger_point: str, side: str) -> tuple[str, ...]:
    """The sides of the differential's candidates a finding on `side` speaks for."""
    index = differential_model().candidate_index
    if (trigger_point, side) in index:
        return (side,)
    if (trigger_point, "midline") in index:
        return ("midline",)
    # A trigger point found at the midline whose pattern is sided: it speaks for both sides.
    return tuple(s for s in ("left", "right") if (trigger_point, s) in index)


def current_differential(assessment) -> dict:
    """The differential of the episode's latest intake drawing and this assessment's palpation
    findings (top 10), or why there is none."""
    intake = assessment.episode.latest_intake()
    if intake is None:
        return {"intake": None}
    base = {"intake": intake.pk, "intake_recorded_at": intake.recorded_at.isoformat()}
    if not intake.drawing:
        return {**base, "error": "The latest intake has no pain drawing."}
    findings = evidence_findings(assessment.palpations.all())
    # The drawing as the engine reads it: what the body map stores beyond these is not evidence.
    regions = [
        {key: item[key] for key in ("id", "intensity", "quality") if key in item}
        if isinstance(item, dict)
        else item
        for item in intake.drawing
    ]
    try:
        evidence, top = contract.read({"regions": regions, "findings": findings, "top": TOP})
        answer = contract.render(differential(evidence), top)
    except (contract.InputError, EvidenceError) as error:
        return {**base, "error": f"The intake drawing could not be read ({error})."}
    return {**base, "findings": findings, **answer}


def keep_differential(assessment) -> None:
    """Store the differential as the clinician sees it now, with the assessment."""
    assessment.differential = {
        **current_differential(assessment),
        "computed_at": timezone.now().isoformat(),
    }
    # An update, not a save: the differential is derived, not a change a person made, so it
    # neither moves the version nor adds a version to the history.
    type(assessment).objects.filter(pk=assessment.pk).update(differential=assessment.differential)


def differential_view(diff: dict, findings) -> dict:
    """The differential with what the page shows beside it: percentages, region names, and
    the finding already recorded for each candidate."""
    recorded = {(f.trigger_point, f.side): f for f in findings}
    # A candidate the same from either side answers to a finding on any side.
    for f in findings:
        recorded.setdefault((f.trigger_point, "midline"), f)

    def shown(item: dict) -> dict:
        tp, side = item["trigger_point"], item["side"]
        prefill = side if side != "midline" or "midline" in finding_sides(tp) else ""
        finding = recorded.get((tp, side))
        return {
            **item,
            "trigger_point_name": known_trigger_point(tp).name,
            "percent": item["probability"] * 100,
            "prefill_side": prefill,
            "finding": finding,
            "finding_label": CLASSIFICATION_LABELS[finding.classification] if finding else "",
        }

    return {
        **diff,
        "candidates": [shown(c) for c in diff.get("candidates", [])],
        "explanation": [shown(c) for c in diff.get("explanation", [])],
        "unexplained": [region_name(r) for r in diff.get("unexplained", [])],
    }


# --- names -------------------------------------------------------------------------------------


def known_trigger_point(tp_id: str):
    try:
        return catalog().trigger_point(tp_id)
    except KeyError:
        return None


def muscle_name(muscle_id: str) -> str:
    try:
        return catalog().muscle(muscle_id).name
    except KeyError:
        return muscle_id


def movement_name(movement_id: str) -> str:
    movement = catalog().movements.get(movement_id)
    return movement.name if movement else movement_id


def region_name(region_id: str) -> str:
    """ "Calf (left)" for calf_l: the atlas id in words."""
    regions = catalog().regions
    for suffix, side in (("_l", "left"), ("_r", "right")):
        base = region_id.removesuffix(suffix)
        if base != region_id and base in regions:
            return f"{regions[base].name} ({side})"
    return regions[region_id].name if region_id in regions else region_id
