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


def condition_resource(diagnosis, assessment, patient_uuid: str, episode_open: bool) -> dict:
    """A diagnosis made at an assessment; inactive once its episode was discharged."""
    status = "active" if episode_open else "inactive"
    return {
        "resourceType": "Condition",
        "id": f"diagnosis-{diagnosis.pk}",
        "meta": meta(assessment.performed_at),
        "clinicalStatus": concept(CONDITION_CLINICAL, status),
        "verificationStatus": concept(CONDITION_VERIFICATION, "confirmed"),
        "category": [concept(CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis")],
        "code": concept(ICD10_CM, diagnosis.code, icd10.label(diagnosis.code) or None),
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"assessment-{assessment.pk}"),
        "recordedDate": instant(assessment.performed_at),
    }
