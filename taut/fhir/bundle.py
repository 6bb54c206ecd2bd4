"""One patient's record as a FHIR Bundle (the Patient/$everything style)."""

from django.conf import settings
from django.utils import timezone

from taut.fhir.base import instant
from taut.fhir.export import RESOURCE_TYPES, Scope, resources
from taut.fhir.validate import validate as check


def patient_bundle(patient, *, base: str | None = None) -> dict:
    """Every resource about `patient`, each validated, in a searchset Bundle (validated too)."""
    base = (base or f"{settings.SITE_ROOT}/fhir").rstrip("/")
    scope = Scope(patient.clinic, patient)
    entries = []
    for kind in RESOURCE_TYPES:
        for resource in resources(scope, kind):
            entries.append({
                "fullUrl": f"{base}/{kind}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match" if kind == "Patient" else "include"},
            })  # fmt: skip
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": instant(timezone.now()),
        "total": 1,
        "entry": entries,
    }
    check(bundle)
    return bundle
