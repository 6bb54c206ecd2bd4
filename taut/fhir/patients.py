"""Patient → FHIR Patient."""

from taut.fhir.base import instant, meta
from taut.fhir.codes import PATIENT_ID, chart_number_system


def identifiers(patient, clinic_slug: str, external=()) -> list[dict]:
    """Taut's uuid, the clinic's chart number, then identifiers imported from elsewhere."""
    out = [{"use": "official", "system": PATIENT_ID, "value": str(patient.uuid)}]
    if patient.chart_number:
        out.append({"use": "usual", "system": chart_number_system(clinic_slug),
                    "value": patient.chart_number})  # fmt: skip
    out += [{"system": e.system, "value": e.value} for e in external]
    return out


def patient_resource(patient, clinic_slug: str, external=()) -> dict:
    """The demographics and contact details of `patient`; `external`: ExternalIdentifier rows."""
    names = [{"use": "official", "family": patient.family_name, "given": [patient.given_name]}]
    if patient.preferred_name:
        names.append({"use": "usual", "given": [patient.preferred_name]})
    out = {
        "resourceType": "Patient",
        "id": str(patient.uuid),
        "meta": meta(patient.updated_at),
        "identifier": identifiers(patient, clinic_slug, external),
        "active": patient.archived_at is None,
        "name": names,
        "gender": patient.sex,
        "birthDate": instant(patient.date_of_birth),
    }
    telecom = []
    if patient.phone:
        telecom.append({"system": "phone", "value": patient.phone})
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    if telecom:
        out["telecom"] = telecom
    if patient.address:
        out["address"] = [{"text": patient.address, "line": patient.address.splitlines()}]
    if patient.emergency_contact:
        out["contact"] = [{"name": {"text": patient.emergency_contact}}]
    return out
