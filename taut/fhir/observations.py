"""Pain ratings, range of motion, questionnaire scores, the pain drawing and palpated trigger
points → Observation."""

from taut.fhir.base import instant, meta, person, quantity, ref
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


def _observation(ident, patient_uuid, at, category, code, **rest) -> dict:
    return {
        "resourceType": "Observation",
        "id": ident,
        "meta": meta(at),
        "status": "final",
        "category": [concept(OBSERVATION_CATEGORY, category)],
        "code": code,
        "subject": ref("Patient", patient_uuid),
        "effectiveDateTime": instant(at),
        **rest,
    }


def _score(value) -> dict:
    return quantity(value, "{score}")


def pain_rating(ident, patient_uuid, at, taut_code, value, encounter=None, nprs=True) -> dict:
    """A 0-10 pain rating: LOINC 72514-3 where it is the current pain, with Taut's own code
    saying when it was asked."""
    codings = [coding(OBSERVATION, taut_code, OBSERVATION_CODES[taut_code])]
    if nprs:
        codings.insert(0, coding(LOINC, NPRS, NPRS_DISPLAY))
    code = {"coding": codings, "text": OBSERVATION_CODES[taut_code]}
    extra = {"encounter": encounter} if encounter else {}
    return _observation(ident, patient_uuid, at, SURVEY, code, valueQuantity=_score(value), **extra)


def intake_observations(intake, patient_uuid: str) -> list[dict]:
    """Pain now, best and worst, and the pain drawing as a panel."""
    at = intake.recorded_at
    out = [
        pain_rating(f"pain-now-{intake.pk}", patient_uuid, at, "pain-now", intake.pain_now),
        pain_rating(f"pain-best-{intake.pk}", patient_uuid, at, "pain-best", intake.pain_best,
                    nprs=False),
        pain_rating(f"pain-worst-{intake.pk}", patient_uuid, at, "pain-worst", intake.pain_worst,
                    nprs=False),
    ]  # fmt: skip
    if intake.drawing:
        out.append(pain_drawing(intake, patient_uuid))
    return out


def pain_drawing(intake, patient_uuid: str) -> dict:
    """One component per marked region: the region, its side, intensity and quality."""
    atlas = load_atlas()
    components = []
    for mark in intake.drawing:
        try:
            region = atlas.get(mark["id"])
        except KeyError:
            continue  # a region the atlas no longer has: nothing we could code it with
        side = "midline" if region.side == "midline" else region.side
        component = {
            "extension": [laterality(side)],
            "code": concept(BODY_REGION, region.base, region.name, region.label),
        }
        if mark.get("quality") in QUALITY_LABELS:
            quality = coding(PAIN_QUALITY, mark["quality"], QUALITY_LABELS[mark["quality"]])
            component["extension"].append({"url": PAIN_QUALITY_EXT, "valueCoding": quality})
        if mark.get("intensity") is not None:
            component["valueInteger"] = mark["intensity"]
        else:
            component["dataAbsentReason"] = {"text": "Intensity not recorded"}
        components.append(component)
    code = concept(OBSERVATION, "pain-drawing", OBSERVATION_CODES["pain-drawing"], "Pain drawing")
    return _observation(f"pain-drawing-{intake.pk}", patient_uuid, intake.recorded_at, SURVEY,
                        code, component=components)  # fmt: skip


def session_observations(session, patient_uuid: str) -> list[dict]:
    at, encounter = session.performed_at, ref("Encounter", f"session-{session.pk}")
    out = [pain_rating(f"pain-before-{session.pk}", patient_uuid, at, "pain-before-treatment",
                       session.pain_before, encounter)]  # fmt: skip
    if session.pain_after is not None:
        out.append(pain_rating(f"pain-after-{session.pk}", patient_uuid, at,
                               "pain-after-treatment", session.pain_after, encounter))  # fmt: skip
    return out


