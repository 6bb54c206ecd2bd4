"""Visits → FHIR Encounter: one per treatment session and one per assessment."""

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import ACT_CODE, AMBULATORY, coding

FIELDS = ("id", "patient_id", "performed_at", "clinician_id")  # of a session or an assessment
CLASS = coding(ACT_CODE, *AMBULATORY)
TYPES = {kind: [{"text": kind}] for kind in ("Treatment session", "Assessment")}


def _encounter(ident: str, patient_uuid: str, at, kind: str, clinician: dict) -> dict:
    at = instant(at)
    return {
        "resourceType": "Encounter",
        "id": ident,
        "meta": meta(at),
        "status": "finished",
        "class": CLASS,
        "type": TYPES[kind],
        "subject": ref("Patient", patient_uuid),
        "participant": [{"individual": clinician}],
        "period": {"start": at},
    }


def session_encounter(row: dict, patient_uuid: str, clinician: dict) -> dict:
    """A session row (FIELDS); `clinician` is the `person` who treated."""
    return _encounter(f"session-{row['id']}", patient_uuid, row["performed_at"],
                      "Treatment session", clinician)  # fmt: skip


def assessment_encounter(row: dict, patient_uuid: str, clinician: dict) -> dict:
    return _encounter(f"assessment-{row['id']}", patient_uuid, row["performed_at"],
                      "Assessment", clinician)  # fmt: skip
