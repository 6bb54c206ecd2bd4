"""Patient → FHIR Patient."""

from taut.fhir.base import instant, meta
from taut.fhir.codes import PATIENT_ID
from taut.fhir.strings import lines, text

# The columns `patient_resource` reads.
FIELDS = ("id", "uuid", "given_name", "family_name", "preferred_name", "date_of_birth", "sex",
          "chart_number", "phone", "email", "address", "emergency_contact", "updated_at",
          "archived_at")  # fmt: skip


def identifiers(row: dict, chart_system: str, external=()) -> list[dict]:
    """Taut's uuid, the clinic's chart number, then identifiers imported from elsewhere
    (`external`: (system, value) pairs)."""
    out = [{"use": "official", "system": PATIENT_ID, "value": str(row["uuid"])}]
    if chart := text(row["chart_number"]):
        out.append({"use": "usual", "system": chart_system, "value": chart})
    out += [{"system": system, "value": value} for s, v in external
            if (system := text(s)) and (value := text(v))]  # fmt: skip
    return out


def _name(use: str, family=None, given=None) -> dict | None:
    out = {"use": use}
    if family := text(family):
        out["family"] = family
    if given := text(given):
        out["given"] = [given]
    return out if len(out) > 1 else None


def patient_resource(row: dict, chart_system: str, external=()) -> dict:
    """The demographics and contact details of a patient row (FIELDS); `chart_system` is the
    clinic's chart number system, `external` the (system, value) pairs imported."""
    names = [_name("official", row["family_name"], row["given_name"]),
             _name("usual", given=row["preferred_name"])]  # fmt: skip
    out = {
        "resourceType": "Patient",
        "id": str(row["uuid"]),
        "meta": meta(row["updated_at"]),
        "identifier": identifiers(row, chart_system, external),
        "active": row["archived_at"] is None,
        "gender": row["sex"],
        "birthDate": instant(row["date_of_birth"]),
    }
    if names := [n for n in names if n]:
        out["name"] = names
    telecom = [{"system": system, "value": value}
               for system, value in (("phone", text(row["phone"])), ("email", text(row["email"])))
               if value]  # fmt: skip
    if telecom:
        out["telecom"] = telecom
    if address := lines(row["address"]):
        out["address"] = [{"text": "\n".join(address), "line": address}]
    if contact := text(row["emergency_contact"]):
        out["contact"] = [{"name": {"text": contact}}]
    return out
