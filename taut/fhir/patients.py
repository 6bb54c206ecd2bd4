"""Patient → FHIR Patient."""

from taut.fhir.base import instant, meta
from taut.fhir.codes import PATIENT_ID, chart_number_system
from taut.fhir.strings import lines, text


def identifiers(patient, clinic_slug: str, external=()) -> list[dict]:
    """Taut's uuid, the clinic's chart number, then identifiers imported from elsewhere."""
    out = [{"use": "official", "system": PATIENT_ID, "value": str(patient.uuid)}]
    if chart := text(patient.chart_number):
        out.append({"use": "usual", "system": chart_number_system(clinic_slug), "value": chart})
    out += [{"system": system, "value": value} for e in external
            if (system := text(e.system)) and (value := text(e.value))]  # fmt: skip
    return out


def _name(use: str, family=None, given=None) -> dict | None:
    out = {"use": use}
    if family := text(family):
        out["family"] = family
    if given := text(given):
        out["given"] = [given]
    return out if len(out) > 1 else None


def patient_resource(patient, clinic_slug: str, external=()) -> dict:
    """The demographics and contact details of `patient`; `external`: ExternalIdentifier rows."""
    names = [_name("official", patient.family_name, patient.given_name),
             _name("usual", given=patient.preferred_name)]  # fmt: skip
    out = {
        "resourceType": "Patient",
        "id": str(patient.uuid),
        "meta": meta(patient.updated_at),
        "identifier": identifiers(patient, clinic_slug, external),
        "active": patient.archived_at is None,
        "gender": patient.sex,
        "birthDate": instant(patient.date_of_birth),
    }
    if names := [n for n in names if n]:
        out["name"] = names
    telecom = [{"system": system, "value": value}
               for system, value in (("phone", text(patient.phone)), ("email", text(patient.email)))
               if value]  # fmt: skip
    if telecom:
        out["telecom"] = telecom
    if address := lines(patient.address):
        out["address"] = [{"text": "\n".join(address), "line": address}]
    if contact := text(patient.emergency_contact):
        out["contact"] = [{"name": {"text": contact}}]
    return out
