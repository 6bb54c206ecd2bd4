"""Consent to dry needling → FHIR Consent (R4): active while in force, inactive once withdrawn."""

import base64

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import (
    CONSENT_DOCUMENT,
    CONSENT_SCOPE,
    CONSENT_WITNESS,
    LOINC,
    PROCEDURE,
    PROCEDURE_CODES,
    TREATMENT_SCOPE,
    coding,
    concept,
)
from taut.fhir.strings import text as clean


def consent_resource(consent, patient_uuid: str, clinic_name: str) -> dict:
    """Who consented to what (the clinic's consent text, attached), when, and until when."""
    version = consent.text.version
    period = {"start": instant(consent.given_at)}
    if consent.withdrawn_at is not None:
        period["end"] = instant(consent.withdrawn_at)
    source = {"contentType": "text/plain; charset=utf-8",
              "title": f"Dry needling consent, version {version}"}  # fmt: skip
    if wording := clean(consent.text.text):
        source["data"] = base64.b64encode(wording.encode()).decode("ascii")
    witness = clean(consent.witnessed_by.get_full_name()) or consent.witnessed_by.get_username()
    return {
        "resourceType": "Consent",
        "id": f"consent-{consent.pk}",
        "meta": meta(consent.withdrawn_at or consent.given_at),
        "extension": [{"url": CONSENT_WITNESS, "valueString": witness}],
        "status": "active" if consent.withdrawn_at is None else "inactive",
        "scope": concept(CONSENT_SCOPE, *TREATMENT_SCOPE),
        "category": [{"coding": [coding(LOINC, CONSENT_DOCUMENT)],
                      "text": "Consent to dry needling"}],  # fmt: skip
        "patient": ref("Patient", patient_uuid),
        "dateTime": instant(consent.given_at),
        "performer": [ref("Patient", patient_uuid)],
        "organization": [{"display": clinic_name}],
        "sourceAttachment": source,
        # R4 invariant ppc-1 asks for a policy or a policy rule: the clinic's consent text.
        "policyRule": {"text": f"{clinic_name} dry needling consent, version {version}"},
        "provision": {
            "type": "permit",
            "period": period,
            "code": [concept(PROCEDURE, "dry-needling", PROCEDURE_CODES["dry-needling"],
                             "Dry needling")],
        },
    }  # fmt: skip
