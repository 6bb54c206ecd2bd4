"""Booking, moving and cancelling appointments: the one place that writes them.

Each change runs in one transaction that first locks the clinician's user row and then the
patient's row (always in that order, so two bookings cannot deadlock), and only then looks
for overlaps. Two front desks booking the same slot at once therefore queue on the lock, and
the second one sees the first one's appointment and is refused.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from taut import days
from taut.accounts.models import User
from taut.clinics.models import Clinic, Membership
from taut.clinics.roles import Role
from taut.clinics.versions import claim
from taut.episodes.models import Episode
from taut.patients.models import Patient
from taut.scheduling.models import (
    LONGEST,
    LONGEST_MINUTES,
    Appointment,
    AppointmentType,
    Status,
)


class BookingError(Exception):
    """A booking, move or cancellation that the rules refuse; the message says why."""


SKIPPED_WEEK = "the clocks go forward that night, so this time does not exist."


class SeriesClash(BookingError):
    """Some visits of a recurring series clash; none of the series was booked."""

    def __init__(self, clashes: list[str]):
        self.clashes = clashes
        super().__init__(
            f"{len(clashes)} of the visits clash, so none was booked: " + " ".join(clashes)
        )


@dataclass(frozen=True)
class Slot:
    clinician: User
    starts_at: datetime
    ends_at: datetime


def book(
    clinic: Clinic,
    *,
    patient: Patient,
    clinician: User,
    type: AppointmentType,
    starts_at: datetime,
    by: User,
    episode: Episode | None = None,
    notes: str = "",
    now: datetime | None = None,
) -> Appointment:
    """Book `patient` with `clinician` for a visit of `type` at `starts_at`, or refuse."""
    check_type(clinic, type)
    if episode is not None and episode.patient_id != patient.pk:
        raise BookingError("The episode belongs to another patient.")
    with transaction.atomic():
        patient = lock(clinic, clinician, patient)
        slot = Slot(clinician, starts_at, starts_at + timedelta(minutes=type.minutes))
        check_slot(clinic, slot, patient, now=now)
        return Appointment.objects.create(
            clinic=clinic, patient=patient, clinician=clinician, type=type, episode=episode,
            starts_at=slot.starts_at, ends_at=slot.ends_at, notes=notes.strip(), created_by=by,
        )  # fmt: skip


def weekly(starts_at: datetime, weeks: int) -> list[datetime]:
    """The start of each weekly visit: the same local wall time, week after week. In a week
    whose night the clocks go forward over that time, it does not exist and comes out an hour
    later; `book_series` refuses such a week."""
    local = timezone.localtime(starts_at)
    return [days.instant(local.date() + timedelta(weeks=n), local.time()) for n in range(weeks)]


def book_series(
    clinic: Clinic,
    *,
    patient: Patient,
    clinician: User,
    type: AppointmentType,
    starts: list[datetime],
    by: User,
    episode: Episode | None = None,
    notes: str = "",
    now: datetime | None = None,
) -> list[Appointment]:
    """Book one visit at each of `starts` (a series from `weekly`, one wall-clock time), all
    or none: every clash is found and reported (SeriesClash) before anything is written. A
    week whose time the clocks skip is reported among the clashes, not booked an hour late."""
    check_type(clinic, type)
    if episode is not None and episode.patient_id != patient.pk:
        raise BookingError("The episode belongs to another patient.")
    series = uuid.uuid4() if len(starts) > 1 else None
    with transaction.atomic():
        patient = lock(clinic, clinician, patient)
        slots = [Slot(clinician, s, s + timedelta(minutes=type.minutes)) for s in starts]
        clashes = []
        wall = timezone.localtime(starts[0]).time() if starts else None
        for slot in slots:
            local = timezone.localtime(slot.starts_at)
            if local.time() != wall:
                clashes.append(f"{date_format(local, 'D j M')} {wall:%H:%M}: {SKIPPED_WEEK}")
                continue
            try:
                check_slot(clinic, slot, patient, now=now)
            except BookingError as refused:
                clashes.append(f"{date_format(local, 'D j M')} {local:%H:%M}: {refused}")
        if clashes:
            raise SeriesClash(clashes)
        return [
            Appointment.objects.create(
                clinic=clinic,
                patient=patient,
                clinician=clinician,
                type=type,
                episode=episode,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                notes=notes.strip(),
                created_by=by,
                series=series,
            )  # fmt: skip
            for slot in slots
        ]


def move(
    appointment: Appointment,
    *,
    starts_at: datetime,
    clinician: User | None = None,
    minutes: int | None = None,
    by: User,
    now: datetime | None = None,
    based_on: int | None = None,
) -> Appointment:
    """Move a booked appointment to a new time (and perhaps another clinician, or a new length
    in `minutes`), or refuse.

    The visit keeps its type, and its length unless one is given, even if the type was
    deactivated since: deactivating a type stops new bookings, it does not strand old ones.
    With `based_on`, the version the mover saw: Stale if the appointment changed since
    (nothing is moved).
    """
    clinician = clinician or appointment.clinician
    with transaction.atomic():
        current = lock_appointment(appointment)
        if based_on is not None:
            claim(current, based_on)
        if current.starts_at <= (now or timezone.now()):
            raise BookingError("This appointment has already started; it cannot be moved.")
        patient = lock(current.clinic, clinician, current.patient)
        length = timedelta(minutes=minutes) if minutes else current.ends_at - current.starts_at
        slot = Slot(clinician, starts_at, starts_at + length)
        check_slot(current.clinic, slot, patient, now=now, moving=current)
        current.clinician = clinician
        current.starts_at, current.ends_at = slot.starts_at, slot.ends_at
        current.reminder_sent_at = None  # the reminder that went out named the old time
        current.save(
            update_fields=["clinician", "starts_at", "ends_at", "reminder_sent_at", "updated_at"]
        )
    return current


def cancel(
    appointment: Appointment, *, by: User, reason: str, now: datetime | None = None
) -> Appointment:
    """Cancel a booked appointment: the row stays, with who cancelled it, when and why."""
    reason = reason.strip()
    if not reason:
        raise BookingError("Give a reason for cancelling.")
    with transaction.atomic():
        current = lock_appointment(appointment)
        if current.starts_at <= (now or timezone.now()):
            raise BookingError(
                "This appointment has already started; it cannot be cancelled. Mark it attended "
                "or did not attend instead."
            )
        current.status = Status.CANCELLED
        current.cancelled_at, current.cancelled_by, current.cancel_reason = (
            timezone.now(), by, reason[:200],
        )  # fmt: skip
        current.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"]
        )
    return current


def record_attendance(
    appointment: Appointment, status: str, *, now: datetime | None = None
) -> Appointment:
    """Mark a booked appointment attended or not attended, once it has started."""
    if status not in (Status.ATTENDED, Status.NO_SHOW):
        raise BookingError("Attendance is either attended or did not attend.")
    with transaction.atomic():
        current = lock_appointment(appointment)
        if current.starts_at > (now or timezone.now()):
            raise BookingError("This appointment has not started yet.")
        current.status = status
        current.save(update_fields=["status", "updated_at"])
    return current


def check_in(appointment: Appointment, *, now: datetime | None = None) -> Appointment:
    """Note that the patient has arrived for today's booked visit."""
    now = now or timezone.now()
    with transaction.atomic():
        current = lock_appointment(appointment)
        if timezone.localdate(current.starts_at) != timezone.localdate(now):
            raise BookingError("Patients are checked in on the day of their visit.")
        if current.arrived_at is None:
            current.arrived_at = now
            current.save(update_fields=["arrived_at", "updated_at"])
    return current


