"""What a patient records in the portal between visits."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from taut.clinics.models import ClinicRecord
from taut.clinics.roles import Capability


class PainDiaryEntry(ClinicRecord):
    """How the pain was on one day, in the patient's words: 0 to 10 and a short note.

    One entry per patient and day (the day's usual pain, as daily pain diaries ask), so a
    second entry for a day is refused rather than written over the first.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="diary_entries"
    )
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_on = models.DateField(default=timezone.localdate)
    pain = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-created_at"]
        verbose_name_plural = "pain diary entries"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "recorded_on"], name="one_diary_entry_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Pain {self.pain}/10 on {self.recorded_on}"


class InvitationKind(models.TextChoices):
    EMAIL = "email", "E-mail link"
    CODE = "code", "Printed code"


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened, not yet accepted"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class Invitation(ClinicRecord):
    """An invitation to a patient to set up their portal login: an e-mailed link or a printed
    one-time code. Only a keyed digest of its secret is kept (taut.portal.invitations); a
    resend replaces the secret, so only the latest link or code works, and only once."""

    read_capability = Capability.SEE_PATIENTS

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="invitations"
    )
    kind = models.CharField(max_length=5, choices=InvitationKind.choices)
    email = models.EmailField(blank=True)
    key_digest = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    times_sent = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.patient} ({self.status.label})"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        if self.opened_at:
            return InvitationStatus.OPENED
        return InvitationStatus.SENT

    @property
    def is_pending(self) -> bool:
        return self.status in (InvitationStatus.SENT, InvitationStatus.OPENED)
