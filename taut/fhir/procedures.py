"""Dry needling → FHIR Procedure: one per muscle needled, part of one per session (CPT)."""

from taut.clinical import billing
from taut.fhir.base import instant, meta, person, quantity, ref
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

# CPT's descriptors are the AMA's text, so the CPT coding carries the code alone and the
# concept's text says it in Taut's words.
CPT_TEXT = billing.DESCRIPTIONS


def _name(lookup, ident: str) -> str | None:
    try:
        return lookup(ident).name
    except KeyError:
        return None


def session_procedure(session, patient_uuid: str, cpt_code: str) -> dict:
    """The session's dry needling as billed: CPT 20560 or 20561 (taut.clinical.billing)."""
    code = {"coding": [coding(CPT, cpt_code),
                       coding(PROCEDURE, "dry-needling-session",
                              PROCEDURE_CODES["dry-needling-session"])],
            "text": CPT_TEXT[cpt_code]}  # fmt: skip
    return {
        "resourceType": "Procedure",
        "id": f"needling-session-{session.pk}",
        "meta": meta(session.performed_at),
        "status": "completed",
        "code": code,
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"session-{session.pk}"),
        "performedDateTime": instant(session.performed_at),
        "performer": [{"actor": person(session.clinician)}],
    }


def needling_procedure(needling, session, patient_uuid: str) -> dict:
    """One muscle needled: the muscle and side as bodySite, the needle in extensions."""
    kb = catalog()
    muscle = _name(kb.muscle, needling.muscle) or needling.muscle
    site = concept(MUSCLE, needling.muscle, muscle, f"{muscle}, {needling.side}")
    site["extension"] = [laterality(needling.side)]
    extensions = [
        {"url": TECHNIQUE, "valueCoding": coding(NEEDLING_TECHNIQUE, needling.technique,
                                                 needling.get_technique_display())},
        {"url": NEEDLE_LENGTH, "valueQuantity": quantity(needling.needle_length_mm, "mm")},
        {"url": NEEDLE_GAUGE, "valueQuantity": quantity(needling.needle_gauge_mm, "mm")},
        {"url": INSERTIONS, "valueInteger": needling.insertions},
        {"url": TWITCHES, "valueInteger": needling.twitch_responses},
    ]  # fmt: skip
    if needling.trigger_point:
        point = coding(TRIGGER_POINT, needling.trigger_point,
                       _name(kb.trigger_point, needling.trigger_point))  # fmt: skip
        extensions.append({"url": TRIGGER_POINT_EXT, "valueCoding": point})
    return {
        "resourceType": "Procedure",
        "id": f"needling-{needling.pk}",
        "meta": meta(session.performed_at),
        "extension": extensions,
        "partOf": [ref("Procedure", f"needling-session-{session.pk}")],
        "status": "completed",
        "code": concept(PROCEDURE, "dry-needling", PROCEDURE_CODES["dry-needling"], "Dry needling"),
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"session-{session.pk}"),
        "performedDateTime": instant(session.performed_at),
        "bodySite": [site],
        "usedCode": [{"text": f"Needle {float(needling.needle_length_mm):g} mm long, "
                              f"{float(needling.needle_gauge_mm):g} mm diameter"}],
    }  # fmt: skip
