"""Validation of every resource Taut writes or reads against the fhir.resources R4B models.

FHIR 4.3 (R4B) did not change the resources Taut exchanges relative to R4 4.0.1
(hl7.org/fhir/R4B/history.html; docs/fhir.md).
"""

from fhir.resources.R4B.adverseevent import AdverseEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

MODELS = {
    m.__name__: m
    for m in (Patient, Encounter, Condition, Procedure, Observation, QuestionnaireResponse,
              CarePlan, AdverseEvent, DocumentReference, Consent, Bundle)
}  # fmt: skip


class InvalidResource(ValueError):
    """A resource that its fhir.resources model refuses, with the reasons in plain words."""


def problems(error: ValidationError) -> str:
    parts = []
    for e in error.errors()[:5]:
        where = ".".join(str(p) for p in e["loc"] if p != "__root__")
        parts.append(f"{where}: {e['msg']}" if where else e["msg"])
    return "; ".join(parts)


def validate(resource: dict):
    """The fhir.resources model instance of `resource`; InvalidResource when it does not fit."""
    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    model = MODELS.get(kind)
    if model is None:
        raise InvalidResource(f"not a resource Taut handles (resourceType {kind!r})")
    try:
        return model.model_validate(resource)
    except ValidationError as error:
        raise InvalidResource(f"{kind}/{resource.get('id', '?')}: {problems(error)}") from None
