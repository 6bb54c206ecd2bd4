"""Dry needling → FHIR Procedure: one per muscle needled, part of one per session (CPT)."""

from functools import cache

from taut.clinical import billing
from taut.fhir.base import instant, meta, quantity, ref
from taut.fhir.codes import (
    CPT,
    INSERTIONS,
    MUSCLE,
    NEEDLE_GAUGE,
    NEEDLE_LENGTH,
    NEEDLING_TECHNIQUE,
    PROCEDURE,
    PROCEDURE_CODES,
    TECHNIQUE,
    TRIGGER_POINT,
    TRIGGER_POINT_EXT,
    TWITCHES,
    coding,
    concept,
    laterality,
)
from taut.kb.catalog import catalog
from taut.treatment.models import Technique, anatomical_id

# CPT's descriptors are the AMA's text, so the CPT coding carries the code alone and the
# concept's text says it in Taut's words.
CPT_TEXT = billing.DESCRIPTIONS
# The columns of a needling row; its session's come as `performed_at`, `patient_id` and
# `clinician_id`.
FIELDS = ("id", "session_id", "muscle", "trigger_point", "side", "technique",
          "needle_length_mm", "needle_gauge_mm", "insertions", "twitch_responses")  # fmt: skip
DRY_NEEDLING = concept(PROCEDURE, "dry-needling", PROCEDURE_CODES["dry-needling"], "Dry needling")
SESSION_CODING = coding(PROCEDURE, "dry-needling-session", PROCEDURE_CODES["dry-needling-session"])
TECHNIQUES = dict(Technique.choices)


def _name(lookup, ident: str) -> str | None:
    try:
        return lookup(ident).name
    except KeyError:
        return None


def cpt_code(needlings: list[dict]) -> str | None:
    """20560 or 20561 for a session's needling rows, as TreatmentSession.cpt_code decides."""
    return billing.needling_code([(anatomical_id(n["muscle"]), n["side"]) for n in needlings])


def session_procedure(row: dict, patient_uuid: str, cpt_code: str, clinician: dict) -> dict:
    """The session's dry needling as billed: CPT 20560 or 20561 (taut.clinical.billing).
    `row` has the session's `session_id` and `performed_at`."""
    code = {"coding": [coding(CPT, cpt_code), SESSION_CODING], "text": CPT_TEXT[cpt_code]}
    session, at = row["session_id"], instant(row["performed_at"])
    return {
        "resourceType": "Procedure",
        "id": f"needling-session-{session}",
        "meta": meta(at),
        "status": "completed",
        "code": code,
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"session-{session}"),
        "performedDateTime": at,
        "performer": [{"actor": clinician}],
    }


@cache
def _site(muscle_id: str, side: str) -> dict:
    muscle = _name(catalog().muscle, muscle_id) or muscle_id
    site = concept(MUSCLE, muscle_id, muscle, f"{muscle}, {side}")
    site["extension"] = [laterality(side)]
    return site


@cache
def _technique(technique: str) -> dict:
    return coding(NEEDLING_TECHNIQUE, technique, TECHNIQUES.get(technique, technique))


@cache
def _trigger_point(point: str) -> dict:
    return coding(TRIGGER_POINT, point, _name(catalog().trigger_point, point))


def needling_procedure(row: dict, patient_uuid: str) -> dict:
    """One muscle needled (a row of FIELDS with its session's `performed_at`): the muscle and
    side as bodySite, the needle in extensions."""
    session, at = row["session_id"], instant(row["performed_at"])
    extensions = [
        {"url": TECHNIQUE, "valueCoding": _technique(row["technique"])},
        {"url": NEEDLE_LENGTH, "valueQuantity": quantity(row["needle_length_mm"], "mm")},
        {"url": NEEDLE_GAUGE, "valueQuantity": quantity(row["needle_gauge_mm"], "mm")},
        {"url": INSERTIONS, "valueInteger": row["insertions"]},
        {"url": TWITCHES, "valueInteger": row["twitch_responses"]},
    ]
    if row["trigger_point"]:
        extensions.append({"url": TRIGGER_POINT_EXT,
                           "valueCoding": _trigger_point(row["trigger_point"])})  # fmt: skip
    return {
        "resourceType": "Procedure",
        "id": f"needling-{row['id']}",
        "meta": meta(at),
        "extension": extensions,
        "partOf": [ref("Procedure", f"needling-session-{session}")],
        "status": "completed",
        "code": DRY_NEEDLING,
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"session-{session}"),
        "performedDateTime": at,
        "bodySite": [_site(row["muscle"], row["side"])],
        "usedCode": [{"text": f"Needle {float(row['needle_length_mm']):g} mm long, "
                              f"{float(row['needle_gauge_mm']):g} mm diameter"}],
    }  # fmt: skip
