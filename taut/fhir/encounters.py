"""Visits → FHIR Encounter: one per treatment session and one per assessment."""

from taut.fhir.base import instant, meta, person, ref
from taut.fhir.codes import ACT_CODE, AMBULATORY, coding


def _encounter(ident: str, patient_uuid: str, at, kind: str, clinician) -> dict:
    return {
        "resourceType": "Encounter",
        "id": ident,
        "meta": meta(at),
        "status": "finished",
        "class": coding(ACT_CODE, *AMBULATORY),
        "type": [{"text": kind}],
        "subject": ref("Patient", patient_uuid),
        "participant": [{"individual": person(clinician)}],
        "period": {"start": instant(at)},
    }


def session_encounter(session, patient_uuid: str) -> dict:
    return _encounter(f"session-{session.pk}", patient_uuid, session.performed_at,
                      "Treatment session", session.clinician)  # fmt: skip


def assessment_encounter(assessment, patient_uuid: str) -> dict:
    return _encounter(f"assessment-{assessment.pk}", patient_uuid, assessment.performed_at,
                      "Assessment", assessment.clinician)  # fmt: skip
