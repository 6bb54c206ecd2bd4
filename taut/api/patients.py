"""Patients: list and search, read, add (with the duplicate check) and change demographics.
A patient's own token reaches only their own record."""

from datetime import date, datetime
from uuid import UUID

from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from taut.api.common import (
    ERRORS,
    LIST_ERRORS,
    WRITE_ERRORS,
    Body,
    Page,
    Paging,
    Text,
    invalid,
    page,
)
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.clinics.versions import CONFLICT, Stale
from taut.patients.forms import PatientForm
from taut.patients.models import Patient, Sex

router = Router(tags=["patients"])
FORM_FIELDS = PatientForm.Meta.fields
RENAMED = {"confirm_not_duplicate": "confirm_duplicate"}


class PatientOut(Schema):
    uuid: UUID
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date
    sex: Sex
    chart_number: str
    phone: str = Field(description="E.164, e.g. +12025550123; empty when unknown.")
    email: str
    address: str
    emergency_contact: str
    archived: bool
    version: int = Field(
        description="Goes up by one with every change; send it back with a change."
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_archived(patient) -> bool:
        return patient.is_archived


class PatientIn(Body):
    given_name: Text = Field(max_length=100)
    family_name: Text = Field(max_length=100)
    preferred_name: Text = Field("", max_length=100)
    date_of_birth: date
    sex: Sex = Sex.UNKNOWN
    chart_number: Text = Field("", max_length=30)
    phone: Text = Field("", max_length=40, description="Any usual form; stored as E.164.")
    email: Text = Field("", max_length=254)
    address: Text = Field("", max_length=1000)
    emergency_contact: Text = Field("", max_length=200)
    confirm_duplicate: bool = Field(
        False,
        description="Set after a 422 on this field: this is a different person from the "
        "existing patient with the same name and date of birth.",
    )


class PatientChange(Body):
    """Only the fields sent are changed; `version` is the one the change was made from."""

    version: int = Field(
        ge=1, description="The patient's version as last read: a change made from an older one "
        "is refused with 409 and the current record, never written over it.",
    )  # fmt: skip
    given_name: Text | None = Field(None, max_length=100)
    family_name: Text | None = Field(None, max_length=100)
    preferred_name: Text | None = Field(None, max_length=100)
    date_of_birth: date | None = None
    sex: Sex | None = None
    chart_number: Text | None = Field(None, max_length=30)
    phone: Text | None = Field(None, max_length=40)
    email: Text | None = Field(None, max_length=254)
    address: Text | None = Field(None, max_length=1000)
    emergency_contact: Text | None = Field(None, max_length=200)


class PatientFilter(Paging):
    q: Text = Field("", max_length=100, description="Name, birth date, phone or chart number.")


def patients(request):
    """The patients this token may read: the clinic's, or a patient's own record."""
    if getattr(request, "clinic", None) is None:
        return access.own_patients(request)
    return access.scoped(request, Patient).active()


def get_patient(request, uuid: UUID, *, writable: bool = False) -> Patient:
    if writable:
        access.require(request, Capability.EDIT_PATIENTS)
    if request.clinic is None:
        return own_patient(request, uuid)
    return access.get_for(request, Patient.objects.active() if writable else Patient, uuid=uuid)


def own_patient(request, uuid: UUID) -> Patient:
    """A patient's own record by its uuid, audited; 404 for anyone else's."""
    patient = access.own_patients(request).filter(uuid=uuid).first()
    if patient is None:
        raise Http404("Not found")
    log.record(request, Action.VIEW, patient)
    return patient


def form_data(values: dict) -> dict:
    return {k: ("" if v is None else v.isoformat() if isinstance(v, date) else v)
            for k, v in values.items()}  # fmt: skip


@router.get("", response={200: Page[PatientOut], **LIST_ERRORS})
def patient_list(request, filters: Query[PatientFilter]):
    found = patients(request)
    query = filters.q.strip()
    if query:
        found = found.search(query).narrowed()
    log.record(request, Action.LIST, detail={"query": query, "api": True})
    return page(found, filters)


@router.get("/{uuid}", response={200: PatientOut, **ERRORS})
def patient_detail(request, uuid: UUID):
    return get_patient(request, uuid)


@router.post("", response={201: PatientOut, **WRITE_ERRORS})
def patient_create(request, payload: PatientIn):
    access.require(request, Capability.EDIT_PATIENTS)
    data = form_data(payload.dict())
    data["confirm_not_duplicate"] = data.pop("confirm_duplicate")
    form = PatientForm(data, clinic=request.clinic)
    if not form.is_valid():
        raise invalid(form, RENAMED)
    return Status(201, form.create(request))


class PatientConflict(Schema):
    """A 409 answer: the record changed since `version`; nothing was written."""

    detail: str
    current: PatientOut


@router.patch("/{uuid}", response={200: PatientOut, CONFLICT: PatientConflict, **WRITE_ERRORS})
def patient_change(request, uuid: UUID, payload: PatientChange):
    patient = get_patient(request, uuid, writable=True)
    data = form_data({**model_to_dict(patient, fields=FORM_FIELDS),
                      **payload.dict(exclude_unset=True, exclude_none=True)})  # fmt: skip
    form = PatientForm(data, instance=patient, clinic=request.clinic)
    if not form.is_valid():
        raise invalid(form)
    try:
        with transaction.atomic():
            form.save_versioned()
            log.record(request, Action.CHANGE, patient, detail={"fields": form.changed_data})
    except Stale as stale:
        detail = (f"The patient changed since version {payload.version}: nothing was written. "
                  "Apply your change to the current record and send its version.")  # fmt: skip
        return Status(CONFLICT, {"detail": detail, "current": stale.current})
    return patient
