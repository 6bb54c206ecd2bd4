"""Consent to dry needling → FHIR Consent (R4): active while in force, inactive once withdrawn."""

import base64
from functools import lru_cache

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

# The columns read; the consent text's come as `version` and `wording`.
FIELDS = ("id", "patient_id", "given_at", "withdrawn_at", "witnessed_by_id")
SCOPE = concept(CONSENT_SCOPE, *TREATMENT_SCOPE)
CATEGORY = [{"coding": [coding(LOINC, CONSENT_DOCUMENT)], "text": "Consent to dry needling"}]
PROVISION_CODE = [concept(PROCEDURE, "dry-needling", PROCEDURE_CODES["dry-needling"],
                          "Dry needling")]  # fmt: skip


@lru_cache(maxsize=64)
def _wording(wording: str) -> str | None:
    """The consent text as an attachment's base64 data: a clinic has a few versions, each
    signed by many patients."""
    if body := clean(wording):
        return base64.b64encode(body.encode()).decode("ascii")
    return None


def consent_resource(row: dict, patient_uuid: str, clinic_name: str, witness: str) -> dict:
    """Who consented to what (the clinic's consent text, attached), when, and until when;
    `witness` is the name of the staff member who witnessed it."""
    version = row["version"]
    period = {"start": instant(row["given_at"])}
    if row["withdrawn_at"] is not None:
        period["end"] = instant(row["withdrawn_at"])
    source = {"contentType": "text/plain; charset=utf-8",
              "title": f"Dry needling consent, version {version}"}  # fmt: skip
    if data := _wording(row["wording"]):
        source["data"] = data
    return {
        "resourceType": "Consent",
        "id": f"consent-{row['id']}",
        "meta": meta(row["withdrawn_at"] or row["given_at"]),
        "extension": [{"url": CONSENT_WITNESS, "valueString": witness}],
        "status": "active" if row["withdrawn_at"] is None else "inactive",
        "scope": SCOPE,
        "category": CATEGORY,
        "patient": ref("Patient", patient_uuid),
        "dateTime": instant(row["given_at"]),
        "performer": [ref("Patient", patient_uuid)],
        "organization": [{"display": clinic_name}],
        "sourceAttachment": source,
        # R4 invariant ppc-1 asks for a policy or a policy rule: the clinic's consent text.
        "policyRule": {"text": f"{clinic_name} dry needling consent, version {version}"},
        "provision": {"type": "permit", "period": period, "code": PROVISION_CODE},
    }
