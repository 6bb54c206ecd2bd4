"""The demo clinic's scheduling: visit types, a week of appointments, a published public page
and a few requests waiting in the queue. Idempotent: a slot already taken is left as it is."""

import io
from datetime import datetime, time, timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from taut.clinics.models import Clinic, Membership
from taut.clinics.roles import Role
from taut.patients.models import Patient
from taut.scheduling import booking
from taut.scheduling.models import (
    AppointmentRequest,
    AppointmentType,
    Kind,
    OnlineSlot,
    TimeOfDay,
    WorkingHours,
)

TYPES = [
    ("Initial assessment", Kind.INITIAL, 60),
    ("Treatment", Kind.TREATMENT, 45),
    ("Re-assessment", Kind.REASSESSMENT, 45),
]
HOURS = "Monday to Friday: 8:00–18:00\nSaturday: 9:00–12:00\nSunday and public holidays: closed"
# The same hours for the calendar and free-slot search: weekday (Monday 0), opens, closes.
OPENING = [(d, time(8), time(18)) for d in range(5)] + [(5, time(9), time(12))]
ABOUT = (
    "A small physiotherapy practice by the harbour, caring for neck, back, shoulder and jaw "
    "pain with hands-on treatment, exercise and trigger point dry needling."
)
# (weekdays from today, hour, minute, type name, index of the demo patient); index 6 is the
# patient with the portal login.
WEEK = [
    (1, 9, 0, "Treatment", 6), (1, 10, 0, "Initial assessment", 3), (1, 11, 30, "Treatment", 4),
    (1, 14, 0, "Re-assessment", 0), (2, 9, 0, "Treatment", 7), (2, 10, 0, "Treatment", 9),
    (2, 13, 30, "Initial assessment", 10), (3, 9, 30, "Treatment", 12),
    (3, 11, 0, "Re-assessment", 13), (3, 15, 0, "Treatment", 15), (4, 9, 0, "Treatment", 16),
    (4, 10, 0, "Treatment", 18), (4, 14, 0, "Initial assessment", 19),
    (5, 10, 30, "Treatment", 21), (5, 12, 0, "Treatment", 22), (6, 9, 0, "Treatment", 1),
    (8, 9, 0, "Re-assessment", 6),
]  # fmt: skip
# Times open for online booking: (working days from today, hour, minute), each a treatment.
OPEN_TIMES = [(2, 16, 0), (3, 16, 30), (4, 16, 0), (6, 11, 0)]
REQUESTS = [
    ("Jordan Ellery", "+12025550177", "jordan.ellery@example.invalid", Kind.INITIAL, 3,
     TimeOfDay.MORNING, "Stiff neck and headaches since starting a new desk job."),
    ("Priya Raman", "+12025550178", "", Kind.TREATMENT, 5, TimeOfDay.AFTERNOON,
     "Referred by my GP for shoulder pain."),
]  # fmt: skip


def seed(clinic: Clinic) -> None:
    ensure_page(clinic)
    ensure_hours(clinic)
    types = ensure_types(clinic)
    book_week(clinic, types)
    ensure_open_times(clinic, types["Treatment"])
    ensure_requests(clinic)


def ensure_page(clinic: Clinic) -> None:
    changed = []
    for name, value in (("hours", HOURS), ("about", ABOUT)):
        if not getattr(clinic, name):
            setattr(clinic, name, value)
            changed.append(name)
    if not clinic.logo:
        clinic.logo, clinic.logo_type = demo_logo(), "image/png"
        clinic.logo_updated_at = timezone.now()
        changed += ["logo", "logo_type", "logo_updated_at"]
    if not clinic.is_published and clinic.phone:
        clinic.is_published = True
        changed.append("is_published")
    if changed:
        clinic.save(update_fields=changed)


def ensure_hours(clinic: Clinic) -> None:
    """The opening hours, unless the clinic has set its own."""
    if WorkingHours.objects.filter(clinic=clinic, clinician__isnull=True).exists():
        return
    WorkingHours.objects.bulk_create(
        WorkingHours(clinic=clinic, weekday=d, starts=opens, ends=closes)
        for d, opens, closes in OPENING
    )


def demo_logo() -> bytes:
    """A drawn mark for the demo clinic: three waves over a harbour wall, in the house teal."""
    size, teal, white = 192, (15, 118, 110), (255, 255, 255)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=40, fill=teal)
    for row in range(3):
        y = 52 + row * 30
        for x in range(24, 168, 48):
            draw.arc((x, y, x + 48, y + 32), start=200, end=340, fill=white, width=9)
    draw.rectangle((30, 146, 162, 158), fill=white)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def ensure_types(clinic: Clinic) -> dict[str, AppointmentType]:
    return {
        name: AppointmentType.objects.get_or_create(
            clinic=clinic, name=name, defaults={"kind": kind, "minutes": minutes}
        )[0]
        for name, kind, minutes in TYPES
    }


def book_week(clinic: Clinic, types: dict[str, AppointmentType]) -> None:
    membership = (
        Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN, is_active=True)
        .select_related("user").order_by("pk").first()
    )  # fmt: skip
    patients = list(Patient.objects.filter(clinic=clinic).active().order_by("chart_number"))
    if membership is None or not patients:
        return
    today = timezone.localdate()
    for days, hour, minute, type_name, index in WEEK:
        starts_at = timezone.make_aware(
            datetime.combine(working_day(today, days), time(hour, minute))
        )
        try:
            booking.book(
                clinic, patient=patients[index % len(patients)], clinician=membership.user,
                type=types[type_name], starts_at=starts_at, by=membership.user,
            )  # fmt: skip
        except booking.BookingError:
            continue  # already booked by an earlier run: the slot is taken, keep it


def ensure_open_times(clinic: Clinic, kind: AppointmentType) -> None:
    """A few times the demo patient can book on the portal (idempotent: one per start)."""
    membership = (
        Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN, is_active=True)
        .select_related("user").order_by("pk").first()
    )  # fmt: skip
    if membership is None:
        return
    today = timezone.localdate()
    for days, hour, minute in OPEN_TIMES:
        starts_at = timezone.make_aware(
            datetime.combine(working_day(today, days), time(hour, minute))
        )
        OnlineSlot.objects.get_or_create(
            clinician=membership.user, starts_at=starts_at,
            defaults={"clinic": clinic, "type": kind, "created_by": membership.user},
        )  # fmt: skip


def working_day(today, n: int):
    """The n-th weekday after today: the demo clinic (HOURS) sees patients Monday to Friday."""
    day = today
    while n > 0:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def ensure_requests(clinic: Clinic) -> None:
    today = timezone.localdate()
    for name, phone, email, kind, days, when, message in REQUESTS:
        AppointmentRequest.objects.get_or_create(
            clinic=clinic, name=name, phone=phone,
            defaults={"email": email, "kind": kind, "preferred_date": today + timedelta(days=days),
                      "preferred_time": when, "message": message},
        )  # fmt: skip
