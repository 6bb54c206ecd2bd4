"""Import of Patient resources from another system, without duplicates.

Each Patient is matched to an existing patient of the clinic by identifier (Taut's own uuid,
the clinic's chart number, or an identifier imported before), then by name and birth date.
A match is never changed: differences are reported, and only the identifiers it did not
have yet are added. Everything else is created. Any bad resource refuses the whole file.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.fhir.codes import PATIENT_ID, chart_number_system
from taut.fhir.models import ExternalIdentifier
from taut.fhir.reading import BadInput, resources
from taut.fhir.strings import lines
from taut.fhir.validate import InvalidResource, validate
from taut.patients.forms import OLDEST_AGE
from taut.patients.models import Patient, Sex
from taut.patients.phones import normalise_phone

FIELDS = ("given_name", "family_name", "preferred_name", "date_of_birth", "sex", "phone",
          "email", "address", "emergency_contact")  # fmt: skip
IDENTIFIER_LENGTH = 255  # ExternalIdentifier.system and .value


class ImportRefused(Exception):
    """The input had problems; nothing was written. `problems`: "line N: ..." messages."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass
class Incoming:
    where: str
    fields: dict
    identifiers: list[tuple[str, str]]
    active: bool


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*(f"created {c}" for c in self.created), *(f"matched {m}" for m in self.matched),
                *(f"skipped {s}" for s in self.skipped)]  # fmt: skip


def import_patients(clinic, text: str, *, by=None) -> Report:
    """Import the Patient resources of `text` (NDJSON or a Bundle) into `clinic`, atomically."""
    report, incoming, problems = Report(), [], []
    own_chart = chart_number_system(clinic.slug)
    for where, resource in resources(text):
        if isinstance(resource, BadInput):
            problems.append(str(resource))
        elif resource.get("resourceType") != "Patient":
            report.skipped.append(f"{where}: {resource.get('resourceType')!s} is not a Patient")
        else:
            try:
                incoming.append(read_patient(where, resource, clinic.country, own_chart))
            except (InvalidResource, ValueError) as error:
                problems.append(f"{where}: {error}")
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        for item in incoming:
            problems += apply(clinic, item, report, by)
        if problems:
            raise ImportRefused(problems)  # rolls back what this import wrote
    return report


def read_patient(where: str, resource: dict, country: str, own_chart: str) -> Incoming:
    """The Taut fields of a Patient resource; ValueError naming what is wrong. `own_chart` is
    the clinic's chart number system, read into the chart number."""
    validate(resource)
    names = resource.get("name") or []
    usual = [n for n in names if n.get("use") in ("usual", "nickname")]
    official = next((n for n in names if n.get("use") == "official"), None)
    official = official or next((n for n in names if n not in usual), None)
    fields = {
        "given_name": _joined((official or {}).get("given")),
        "family_name": ((official or {}).get("family") or "").strip(),
        "preferred_name": _joined(usual[0].get("given")) if usual else "",
        "date_of_birth": _birth_date(resource.get("birthDate")),
        "sex": resource.get("gender") or Sex.UNKNOWN,
        "phone": "",
        "email": "",
        "address": _address(resource.get("address") or []),
        "emergency_contact": _contact(resource.get("contact") or []),
    }
    if not fields["given_name"] or not fields["family_name"]:
        raise ValueError("the patient needs a family name and a given name")
    if fields["sex"] not in Sex.values:
        raise ValueError(f"unknown gender {fields['sex']!r}")
    for point in resource.get("telecom") or []:
        system, value = point.get("system"), (point.get("value") or "").strip()
        if system == "phone" and value and not fields["phone"]:
            fields["phone"] = _checked(normalise_phone, value, country)
        elif system == "email" and value and not fields["email"]:
            _checked(validate_email, value)
            fields["email"] = value
    identifiers = _identifiers(resource.get("identifier") or [])
    fields["chart_number"] = next((v for s, v in identifiers if s == own_chart), "")
    _check_as_the_patient_form_does(fields)
    return Incoming(f"{where} (Patient/{resource.get('id', '?')})", fields, identifiers,
                    resource.get("active", True) is not False)  # fmt: skip


def _joined(given) -> str:
    return " ".join(part.strip() for part in given or [] if part.strip())


def _identifiers(items: list[dict]) -> list[tuple[str, str]]:
    """(system, value) of each identifier with both, trimmed; ValueError for one Taut could
    not store (NUL, or longer than the column)."""
    out = []
    for item in items:
        system, value = (item.get("system") or "").strip(), (item.get("value") or "").strip()
        if not system or not value:
            continue
        for part, name in ((system, "system"), (value, "value")):
            if "\x00" in part:
                raise ValueError(f"an identifier {name} contains the NUL character")
            if len(part) > IDENTIFIER_LENGTH:
                raise ValueError(f"an identifier {name} is longer than {IDENTIFIER_LENGTH} "
                                 "characters")  # fmt: skip
        out.append((system, value))
    return out