# Engineering choice: a clinician may start a visit up to half an hour early, since patients
# often arrive early and the previous visit may end early.
START_EARLY = timedelta(minutes=30)


def start_visit(appointment: Appointment, *, now: datetime | None = None) -> Appointment:
    """Mark the visit attended as the clinician starts it (and the patient arrived, if the
    front desk did not check them in). Starting an attended visit again changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.status == Status.ATTENDED:
            return current
        if current.status != Status.BOOKED:
            raise BookingError(f"This appointment is {current.get_status_display().lower()}.")
        if current.starts_at - START_EARLY > now:
            raise BookingError("This visit starts later; it can be started half an hour early.")
        current.status, current.arrived_at = Status.ATTENDED, current.arrived_at or now
        current.save(update_fields=["status", "arrived_at", "updated_at"])
    return current


def check_type(clinic: Clinic, type: AppointmentType) -> None:
    if type.clinic_id != clinic.pk:
        raise BookingError("This appointment type is not one of this clinic's.")
    if not type.is_active:
        raise BookingError(f"“{type.name}” is no longer offered; choose another type.")


def lock(clinic: Clinic, clinician: User, patient: Patient) -> Patient:
    """Lock the clinician's row, then the patient's; refuse people who cannot be booked."""
    User.objects.select_for_update().filter(pk=clinician.pk).first()
    if not is_clinician_at(clinic, clinician):
        raise BookingError(f"{clinician.display_name} is not a clinician at {clinic.name}.")
    patient = Patient.objects.select_for_update().filter(pk=patient.pk, clinic=clinic).first()
    if patient is None:
        raise BookingError("This patient is not one of this clinic's.")
    if patient.is_archived:
        raise BookingError(f"{patient.full_name} is archived; restore the record to book.")
    return patient


def lock_appointment(appointment: Appointment) -> Appointment:
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if current.status != Status.BOOKED:
        raise BookingError(f"This appointment is {current.get_status_display().lower()}.")
    return current


def is_clinician_at(clinic: Clinic, user: User) -> bool:
    return Membership.objects.filter(
        clinic=clinic, user=user, role=Role.CLINICIAN, is_active=True
    ).exists()


def check_slot(
    clinic: Clinic,
    slot: Slot,
    patient: Patient,
    *,
    now: datetime | None = None,
    moving: Appointment | None = None,
) -> None:
    """Refuse a past start, a visit longer than the longest, and any overlap with the
    clinician's or the patient's visits."""
    if slot.starts_at < (now or timezone.now()):
        raise BookingError("The start time is in the past.")
    if slot.ends_at - slot.starts_at > LONGEST:
        raise BookingError(f"A visit can be at most {LONGEST_MINUTES // 60} hours long.")
    others = Appointment.objects.overlapping(slot.starts_at, slot.ends_at)
    if moving is not None:
        others = others.exclude(pk=moving.pk)
    # A clinician who also works at another clinic cannot be in two places either; the
    # message then names no details of the other clinic's appointment.
    clash = others.filter(clinician=slot.clinician).order_by("starts_at").first()
    if clash is not None:
        where = "" if clash.clinic_id == clinic.pk else " at another clinic"
        raise BookingError(f"{slot.clinician.display_name} is already booked{where} {span(clash)}.")
    clash = others.filter(patient=patient).order_by("starts_at").first()
    if clash is not None:
        raise BookingError(f"{patient.full_name} already has an appointment {span(clash)}.")


def span(appointment: Appointment) -> str:
    start, end = timezone.localtime(appointment.starts_at), timezone.localtime(appointment.ends_at)
    return f"on {date_format(start, 'D j M Y')} from {start:%H:%M} to {end:%H:%M}"
