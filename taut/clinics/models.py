from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from taut.clinics.roles import Capability, Role
from taut.clinics.versions import Versioned


class SecondFactorPolicy(models.TextChoices):
    """Whose login at this clinic needs a second factor besides the password."""

    CLINICAL = "clinical", "Admins and clinicians"
    ALL_STAFF = "all", "All staff"
    OPTIONAL = "optional", "No one (each person may still add one)"


class Clinic(Versioned, models.Model):
    """A clinic: the tenant that every clinical record belongs to. Its settings are edited by
    its admins, each save naming the version it started from (taut.clinics.versions)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    phone = models.CharField(max_length=32, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    # ISO 3166 country code: how phone numbers written without a country code are read.
    country = models.CharField(max_length=2, default="US")
    created_at = models.DateTimeField(auto_now_add=True)
    # The public page (c/<slug>/): what the clinic tells the public about itself.
    hours = models.TextField(blank=True, help_text="Opening hours, one line per day or range.")
    about = models.TextField(blank=True, max_length=1000)
    # The logo lives in the database (no media storage to run); validated and size-limited by
    # taut.scheduling.logo before it is stored, served by the public page.
    logo = models.BinaryField(null=True, blank=True, editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    logo_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_published = models.BooleanField(
        default=False, help_text="Show the public page with the appointment request form."
    )
    second_factor = models.CharField(
        "Second factor required of",
        max_length=10,
        choices=SecondFactorPolicy.choices,
        default=SecondFactorPolicy.CLINICAL,
        help_text="An authenticator app or a passkey, asked for after the password.",
    )
    # Patients cancel a portal booking themselves only this long before it starts; later,
    # they call. The clinic's own rule; 24 hours is a common default, not a standard.
    cancel_notice_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text="How many hours before a visit patients may still cancel it on the portal.",
    )
    feeds_show_names = models.BooleanField(
        "calendar feeds show patient names",
        default=False,
        help_text="Clinicians' calendar feeds (for phone and desktop calendar apps) name the "
        "patient. Off: they show only the appointment type.",
    )
    # Who changed a setting, when, from what (the second-factor rule above all); the logo's
    # bytes are left out, its type and time of change are kept.
    history = HistoricalRecords(excluded_fields=["logo"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One role a person holds at one clinic; a person may hold several, at several clinics."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic", "role"], name="one_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()} at {self.clinic}"


class ClinicRecord(models.Model):
    """Base of every record that belongs to one clinic.

    `read_capability` names what a staff member needs to read it; the access layer checks it.
    """

    read_capability = Capability.SEE_CLINICAL

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def audit_patient_id(self) -> int | None:
        """The patient this record is about, for the audit trail."""
        return getattr(self, "patient_id", None)
