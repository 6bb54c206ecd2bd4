"""One patient's record as a FHIR Bundle: the downloadable file (a `collection`) and the answer
to Patient/$everything (a `searchset`, as the operation's definition says it returns)."""

from django.conf import settings
from django.utils import timezone

from taut.fhir.base import instant
from taut.fhir.export import RESOURCE_TYPES, Scope, resources
from taut.fhir.validate import validate as check


def _entries(patient, base: str):
    """(resource type, entry) for every resource about `patient`, each validated."""
    scope = Scope(patient.clinic, patient)
    for kind in RESOURCE_TYPES:
        for resource in resources(scope, kind):
            yield kind, {"fullUrl": f"{base}/{kind}/{resource['id']}", "resource": resource}


def _bundle(kind: str, entries: list[dict], **rest) -> dict:
    bundle = {"resourceType": "Bundle", "type": kind, "timestamp": instant(timezone.now()),
              **rest, "entry": entries}  # fmt: skip
    check(bundle)
    return bundle


def patient_bundle(patient, *, base: str | None = None) -> dict:
    """The patient's record as a file: a `collection` Bundle, a set of resources kept together
    (FHIR R4 bundle-type); it carries no search details."""
    base = (base or f"{settings.SITE_ROOT}/fhir").rstrip("/")
    return _bundle("collection", [entry for _, entry in _entries(patient, base)])


def everything_bundle(patient, *, base: str, self_url: str | None = None) -> dict:
    """The answer to Patient/<id>/$everything: a `searchset` whose one match is the Patient,
    every other resource an `include` (FHIR R4 search-entry-mode); `total` counts matches."""
    entries = []
    for kind, entry in _entries(patient, base.rstrip("/")):
        entry["search"] = {"mode": "match" if kind == "Patient" else "include"}
        entries.append(entry)
    links = {"link": [{"relation": "self", "url": self_url}]} if self_url else {}
    return _bundle("searchset", entries, total=1, **links)
