from django.conf import settings
from django.db import models
from django.utils import timezone

from taut.clinics.models import Clinic, ClinicRecord


class BodyArea(models.TextChoices):
    HEAD_NECK = "head_neck", "Head and neck"
    SHOULDER_ARM = "shoulder_arm", "Shoulder and arm"
    FOREARM_HAND = "forearm_hand", "Elbow, forearm and hand"
    UPPER_BACK = "upper_back", "Upper back and chest"
    LOW_BACK = "low_back", "Low back and pelvis"
    HIP_THIGH = "hip_thigh", "Hip and thigh"
    LEG_FOOT = "leg_foot", "Knee, leg and foot"
    WIDESPREAD = "widespread", "Widespread"


class Episode(ClinicRecord):
    """One complaint from first visit to discharge; intakes, exams and sessions belong to it."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="episodes"
    )
    title = models.CharField("complaint", max_length=200)
    body_area = models.CharField(max_length=20, choices=BodyArea.choices)
    opened_on = models.DateField(default=timezone.localdate)
    discharged_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} (from {self.opened_on:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None

    def latest_intake(self):
        """The episode's most recent intake, or None: the screening and drawing in force."""
        return self.intakes.order_by("-recorded_at", "-pk").first()

    def current_consent(self):
        """The consent in force for dry needling in this episode, or None."""
        return self.consents.filter(withdrawn_at__isnull=True).order_by("-given_at").first()


class ConsentText(models.Model):
    """A version of a clinic's dry needling consent text; versions are never edited."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="consent_texts")
    version = models.CharField(max_length=20)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "version"], name="one_consent_version")
        ]

    def __str__(self) -> str:
        return f"Consent version {self.version}"


class Consent(ClinicRecord):
    """The patient's consent to dry needling in one episode: which text, when, witnessed by."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="consents")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"Consent ({self.text.version}) given {self.given_at:%Y-%m-%d}"
