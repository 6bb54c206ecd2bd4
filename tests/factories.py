"""Small hand-written factories for clinics, people and records."""

from datetime import date
from itertools import count

from taut.accounts.models import User
from taut.clinics.models import Clinic, Membership, SecondFactorPolicy
from taut.notes.models import ClinicalNote
from taut.patients.models import Patient

PASSWORD = "correct horse battery"
_serial = count(1)


def make_clinic(name: str, second_factor: str = SecondFactorPolicy.OPTIONAL) -> Clinic:
    """A clinic whose staff log in with a password alone unless a test asks for more."""
    return Clinic.objects.create(
        name=name, slug=f"{name.lower().replace(' ', '-')}-{next(_serial)}",
        second_factor=second_factor,
    )  # fmt: skip


def make_user(username: str, *roles_at: tuple[Clinic, str]) -> User:
    user = User(username=username, first_name=username.title(), email=f"{username}@example.org")
    user.set_password(PASSWORD)
    user.save()
    for clinic, role in roles_at:
        Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def make_patient(clinic: Clinic, given="Ada", family="Lovelace", **fields) -> Patient:
    fields.setdefault("date_of_birth", date(1980, 5, 17))
    return Patient.objects.create(clinic=clinic, given_name=given, family_name=family, **fields)


def make_note(
    patient: Patient, author: User, title="Chart note", text="Neck pain."
) -> ClinicalNote:
    return ClinicalNote.objects.create(
        clinic=patient.clinic, patient=patient, author=author, title=title, text=text
    )
