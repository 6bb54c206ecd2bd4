"""Pain ratings, range of motion, questionnaire scores, the pain drawing and palpated trigger
points → Observation."""

from functools import cache

from taut.clinical import delphi
from taut.fhir.base import instant, meta, quantity, ref
from taut.fhir.codes import (
    BODY_REGION,
    EXAM,
    LOINC,
    MOVEMENT,
    MUSCLE,
    NPRS,
    NPRS_DISPLAY,
    OBSERVATION,
    OBSERVATION_CATEGORY,
    OBSERVATION_CODES,
    PAIN_QUALITY,
    PAIN_QUALITY_EXT,
    SCORE_LOINC,
    SURVEY,
    TRIGGER_POINT,
    TRIGGER_POINT_CLASS,
    TRIGGER_POINT_CLASSES,
    TRIGGER_POINT_EXT,
    coding,
    concept,
    laterality,
)
from taut.fhir.strings import text as clean
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.measures.instruments import SPECS

QUALITY_LABELS = {
    "aching": "Aching",
    "burning": "Burning",
    "stabbing": "Stabbing",
    "numbness_tingling": "Numbness or tingling",
}
CATEGORIES = {c: [concept(OBSERVATION_CATEGORY, c)] for c in (SURVEY, EXAM)}
# The columns each builder reads.
INTAKE_FIELDS = ("id", "patient_id", "recorded_at", "pain_now", "pain_best", "pain_worst",
                 "drawing")  # fmt: skip
SESSION_FIELDS = ("id", "patient_id", "performed_at", "pain_before", "pain_after")
ROM_FIELDS = ("id", "movement", "side", "degrees", "normal_degrees", "normal_source", "painful")
SCORE_FIELDS = ("id", "patient_id", "instrument", "score", "answered_at")
# The findings of taut.exams.PalpationFinding, in the order of the Delphi criteria.
PALPATION_FINDINGS = ("taut_band", "hypersensitive_spot", "referred_pain", "recognised_pain",
                      "local_twitch")  # fmt: skip
PALPATION_FIELDS = ("id", "trigger_point", "side", "assessment_id", *PALPATION_FINDINGS)


def _observation(ident, patient_uuid, at, category, code, **rest) -> dict:
    at = instant(at)
    return {
        "resourceType": "Observation",
        "id": ident,
        "meta": meta(at),
        "status": "final",
        "category": CATEGORIES[category],
        "code": code,
        "subject": ref("Patient", patient_uuid),
        "effectiveDateTime": at,
        **rest,
    }


def _score(value) -> dict:
    return quantity(value, "{score}")


@cache
def _pain_code(taut_code: str, nprs: bool) -> dict:
    codings = [coding(OBSERVATION, taut_code, OBSERVATION_CODES[taut_code])]
    if nprs:
        codings.insert(0, coding(LOINC, NPRS, NPRS_DISPLAY))
    return {"coding": codings, "text": OBSERVATION_CODES[taut_code]}


def pain_rating(ident, patient_uuid, at, taut_code, value, encounter=None, nprs=True) -> dict:
    """A 0-10 pain rating: LOINC 72514-3 where it is the current pain, with Taut's own code
    saying when it was asked."""
    extra = {"encounter": encounter} if encounter else {}
    return _observation(ident, patient_uuid, at, SURVEY, _pain_code(taut_code, nprs),
                        valueQuantity=_score(value), **extra)  # fmt: skip


def intake_observations(row: dict, patient_uuid: str) -> list[dict]:
    """Pain now, best and worst, and the pain drawing as a panel (an intake row)."""
    at, pk = row["recorded_at"], row["id"]
    out = [
        pain_rating(f"pain-now-{pk}", patient_uuid, at, "pain-now", row["pain_now"]),
        pain_rating(f"pain-best-{pk}", patient_uuid, at, "pain-best", row["pain_best"],
                    nprs=False),
        pain_rating(f"pain-worst-{pk}", patient_uuid, at, "pain-worst", row["pain_worst"],
                    nprs=False),
    ]  # fmt: skip
    if row["drawing"]:
        out.append(pain_drawing(row, patient_uuid))
    return out


@cache
def _region(region_id: str) -> tuple[dict, dict] | None:
    """The side's laterality extension and the coded region of an atlas region; None for a
    region the atlas no longer has (nothing we could code it with)."""
    try:
        region = load_atlas().get(region_id)
    except KeyError:
        return None
    side = "midline" if region.side == "midline" else region.side
    return laterality(side), concept(BODY_REGION, region.base, region.name, region.label)


@cache
def _quality(quality: str) -> dict:
    return {"url": PAIN_QUALITY_EXT,
            "valueCoding": coding(PAIN_QUALITY, quality, QUALITY_LABELS[quality])}  # fmt: skip


PAIN_DRAWING = concept(OBSERVATION, "pain-drawing", OBSERVATION_CODES["pain-drawing"],
                       "Pain drawing")  # fmt: skip
NOT_RECORDED = {"text": "Intensity not recorded"}


def pain_drawing(row: dict, patient_uuid: str) -> dict:
    """One component per marked region: the region, its side, intensity and quality."""
    components = []
    for mark in row["drawing"]:
        region = _region(mark["id"])
        if region is None:
            continue
        side, code = region
        component = {"extension": [side], "code": code}
        if mark.get("quality") in QUALITY_LABELS:
            component["extension"].append(_quality(mark["quality"]))
        if mark.get("intensity") is not None:
            component["valueInteger"] = mark["intensity"]
        else:
            component["dataAbsentReason"] = NOT_RECORDED
        components.append(component)
    return _observation(f"pain-drawing-{row['id']}", patient_uuid, row["recorded_at"], SURVEY,
                        PAIN_DRAWING, component=components)  # fmt: skip