def _check_as_the_patient_form_does(fields: dict) -> None:
    """The Patient model's own rules (lengths, e-mail, choices) and the form's age limit, so
    what the form would refuse is refused here, not by the database; ValueError lists them."""
    problems = [
        f"{name.replace('_', ' ')} contains the NUL character"
        for name, value in fields.items()
        if isinstance(value, str) and "\x00" in value
    ]
    if timezone.localdate().year - fields["date_of_birth"].year > OLDEST_AGE:
        problems.append(f"the birth date is more than {OLDEST_AGE} years ago")
    try:
        Patient(**fields).full_clean(exclude=["clinic", "created_by", "archived_by",
                                              "portal_user"],
                                     validate_unique=False, validate_constraints=False)  # fmt: skip
    except ValidationError as error:
        problems += [f"{name.replace('_', ' ')}: {' '.join(messages)}"
                     for name, messages in error.message_dict.items()]  # fmt: skip
    if problems:
        raise ValueError("; ".join(problems))


def _checked(check, *args):
    try:
        return check(*args)
    except ValidationError as error:
        raise ValueError(f"{args[0]!r}: {' '.join(error.messages)}") from None


def _birth_date(text) -> date:
    try:
        born = date.fromisoformat(text or "")
    except ValueError:
        raise ValueError("a full birth date (YYYY-MM-DD) is needed") from None
    if born > timezone.localdate():
        raise ValueError("the birth date is in the future")
    return born


def _address(addresses: list[dict]) -> str:
    if not addresses:
        return ""
    a = addresses[0]
    if (a.get("text") or "").strip():
        return "\n".join(lines(a["text"]))
    parts = [*(a.get("line") or []), a.get("city"), a.get("state"), a.get("postalCode"),
             a.get("country")]  # fmt: skip
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _contact(contacts: list[dict]) -> str:
    for c in contacts:
        name = c.get("name") or {}
        text = name.get("text") or " ".join([*(name.get("given") or []), name.get("family") or ""])
        if text.strip():
            return text.strip()
    return ""


def matches(clinic, item: Incoming) -> set[int]:
    """Patients of the clinic that one of the item's identifiers names."""
    own_chart, found = chart_number_system(clinic.slug), set()
    patients = Patient.objects.filter(clinic=clinic)
    for system, value in item.identifiers:
        if system == PATIENT_ID and _is_uuid(value):
            found |= set(patients.filter(uuid=value).values_list("pk", flat=True))
        elif system == own_chart:
            found |= set(patients.filter(chart_number=value).values_list("pk", flat=True))
        found |= set(ExternalIdentifier.objects.filter(clinic=clinic, system=system, value=value)
                     .values_list("patient_id", flat=True))  # fmt: skip
    return found


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def apply(clinic, item: Incoming, report: Report, by) -> list[str]:
    """Match or create one patient; the problems that make the import impossible."""
    found = matches(clinic, item)
    if not found:
        names = [item.fields[k] for k in ("given_name", "family_name", "date_of_birth")]
        found = set(Patient.objects.filter(clinic=clinic).same_person(*names)
                    .values_list("pk", flat=True))  # fmt: skip
    if len(found) > 1:
        return [f"{item.where}: matches {len(found)} patients of the clinic; merge them or "
                "import this patient by hand"]  # fmt: skip
    if found:
        patient = Patient.objects.get(pk=found.pop())
        kept = [f for f in FIELDS if item.fields[f] and item.fields[f] != getattr(patient, f)]
        added = link(clinic, patient, item)
        if added:
            log.record(None, Action.CHANGE, patient, user=by,
                       detail={"source": "fhir import", "identifiers_added": added})  # fmt: skip
        note = f"; kept our {', '.join(kept)}" if kept else ""
        note += f"; added {added} identifier(s)" if added else ""
        report.matched.append(f"{item.where} to {patient.full_name} ({patient.uuid}){note}")
        return []
    patient = Patient(clinic=clinic, created_by=by, **item.fields)
    if not item.active:
        patient.archived_at = timezone.now()
    patient.save()
    link(clinic, patient, item)
    log.record(None, Action.CREATE, patient, user=by, detail={"source": "fhir import"})
    report.created.append(f"{item.where} as {patient.full_name} ({patient.uuid})")
    return []


def link(clinic, patient, item: Incoming) -> int:
    """Store the item's identifiers the patient does not carry yet; how many were added.

    Taut's own systems are never stored: a patient uuid names a patient of whichever Taut
    clinic exported it (the export adds this patient's own), and this clinic's chart numbers
    live on the patient."""
    added = 0
    for system, value in item.identifiers:
        if system in (PATIENT_ID, chart_number_system(clinic.slug)):
            continue
        _, created = ExternalIdentifier.objects.get_or_create(
            clinic=clinic, system=system, value=value, defaults={"patient": patient}
        )
        added += created
    return added
