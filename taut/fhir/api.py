"""FHIR endpoints for the JSON API: one patient's record ($everything), the clinic's bulk
export (a Bulk Data style manifest, then one NDJSON stream per resource type), and the import
of Patient resources from another system."""

import json
from uuid import UUID

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError, ValidationError

from taut.api.common import WRITE_ERRORS, documented
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.fhir.base import instant
from taut.fhir.bulk import NDJSON, Spooled, manifest
from taut.fhir.bundle import everything_bundle
from taut.fhir.export import RESOURCE_TYPES, Scope
from taut.fhir.importing import ImportRefused, import_patients
from taut.fhir.validate import InvalidResource
from taut.patients.models import Patient

router = Router(tags=["fhir"])
FHIR_JSON = "application/fhir+json"


@router.get(
    "/Patient/{uuid}/$everything",
    summary="One patient's record as a FHIR Bundle",
    openapi_extra=documented(401, 403, 404, 422),
)
def everything(request, uuid: UUID):
    """Every resource about the patient (FHIR R4), each validated; clinicians only."""
    access.require(request, Capability.SEE_CLINICAL)
    patient = access.get_for(request, Patient, action=Action.EXPORT, uuid=uuid)
    try:
        bundle = everything_bundle(patient, base=request.build_absolute_uri("../.."),
                                   self_url=request.build_absolute_uri())  # fmt: skip
    except InvalidResource as error:
        return refused(f"The record was not sent: {error}")
    return HttpResponse(json.dumps(bundle), content_type=FHIR_JSON)


@router.get(
    "/$export",
    summary="Bulk export manifest (FHIR Bulk Data style)",
    openapi_extra=documented(401, 403),
)
def bulk_manifest(request):
    """The files of a clinic-wide export, one NDJSON file per resource type."""
    access.require(request, Capability.SEE_CLINICAL)
    base = request.build_absolute_uri(request.path).rstrip("/")
    body = manifest(instant(timezone.now()), base, lambda kind: f"{base}/{kind}.ndjson")
    return HttpResponse(json.dumps(body), content_type="application/json")


@router.get(
    "/$export/{kind}.ndjson",
    summary="One resource type of the bulk export",
    openapi_extra=documented(401, 403, 404, 422),
)
def bulk_file(request, kind: str):
    """Every resource of one type in the clinic, one JSON object per line."""
    access.require(request, Capability.SEE_CLINICAL)
    if kind not in RESOURCE_TYPES:
        raise Http404("Not found")
    try:
        spooled = Spooled(Scope(request.clinic), kind)
    except InvalidResource as error:
        # Stored data the mapping cannot express; refuse the whole file rather than cut it.
        return refused(f"The {kind} file was not sent: {error}")
    log.record(request, Action.EXPORT, detail={"format": "fhir-ndjson", "type": kind,
                                               "count": spooled.count})  # fmt: skip
    return StreamingHttpResponse(spooled, content_type=NDJSON)


def refused(diagnostics: str) -> HttpResponse:
    """422 with a FHIR OperationOutcome: stored data that does not make a valid resource."""
    issue = {"severity": "error", "code": "processing", "diagnostics": diagnostics}
    body = {"resourceType": "OperationOutcome", "issue": [issue]}
    return HttpResponse(json.dumps(body), status=422, content_type=FHIR_JSON)


class ImportReport(Schema):
    """What an import did, one line per resource: created, matched to an existing patient (whose
    data is kept), or skipped (not a Patient)."""

    created: list[str]
    matched: list[str]
    skipped: list[str]


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/fhir+ndjson": {"schema": {"type": "string"}},
            "application/fhir+json": {"schema": {"type": "object"}},
        },
    }
}


@router.post(
    "/Patient/$import",
    response={200: ImportReport, **WRITE_ERRORS},
    summary="Import Patient resources (NDJSON or a Bundle) without duplicates",
    openapi_extra=IMPORT_BODY,
)
def patient_import(request):
    """Each Patient is matched by identifier, then by name and birth date; a match is never
    changed. Any bad line refuses the whole import (422, one error per problem)."""
    access.require(request, Capability.EDIT_PATIENTS)
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            [{"type": "invalid", "loc": ["body"], "msg": "The body is not UTF-8."}]
        ) from None
    if not text.strip():
        raise HttpError(400, "The body is empty: send Patient resources as NDJSON or a Bundle.")
    try:
        report = import_patients(request.clinic, text, by=request.user)
    except ImportRefused as refused:
        raise ValidationError(
            [{"type": "invalid", "loc": ["body"], "msg": problem} for problem in refused.problems]
        ) from None
    return {"created": report.created, "matched": report.matched, "skipped": report.skipped}