def session_observations(row: dict, patient_uuid: str) -> list[dict]:
    """Pain before and (when asked) after treatment, of a session row."""
    at, pk = row["performed_at"], row["id"]
    encounter = ref("Encounter", f"session-{pk}")
    out = [pain_rating(f"pain-before-{pk}", patient_uuid, at, "pain-before-treatment",
                       row["pain_before"], encounter)]  # fmt: skip
    if row["pain_after"] is not None:
        out.append(pain_rating(f"pain-after-{pk}", patient_uuid, at, "pain-after-treatment",
                               row["pain_after"], encounter))  # fmt: skip
    return out


ROM_PAINFUL = concept(OBSERVATION, "rom-painful", OBSERVATION_CODES["rom-painful"])


@cache
def _movement(movement_id: str) -> tuple[str, str]:
    """(name, joint) of a movement; its id for both when the knowledge base has it no more."""
    movement = catalog().movements.get(movement_id)
    return (movement.name, movement.joint) if movement else (movement_id, movement_id)


@cache
def _rom_code(movement_id: str) -> dict:
    name = _movement(movement_id)[0]
    return concept(MOVEMENT, movement_id, name, f"Range of motion: {name}")


def rom_observation(row: dict, patient_uuid: str, at, encounter: dict) -> dict:
    """Degrees of a movement on a side (a ROM_FIELDS row), with the normal value in force that
    day; `at` and `encounter` are those of the assessment or session it was measured at."""
    site = {"text": f"{_movement(row['movement'])[1]}, {row['side']}",
            "extension": [laterality(row["side"])]}  # fmt: skip
    rest = {
        "encounter": encounter,
        "bodySite": site,
        "valueQuantity": quantity(row["degrees"], "degrees", "deg"),
        "component": [{"code": ROM_PAINFUL, "valueBoolean": row["painful"]}],
    }
    if normal := row["normal_degrees"]:
        source = clean(row["normal_source"])
        text = f"Normal {normal} degrees" + (f" ({source})" if source else "")
        rest["referenceRange"] = [{"high": quantity(normal, "degrees", "deg"), "text": text}]
    return _observation(f"rom-{row['id']}", patient_uuid, at, EXAM, _rom_code(row["movement"]),
                        **rest)  # fmt: skip


@cache
def _score_code(instrument: str) -> dict:
    spec = SPECS[instrument]
    if instrument in SCORE_LOINC:
        return concept(LOINC, *SCORE_LOINC[instrument], text=f"{spec.short} score")
    return concept(OBSERVATION, f"score-{instrument}", f"{spec.title} score",
                   f"{spec.short} score")  # fmt: skip


def score_observation(row: dict, patient_uuid: str) -> dict:
    """The questionnaire's score as computed when it was answered, derived from the answers
    (a questionnaire response row, SCORE_FIELDS)."""
    pk, score = row["id"], row["score"]
    value = quantity(score, "%") if SPECS[row["instrument"]].unit == "%" else _score(score)
    answers = [ref("QuestionnaireResponse", f"qr-{pk}")]
    return _observation(f"score-{pk}", patient_uuid, row["answered_at"], SURVEY,
                        _score_code(row["instrument"]), valueQuantity=value,
                        derivedFrom=answers)  # fmt: skip


@cache
def _palpated(trigger_point: str, side: str) -> tuple[str, dict, dict]:
    """The label, bodySite and trigger point extension of a point palpated on a side."""
    kb = catalog()
    try:
        point = kb.trigger_point(trigger_point)
        muscle = kb.muscle(point.muscle_id)
    except KeyError:
        point = muscle = None  # a point the knowledge base no longer has: keep its id only
    label = f"{muscle.name}: {point.name}" if point else trigger_point
    site = {"text": f"{label}, {side}", "extension": [laterality(side)]}
    if muscle is not None:
        site["coding"] = [coding(MUSCLE, muscle.id, muscle.name)]
    extension = [{"url": TRIGGER_POINT_EXT,
                  "valueCoding": coding(TRIGGER_POINT, trigger_point,
                                        point.name if point else None)}]  # fmt: skip
    return label, site, extension


@cache
def _palpation_code(label: str) -> dict:
    return concept(OBSERVATION, "trigger-point-palpation",
                   OBSERVATION_CODES["trigger-point-palpation"], f"Palpation: {label}")  # fmt: skip


@cache
def _classification(findings: tuple[bool, ...]) -> tuple[dict, list[dict]]:
    """The 2018 Delphi classification as a value, and the findings as components."""
    value = delphi.Palpation(*findings).classify().value
    components = [{
        "code": concept(OBSERVATION, key.replace("_", "-"),
                        OBSERVATION_CODES[key.replace("_", "-")]),
        "valueBoolean": found,
    } for key, found in zip(PALPATION_FINDINGS, findings, strict=True)]  # fmt: skip
    return concept(TRIGGER_POINT_CLASS, value, TRIGGER_POINT_CLASSES[value]), components


def palpation_observation(row: dict, patient_uuid: str, at, clinician: dict) -> dict:
    """One trigger point palpated on one side (a PALPATION_FIELDS row; `at` and `clinician`
    its assessment's): the muscle and side as bodySite, each finding a component, and the 2018
    Delphi classification (active, latent, none) as the value."""
    label, site, extension = _palpated(row["trigger_point"], row["side"])
    value, components = _classification(tuple(row[key] for key in PALPATION_FINDINGS))
    return _observation(
        f"palpation-{row['id']}",
        patient_uuid,
        at,
        EXAM,
        _palpation_code(label),
        extension=extension,
        encounter=ref("Encounter", f"assessment-{row['assessment_id']}"),
        performer=[clinician],
        bodySite=site,
        valueCodeableConcept=value,
        component=components,
    )
