"""FHIR endpoints for the JSON API: one patient's record ($everything) and the clinic's bulk
export (a Bulk Data style manifest, then one NDJSON stream per resource type)."""

import json
from uuid import UUID

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import Router

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.fhir.base import instant
from taut.fhir.bulk import NDJSON, manifest, ndjson_lines
from taut.fhir.bundle import patient_bundle
from taut.fhir.export import RESOURCE_TYPES, Scope
from taut.patients.models import Patient

router = Router(tags=["fhir"])
FHIR_JSON = "application/fhir+json"


@router.get("/Patient/{uuid}/$everything", summary="One patient's record as a FHIR Bundle")
def everything(request, uuid: UUID):
    """Every resource about the patient (FHIR R4), each validated; clinicians only."""
    access.require(request, Capability.SEE_CLINICAL)
    patient = access.get_for(request, Patient, action=Action.EXPORT, uuid=uuid)
    bundle = patient_bundle(patient, base=request.build_absolute_uri("../..").rstrip("/"))
    return HttpResponse(json.dumps(bundle), content_type=FHIR_JSON)


@router.get("/$export", summary="Bulk export manifest (FHIR Bulk Data style)")
def bulk_manifest(request):
    """The files of a clinic-wide export, one NDJSON file per resource type."""
    access.require(request, Capability.SEE_CLINICAL)
    base = request.build_absolute_uri(request.path).rstrip("/")
    body = manifest(instant(timezone.now()), base, lambda kind: f"{base}/{kind}.ndjson")
    return HttpResponse(json.dumps(body), content_type="application/json")


@router.get("/$export/{kind}.ndjson", summary="One resource type of the bulk export")
def bulk_file(request, kind: str):
    """Every resource of one type in the clinic, one JSON object per line."""
    access.require(request, Capability.SEE_CLINICAL)
    if kind not in RESOURCE_TYPES:
        raise Http404("Not found")
    log.record(request, Action.EXPORT, detail={"format": "fhir-ndjson", "type": kind})
    return StreamingHttpResponse(ndjson_lines(Scope(request.clinic), kind), content_type=NDJSON)
