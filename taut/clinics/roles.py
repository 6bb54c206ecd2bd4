"""Staff roles and what each may do. One table, read by the access layer and the templates."""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    FRONT_DESK = "front_desk", "Front desk"
    ADMIN = "admin", "Clinic admin"


class Capability(StrEnum):
    SEE_PATIENTS = "see_patients"  # demographics and contact details
    EDIT_PATIENTS = "edit_patients"
    ARCHIVE_PATIENTS = "archive_patients"
    SEE_CLINICAL = "see_clinical"  # notes, assessments, treatment records
    WRITE_CLINICAL = "write_clinical"
    USE_REFERENCE = "use_reference"  # the knowledge base: no patient data
    SCHEDULE = "schedule"  # calendars, appointments, the appointment request queue
    SEE_AUDIT = "see_audit"
    SEE_BILLING = "see_billing"  # invoices, payments, payers: patients' financial data
    TAKE_PAYMENTS = "take_payments"  # draft, issue and void invoices, record payments
    MANAGE_CLINIC = "manage_clinic"


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CLINICIAN: frozenset(
        {
            Capability.SEE_PATIENTS,
            Capability.EDIT_PATIENTS,
            Capability.SEE_CLINICAL,
            Capability.WRITE_CLINICAL,
            Capability.USE_REFERENCE,
            Capability.SCHEDULE,
            Capability.SEE_BILLING,  # read only: what was billed for their visits
        }
    ),
    # Front desk keeps demographics and appointments; clinical content is closed to it.
    Role.FRONT_DESK: frozenset(
        {
            Capability.SEE_PATIENTS,
            Capability.EDIT_PATIENTS,
            Capability.USE_REFERENCE,
            Capability.SCHEDULE,
            Capability.SEE_BILLING,
            Capability.TAKE_PAYMENTS,
        }
    ),
    # A clinic admin runs the clinic; one who also treats holds the clinician role too.
    Role.ADMIN: frozenset(
        {
            Capability.SEE_PATIENTS,
            Capability.EDIT_PATIENTS,
            Capability.ARCHIVE_PATIENTS,
            Capability.USE_REFERENCE,
            Capability.SCHEDULE,
            Capability.SEE_AUDIT,
            Capability.MANAGE_CLINIC,
            Capability.SEE_BILLING,
            Capability.TAKE_PAYMENTS,
        }
    ),
}


def capabilities_of(roles: frozenset[str]) -> frozenset[Capability]:
    return frozenset().union(*(CAPABILITIES[role] for role in roles))
