"""Appointment types, appointments and requests for the scheduling tests."""

import io
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from PIL import Image

from taut.scheduling import booking
from taut.scheduling.models import Appointment, AppointmentRequest, AppointmentType, Kind


def image_bytes(format="PNG", size=(120, 60), colour=(15, 110, 110)) -> bytes:
    """A small real image, for logo uploads."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=format)
    return out.getvalue()


def make_type(clinic, name="Treatment", minutes=45, kind=Kind.TREATMENT, **fields):
    return AppointmentType.objects.create(
        clinic=clinic, name=name, minutes=minutes, kind=kind, **fields
    )


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware time `days` from today at hour:minute, in the current time zone."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_appointment(patient, clinician, type, starts_at, by=None, **fields) -> Appointment:
    """An appointment booked through the booking rules, as every appointment is."""
    return booking.book(
        patient.clinic, patient=patient, clinician=clinician, type=type, starts_at=starts_at,
        by=by or clinician, **fields,
    )  # fmt: skip


def make_request(clinic, name="Ada Byron", **fields) -> AppointmentRequest:
    fields = {
        "phone": "+12025550142",
        "kind": Kind.INITIAL,
        "preferred_date": date.today() + timedelta(days=3),
        "preferred_time": "morning",
        **fields,
    }
    return AppointmentRequest.objects.create(clinic=clinic, name=name, **fields)
