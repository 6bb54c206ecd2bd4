"""Self-service booking on the portal, within the clinic's rules: patients book only the times
the clinic opened (OnlineSlot), and cancel only up to the clinic's notice (cancel_notice_hours)
before the visit. Appointments are still written by taut.scheduling.booking alone, so every
overlap check applies; each booking and cancellation is confirmed by e-mail with an iCalendar
(.ics) attachment made by the icalendar package."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar, Event

from taut.scheduling import booking
from taut.scheduling.booking import BookingError
from taut.scheduling.models import Appointment, OnlineSlot, Status

SHOWN_DAYS = 42  # how far ahead the portal lists open times (six weeks: an engineering choice)
PATIENT_CANCELS = "Cancelled by the patient on the portal"


def open_slots(clinic, now: datetime | None = None) -> list[OnlineSlot]:
    """The clinic's open times still to come in the next SHOWN_DAYS, not booked, whose
    clinician is free then and whose visit type is still offered."""
    now = now or timezone.now()
    slots = list(
        OnlineSlot.objects.filter(
            clinic=clinic, appointment__isnull=True, starts_at__gt=now,
            starts_at__lte=now + timedelta(days=SHOWN_DAYS), type__is_active=True,
        ).select_related("clinician", "type")
    )  # fmt: skip
    if not slots:
        return []
    busy = list(
        Appointment.objects.live()
        .filter(clinician__in={s.clinician_id for s in slots}, ends_at__gt=slots[0].starts_at)
        .values_list("clinician_id", "starts_at", "ends_at")
    )
    return [s for s in slots if not clashes(s, busy)]


def clashes(slot: OnlineSlot, busy) -> bool:
    end = slot.starts_at + timedelta(minutes=slot.type.minutes)
    return any(c == slot.clinician_id and s < end and e > slot.starts_at for c, s, e in busy)


def book(slot_id: int, patient, by, now: datetime | None = None) -> Appointment:
    """Book an open time for `patient`; BookingError when it is gone or the rules refuse."""
    with transaction.atomic():
        slot = (
            OnlineSlot.objects.select_for_update()
            .filter(pk=slot_id, clinic=patient.clinic, appointment__isnull=True)
            .select_related("clinician", "type", "clinic")
            .first()
        )
        if slot is None:
            raise BookingError("This time is no longer free. Choose another.")
        appointment = booking.book(
            slot.clinic, patient=patient, clinician=slot.clinician, type=slot.type,
            starts_at=slot.starts_at, by=by, notes="Booked by the patient on the portal",
            now=now,
        )  # fmt: skip
        slot.appointment = appointment
        slot.save(update_fields=["appointment"])
    return appointment


def may_cancel(appointment: Appointment, now: datetime | None = None) -> bool:
    """Whether the patient may still cancel it themselves: booked, and at least the clinic's
    notice before it starts."""
    notice = timedelta(hours=appointment.clinic.cancel_notice_hours)
    return (
        appointment.status == Status.BOOKED
        and appointment.starts_at - (now or timezone.now()) >= notice
    )


def cancel(appointment: Appointment, by, now: datetime | None = None) -> Appointment:
    """The patient cancels in time; the open time it used is open again."""
    if not may_cancel(appointment, now):
        hours = appointment.clinic.cancel_notice_hours
        raise BookingError(
            f"Visits can be cancelled here up to {hours} hours before they start. "
            f"Please call {appointment.clinic.name}."
        )
    with transaction.atomic():
        cancelled = booking.cancel(appointment, by=by, reason=PATIENT_CANCELS, now=now)
        OnlineSlot.objects.filter(appointment=cancelled).update(appointment=None)
    return cancelled


def ics(appointment: Appointment) -> bytes:
    """The appointment as an iCalendar file: time, place and clinician, no clinical details.
    A cancellation is the same event (same UID) with METHOD:CANCEL and a higher SEQUENCE."""
    cancelled = appointment.status == Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Taut//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    host = settings.SITE_ROOT.split("://", 1)[-1]
    event.add("uid", f"appointment-{appointment.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("summary", f"{appointment.type.name} at {appointment.clinic.name}")
    event.add("description", f"With {appointment.clinician.display_name}.")
    if appointment.clinic.address:
        event.add("location", " ".join(appointment.clinic.address.split()))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", 1 if cancelled else 0)
    calendar.add_component(event)
    return calendar.to_ical()


def confirm(appointment: Appointment) -> bool:
    """E-mail the patient the booking or its cancellation, with the .ics; False when the
    patient has no e-mail address."""
    email = appointment.patient.email or (
        appointment.patient.portal_user.email if appointment.patient.portal_user_id else ""
    )
    if not email:
        return False
    cancelled = appointment.status == Status.CANCELLED
    start = timezone.localtime(appointment.starts_at)
    context = {"a": appointment, "start": start, "clinic": appointment.clinic,
               "cancelled": cancelled}  # fmt: skip
    what = "cancelled" if cancelled else "booked"
    message = EmailMessage(
        f"Appointment {what}: {appointment.clinic.name}, {start:%a %d %b %H:%M}",
        render_to_string("scheduling/online_email.txt", context),
        to=[email],
    )
    message.attach("appointment.ics", ics(appointment), "text/calendar")
    message.send()
    return True
