"""Appointments: clinician calendars, appointment types, and requests from the public page.

No double booking: `taut.scheduling.booking` is the one place that writes appointments; it
locks the clinician's row and checks for overlaps inside one transaction.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.lookups import LessThanOrEqual

from taut.clinics.models import ClinicRecord
from taut.clinics.roles import Capability
from taut.clinics.versions import Versioned
from taut.durations import SecondsBetween

# The longest a visit may be: an appointment type, a booking and a move are all held to it, and
# the database refuses a longer appointment. An engineering choice (a working day), not a
# clinical rule; it bounds how far before a range an appointment that overlaps it can start,
# so that finding the appointments of a day or week reads only those (`overlapping`).
LONGEST_MINUTES = 480
LONGEST = timedelta(minutes=LONGEST_MINUTES)
# SQLite checks the length in whole seconds (taut.durations), less than a second off.
LONGEST_STORED = LONGEST + timedelta(seconds=1)


class Kind(models.TextChoices):
    INITIAL = "initial", "Initial assessment"
    TREATMENT = "treatment", "Treatment"
    REASSESSMENT = "reassessment", "Re-assessment"


class AppointmentType(Versioned, ClinicRecord):
    """A kind of visit a clinic offers, with how long it takes."""

    read_capability = Capability.SCHEDULE

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(LONGEST_MINUTES)]
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="one_type_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.minutes} min)"


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"


class AppointmentQuerySet(models.QuerySet):
    def live(self):
        """Appointments that hold their time: everything but cancelled ones."""
        return self.exclude(status=Status.CANCELLED)

    def overlapping(self, starts_at, ends_at):
        """Live appointments that overlap the range: they start before its end and end after
        its start, so they start at most LONGEST before it. That lower bound is what lets the
        (clinician, start) index read only the range, wherever it lies in the clinic's years
        of visits; without it, a week two years back read every visit after it or before it
        (issue 18: 112 ms for a week of two clinicians at 1M appointments)."""
        return self.live().filter(
            starts_at__lt=ends_at, starts_at__gt=starts_at - LONGEST_STORED, ends_at__gt=starts_at
        )


class Appointment(Versioned, ClinicRecord):
    read_capability = Capability.SCHEDULE

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appointments"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    type = models.ForeignKey(AppointmentType, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    notes = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=200, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # When the front desk checked the patient in (arrived, waiting); the visit is still booked
    # until the clinician starts it or it is marked attended.
    arrived_at = models.DateTimeField(null=True, blank=True)
    # The appointments of one recurring booking share this; None for a one-off visit.
    series = models.UUIDField(null=True, blank=True, db_index=True, editable=False)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        # Overlap with a time range for the shown clinicians, at this clinic or any (busy
        # elsewhere, double bookings), is read from the start time (`overlapping`); the end
        # time's index serves what is still to come (online booking, a patient's next visits).
        indexes = [
            models.Index(fields=["clinic", "clinician", "starts_at"]),
            models.Index(fields=["clinician", "starts_at"], name="appointment_clinician_starts"),
            models.Index(fields=["clinician", "ends_at"], name="appointment_clinician_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="ends_after_start"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    SecondsBetween(models.F("starts_at"), models.F("ends_at")),
                    LONGEST_MINUTES * 60,
                ),
                name="at_most_longest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type.name} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class TimeOfDay(models.TextChoices):
    ANY = "any", "Any time"
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"


class RequestStatus(models.TextChoices):
    NEW = "new", "New"
    BOOKED = "booked", "Booked"
    DECLINED = "declined", "Declined"


class AppointmentRequest(ClinicRecord):
    """A request sent from the clinic's public page; it waits in the front desk's queue."""

    read_capability = Capability.SCHEDULE

    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, help_text="Stored in E.164 form.")
    email = models.EmailField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    preferred_date = models.DateField()
    preferred_time = models.CharField(max_length=20, blank=True, choices=TimeOfDay.choices)
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=200, blank=True)
    # The patient record made from this request ("Add the patient"), so booking it offers them.
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Request from {self.name} for {self.preferred_date}"

    @property
    def audit_patient_id(self) -> None:
        return None


class OnlineSlot(ClinicRecord):
    """A time a clinic opens for patients to book themselves on the portal: one clinician, one
    visit type, one start. Booking it makes an appointment through taut.scheduling.booking;
    the patient cancelling it in time opens it again."""

    read_capability = Capability.SCHEDULE

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    type = models.ForeignKey(AppointmentType, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    appointment = models.OneToOneField(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="online_slot"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["clinician", "starts_at"], name="one_slot_a_time")
        ]

    def __str__(self) -> str:
        return f"{self.type.name} with {self.clinician} at {self.starts_at:%Y-%m-%d %H:%M}"


class Weekday(models.IntegerChoices):
    """Python's numbering (`date.weekday()`): Monday is 0."""

    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WorkingHours(ClinicRecord):
    """One span of a weekday when the clinic is open (no clinician) or a clinician works.

    Several spans on one day leave gaps between them: a lunch break is two spans. A clinician
    with no spans of their own works whenever the clinic is open.
    """

    read_capability = Capability.SCHEDULE

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["clinician", "weekday", "starts"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def audit_patient_id(self) -> None:
        return None


class WaitlistQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class WaitlistEntry(ClinicRecord):
    """A patient who wants an earlier or any slot; offered when an appointment is cancelled."""

    read_capability = Capability.SCHEDULE

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    type = models.ForeignKey(AppointmentType, on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text="Leave empty for any clinician.",
    )  # fmt: skip
    earliest = models.DateField(help_text="The first day the patient can come.")
    latest = models.DateField(null=True, blank=True, help_text="Empty: no last day.")
    notes = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = WaitlistQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "waitlist entries"

    def __str__(self) -> str:
        return f"Waitlist: {self.type.name} from {self.earliest}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(ClinicRecord):
    """A clinician's calendar as iCalendar, at a secret URL that can be revoked.

    Calendar apps fetch it without logging in, so the token is the only key; revoking it (or
    making a new one, which revokes the old) locks out every copy of the old address.
    """

    read_capability = Capability.SCHEDULE

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.clinician}"

    @property
    def audit_patient_id(self) -> None:
        return None
