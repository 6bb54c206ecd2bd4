"""FHIR endpoints for the JSON API: one patient's record ($everything), the clinic's bulk
export (FHIR Bulk Data 2.0.0: kick-off, status, files; taut/fhir/jobs.py), and the import of
Patient resources from another system."""

import json
from http import HTTPStatus
from uuid import UUID

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import http_date
from ninja import Router, Schema
from ninja.errors import HttpError, ValidationError

from taut.api.common import WRITE_ERRORS, documented
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.fhir import jobs
from taut.fhir.base import instant
from taut.fhir.bulk import NDJSON
from taut.fhir.bundle import everything_bundle
from taut.fhir.importing import ImportRefused, import_patients
from taut.fhir.models import ExportJob, JobStatus
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


def bulk_answers(*statuses: int, ok: dict | None = None) -> dict:
    """openapi_extra of a bulk export route: an empty 202, FHIR OperationOutcomes for 400 and
    500, the usual error details for 401, 403, 404 and 422, and `ok` as the 200 answer's content."""
    extra = documented(*[s for s in statuses if s in (401, 403, 404, 422)])
    for status in statuses:
        if status == 202:
            extra["responses"][202] = {"description": "Accepted"}
        elif status in (400, 500):
            outcome = {FHIR_JSON: {"schema": {"type": "object"}}}
            extra["responses"][status] = {"description": HTTPStatus(status).phrase,
                                          "content": outcome}  # fmt: skip
    if ok is not None:
        extra["responses"][200] = {"description": "OK", "content": ok}
    return extra


KICK_OFF = {"summary": "Start a bulk export (FHIR Bulk Data 2.0.0 kick-off)",
            "openapi_extra": bulk_answers(202, 400, 401, 403)}  # fmt: skip
MANIFEST = {"application/json": {"schema": {"type": "object"}}}
FILE = {NDJSON: {"schema": {"type": "string"}}}


@router.get("/$export", **KICK_OFF)
def export_kick_off(request):
    """The clinic's records as NDJSON files, made in the background: send `Prefer:
    respond-async`; answers 202 with `Content-Location`, the job's status URL. Takes `_type`
    (comma-separated resource types), `_since` (a FHIR instant: only patients with a change
    after it, docs/fhir.md) and `_outputFormat` (NDJSON only)."""
    return kick_off(request)


@router.get("/Patient/$export", **KICK_OFF)
def patient_export_kick_off(request):
    """As `$export`: every resource Taut exports is in a patient's compartment."""
    return kick_off(request)


def kick_off(request) -> HttpResponse:
    access.require(request, Capability.SEE_CLINICAL)
    prefer = [p.strip() for p in request.headers.get("Prefer", "").split(",")]
    if "respond-async" not in prefer:
        return outcome(400, "Send the header Prefer: respond-async: the export runs in the "
                            "background and answers with a status URL.")  # fmt: skip
    try:
        types, since = jobs.parse_request(dict(request.GET.lists()),
                                          lenient="handling=lenient" in prefer)  # fmt: skip
    except jobs.Refused as error:
        return outcome(400, str(error))
    job = jobs.start(request.clinic, request.user, request.build_absolute_uri(), types, since)
    log.record(request, Action.EXPORT, job, detail={
        "format": "fhir-bulk", "step": "kick-off", "job": str(job.pk), "types": types,
        "since": instant(since) if since else None,
    })  # fmt: skip
    response = HttpResponse(status=202)
    response["Content-Location"] = f"{fhir_base(request)}/$export/{job.pk}"
    return response


@router.get("/$export/{job}", summary="Status of a bulk export",
            openapi_extra=bulk_answers(202, 401, 403, 404, 422, 500, ok=MANIFEST))  # fmt: skip
def export_status(request, job: str):
    """202 with `X-Progress` and `Retry-After` while it runs; 200 with the completion manifest
    when done; 500 with an OperationOutcome if it failed (or its worker stopped)."""
    found = find_job(request, job)
    if jobs.give_up_stalled(ExportJob.objects.filter(pk=found.pk)):
        found.refresh_from_db()
    if found.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        response = HttpResponse(status=202)
        response["X-Progress"] = found.progress
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    if found.status == JobStatus.FAILED:
        return outcome(500, found.error, code="exception")
    response = HttpResponse(json.dumps(jobs.manifest(found, fhir_base(request))),
                            content_type="application/json")  # fmt: skip
    response["Expires"] = http_date(jobs.expires_at(found).timestamp())
    return response


@router.delete("/$export/{job}", summary="Cancel a bulk export and delete its files",
               openapi_extra=bulk_answers(202, 401, 403, 404, 422))  # fmt: skip
def export_cancel(request, job: str):
    """Stops the job if it is running and deletes it and its files: 202; then its status URL
    answers 404."""
    found = find_job(request, job)
    jobs.cancel(found)
    return HttpResponse(status=202)


@router.get("/$export/{job}/{kind}.ndjson", summary="One file of a finished bulk export",
            openapi_extra=bulk_answers(401, 403, 404, 422, ok=FILE))  # fmt: skip
def export_file(request, job: str, kind: str):
    """One resource type's NDJSON file, streamed from disk; with the same token as the
    kick-off (any token of the same clinic with the clinical role)."""
    found = find_job(request, job)
    path = found.directory / f"{kind}.ndjson"
    if found.status != JobStatus.DONE or not found.counts.get(kind) or not path.is_file():
        raise Http404("Not found")
    response = FileResponse(path.open("rb"), content_type=NDJSON)
    log.record(request, Action.EXPORT, found, detail={
        "format": "fhir-ndjson", "job": str(found.pk), "type": kind, "count": found.counts[kind],
    })  # fmt: skip
    return response


RETRY_AFTER = 5  # seconds between status polls (engineering choice: a small clinic is done
# in seconds, and a poll is one indexed read)


def find_job(request, job: str) -> ExportJob:
    """The current clinic's export job, or 404 (another clinic's, or not a job id)."""
    access.require(request, ExportJob.read_capability)
    try:
        return ExportJob.objects.get(clinic=request.clinic, pk=UUID(job))
    except (ValueError, ExportJob.DoesNotExist):
        raise Http404("Not found") from None


def fhir_base(request) -> str:
    """The FHIR base URL ([base] in the IG) of this request: up to and including /fhir."""
    path = request.path
    return request.build_absolute_uri(path[: path.index("/fhir/") + len("/fhir")])


def outcome(status: int, diagnostics: str, code: str = "processing") -> HttpResponse:
    """A FHIR OperationOutcome with one error."""
    issue = {"severity": "error", "code": code, "diagnostics": diagnostics}
    body = {"resourceType": "OperationOutcome", "issue": [issue]}
    return HttpResponse(json.dumps(body), status=status, content_type=FHIR_JSON)


def refused(diagnostics: str) -> HttpResponse:
    """422 with a FHIR OperationOutcome: stored data that does not make a valid resource."""
    return outcome(422, diagnostics)


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