def rom_observation(rom, patient_uuid: str, at, encounter: dict) -> dict:
    """Degrees of a movement on a side, with the normal value in force that day."""
    movement = catalog().movements.get(rom.movement)
    name = movement.name if movement else rom.movement
    site = {"text": f"{movement.joint if movement else rom.movement}, {rom.side}",
            "extension": [laterality(rom.side)]}  # fmt: skip
    rest = {
        "encounter": encounter,
        "bodySite": site,
        "valueQuantity": quantity(rom.degrees, "degrees", "deg"),
        "component": [{
            "code": concept(OBSERVATION, "rom-painful", OBSERVATION_CODES["rom-painful"]),
            "valueBoolean": rom.painful,
        }],
    }  # fmt: skip
    if rom.normal_degrees:
        source = clean(rom.normal_source)
        text = f"Normal {rom.normal_degrees} degrees" + (f" ({source})" if source else "")
        rest["referenceRange"] = [{"high": quantity(rom.normal_degrees, "degrees", "deg"),
                                   "text": text}]  # fmt: skip
    code = concept(MOVEMENT, rom.movement, name, f"Range of motion: {name}")
    return _observation(f"rom-{rom.pk}", patient_uuid, at, EXAM, code, **rest)


def score_observation(response, patient_uuid: str) -> dict:
    """The questionnaire's score as computed when it was answered, derived from the answers."""
    spec = SPECS[response.instrument]
    if response.instrument in SCORE_LOINC:
        code = concept(LOINC, *SCORE_LOINC[response.instrument], text=f"{spec.short} score")
    else:
        code = concept(OBSERVATION, f"score-{response.instrument}", f"{spec.title} score",
                       f"{spec.short} score")  # fmt: skip
    value = quantity(response.score, "%") if spec.unit == "%" else _score(response.score)
    answers = [ref("QuestionnaireResponse", f"qr-{response.pk}")]
    return _observation(f"score-{response.pk}", patient_uuid, response.answered_at, SURVEY,
                        code, valueQuantity=value, derivedFrom=answers)  # fmt: skip


# The findings of taut.exams.PalpationFinding, in the order of the Delphi criteria.
PALPATION_FINDINGS = ("taut_band", "hypersensitive_spot", "referred_pain", "recognised_pain",
                      "local_twitch")  # fmt: skip


def palpation_observation(finding, assessment, patient_uuid: str) -> dict:
    """One trigger point palpated on one side: the muscle and side as bodySite, each finding a
    component, and the 2018 Delphi classification (active, latent, none) as the value."""
    kb = catalog()
    try:
        point = kb.trigger_point(finding.trigger_point)
        muscle = kb.muscle(point.muscle_id)
    except KeyError:
        point = muscle = None  # a point the knowledge base no longer has: keep its id only
    label = f"{muscle.name}: {point.name}" if point else finding.trigger_point
    site = {"text": f"{label}, {finding.side}", "extension": [laterality(finding.side)]}
    if muscle is not None:
        site["coding"] = [coding(MUSCLE, muscle.id, muscle.name)]
    classification = finding.classification.value
    components = [{
        "code": concept(OBSERVATION, key.replace("_", "-"),
                        OBSERVATION_CODES[key.replace("_", "-")]),
        "valueBoolean": getattr(finding, key),
    } for key in PALPATION_FINDINGS]  # fmt: skip
    code = concept(OBSERVATION, "trigger-point-palpation",
                   OBSERVATION_CODES["trigger-point-palpation"], f"Palpation: {label}")  # fmt: skip
    return _observation(
        f"palpation-{finding.pk}", patient_uuid, assessment.performed_at, EXAM, code,
        extension=[{"url": TRIGGER_POINT_EXT,
                    "valueCoding": coding(TRIGGER_POINT, finding.trigger_point,
                                          point.name if point else None)}],
        encounter=ref("Encounter", f"assessment-{assessment.pk}"),
        performer=[person(assessment.clinician)],
        bodySite=site,
        valueCodeableConcept=concept(TRIGGER_POINT_CLASS, classification,
                                     TRIGGER_POINT_CLASSES[classification]),
        component=components,
    )  # fmt: skip
