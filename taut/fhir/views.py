import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.fhir.bundle import patient_bundle
from taut.fhir.validate import InvalidResource
from taut.patients.models import Patient


@login_required
def patient_download(request, uuid):
    """A clinician's download of one patient's record as a FHIR R4 Bundle."""
    access.require(request, Capability.SEE_CLINICAL)
    patient = access.get_for(request, Patient, action=Action.EXPORT, uuid=uuid)
    try:
        body = json.dumps(patient_bundle(patient), indent=1)
    except InvalidResource as error:
        # Stored data the mapping cannot express: say which resource, send nothing partial.
        return HttpResponse(f"The FHIR export was not made: {error}", status=422,
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    response = HttpResponse(body, content_type="application/fhir+json")
    name = f"{patient.family_name}-{patient.given_name}-fhir.json".lower().replace(" ", "-")
    safe = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "-._"))
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response
