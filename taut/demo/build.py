"""Builds the demo clinic. Idempotent: what exists is kept as it is, what is missing is added."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from taut.accounts.models import User
from taut.clinics.models import Clinic, Membership, SecondFactorPolicy
from taut.clinics.roles import Role
from taut.demo import people, record
from taut.invoices import demo as invoices_demo
from taut.notes.models import ClinicalNote
from taut.patients.models import Patient, Sex
from taut.plans import demo as plans_demo
from taut.portal import demo as portal_demo
from taut.scheduling import demo as scheduling_demo

PASSWORD = "taut-demo-2026"
CLINIC_SLUG = "demo"
PATIENT_COUNT = 30
SEED = 20261123  # fixed, so every demo clinic has the same people


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    name: str


STAFF = [
    DemoLogin("clinician", Role.CLINICIAN, "Robin Ashcombe"),
    DemoLogin("frontdesk", Role.FRONT_DESK, "Mina Holloway"),
    DemoLogin("admin", Role.ADMIN, "Theo Marsh"),
]
ROLE_LABELS = {**dict(Role.choices), "patient portal": "Patient portal"}
PATIENT_LOGIN = DemoLogin("patient", "patient portal", "")
# The portal login belongs to chart D0007, whose story is neck pain with temple headaches: the
# textbook upper trapezius case, with an NDI to fill in from the portal.
PORTAL_PATIENT = 6  # index in the list of demo patients


def demo_exists() -> bool:
    return Clinic.objects.filter(slug=CLINIC_SLUG).exists()


@transaction.atomic
def build() -> Clinic:
    clinic, _ = Clinic.objects.get_or_create(
        slug=CLINIC_SLUG,
        defaults={
            "name": "Harbourside Myotherapy (demo)",
            "phone": "+12025550199",
            "email": "hello@harbourside.invalid",
            "address": "12 Harbour Street\nPort Example",
            "country": "US",
            # The demo logins printed by `make run` must work with a password alone, for a
            # newcomer trying Taut; a real clinic keeps the default (admins and clinicians).
            "second_factor": SecondFactorPolicy.OPTIONAL,
        },
    )
    clinician = None
    for login in STAFF:
        user = ensure_user(login.username, login.name)
        Membership.objects.get_or_create(user=user, clinic=clinic, role=login.role)
        clinician = clinician or user
    patients = ensure_patients(clinic, clinician)
    portal_patient = patients[PORTAL_PATIENT]
    portal_user = ensure_user(PATIENT_LOGIN.username, portal_patient.full_name)
    if not Patient.objects.filter(portal_user=portal_user).exists():
        portal_patient.portal_user = portal_user
        portal_patient.save(update_fields=["portal_user", "updated_at"])
    scheduling_demo.seed(clinic)
    plans_demo.seed(clinic)
    portal_demo.seed(clinic)
    invoices_demo.seed(clinic)
    return clinic


def ensure_user(username: str, full_name: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        given, _, family = full_name.partition(" ")
        user = User(username=username, first_name=given, last_name=family,
                    email=f"{username}@harbourside.invalid")  # fmt: skip
        user.set_password(PASSWORD)
        user.save()
    return user


def ensure_patients(clinic: Clinic, clinician: User) -> list[Patient]:
    rng = random.Random(SEED)
    result = []
    for number in range(1, PATIENT_COUNT + 1):
        chart = f"D{number:04d}"
        fields = invented_patient(rng, number)
        patient, created = Patient.objects.get_or_create(
            clinic=clinic, chart_number=chart, defaults={**fields, "created_by": clinician}
        )
        if number % 3 != 0:
            story = number % len(people.COMPLAINTS)
            if created:
                title, text = people.COMPLAINTS[story]
                ClinicalNote.objects.create(
                    clinic=clinic, patient=patient, author=clinician, title=title, text=text
                )
            # A few weeks of care, from one visit to five, for every triaged patient.
            record.build_history(
                patient, record.STORIES[story], clinician,
                weeks_ago=1 + number % 5, sessions=1 + number % 5,
            )  # fmt: skip
        result.append(patient)
    return result


def invented_patient(rng: random.Random, number: int) -> dict:
    female = rng.random() < 0.58
    given = rng.choice(people.GIVEN_FEMALE if female else people.GIVEN_MALE)
    family = people.FAMILY[(number * 7) % len(people.FAMILY)]
    born = date(1948, 1, 1) + timedelta(days=rng.randrange(0, 365 * 56))
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        "sex": Sex.FEMALE if female else Sex.MALE,
        "phone": f"+1202555{100 + number:04d}",
        "email": f"{given}.{family}@example.invalid".lower(),
        "address": f"{rng.randrange(1, 200)} {rng.choice(people.STREETS)}\nPort Example",
    }
