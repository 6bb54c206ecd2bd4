"""Diagnoses (ICD-10-CM) → FHIR Condition."""

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import (
    CONDITION_CATEGORY,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    ICD10_CM,
    concept,
)
from taut.icd10 import search as icd10

CLINICAL = {status: concept(CONDITION_CLINICAL, status) for status in ("active", "inactive")}
CONFIRMED = concept(CONDITION_VERIFICATION, "confirmed")
CATEGORY = [concept(CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis")]


def condition_resource(row: dict, patient_uuid: str, episode_open: bool) -> dict:
    """A diagnosis row (its `id`, `code`, and its assessment's `assessment_id` and
    `performed_at`); inactive once its episode was discharged."""
    at = instant(row["performed_at"])
    return {
        "resourceType": "Condition",
        "id": f"diagnosis-{row['id']}",
        "meta": meta(at),
        "clinicalStatus": CLINICAL["active" if episode_open else "inactive"],
        "verificationStatus": CONFIRMED,
        "category": CATEGORY,
        "code": concept(ICD10_CM, row["code"], icd10.label(row["code"]) or None),
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"assessment-{row['assessment_id']}"),
        "recordedDate": at,
    }
