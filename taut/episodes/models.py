from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from taut.clinical import screening
from taut.clinics.models import Clinic, ClinicRecord
from taut.measures.outcome_sources import OutcomeSource


class BodyArea(models.TextChoices):
    HEAD_NECK = "head_neck", "Head and neck"
    SHOULDER_ARM = "shoulder_arm", "Shoulder and arm"
    FOREARM_HAND = "forearm_hand", "Elbow, forearm and hand"
    UPPER_BACK = "upper_back", "Upper back and chest"
    LOW_BACK = "low_back", "Low back and pelvis"
    HIP_THIGH = "hip_thigh", "Hip and thigh"
    LEG_FOOT = "leg_foot", "Knee, leg and foot"
    WIDESPREAD = "widespread", "Widespread"


class Episode(OutcomeSource, ClinicRecord):
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
        # The outcomes dashboard's range of episodes opened.
        indexes = [models.Index(fields=["clinic", "opened_on"], name="episode_clinic_opened")]

    def __str__(self) -> str:
        return f"{self.title} (from {self.opened_on:%Y-%m-%d})"

    @property
    def outcome_episode_id(self) -> int:
        return self.pk

    def outcome_opened(self) -> tuple[int, date] | None:
        """As stored, locked until the write is done: the month it leaves is recounted too."""
        if self._state.adding:
            return None
        stored = type(self)._base_manager.select_for_update(no_key=True).filter(pk=self.pk)
        return stored.values_list("clinic_id", "opened_on").first()

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None

    def latest_intake(self, *fields: str):
        """The episode's most recent intake, or None: the screening and drawing in force;
        with `fields`, only those columns, for a page that shows a few of them."""
        intakes = self.intakes.order_by("-recorded_at", "-pk")
        if fields:  # and the episode's id, which the related manager reads
            intakes = intakes.only("episode", *fields)
        return intakes.first()

    def red_flag_review(self, intakes: list | None = None) -> "RedFlagReview":
        """The red flags of the latest intake and the decision in force on them; `intakes`,
        the episode's intakes newest first when a page has read them already."""
        latest = self.latest_intake() if intakes is None else next(iter(intakes), None)
        return RedFlagReview.of(latest, self.red_flag_decisions.select_related("decided_by"))

    def current_consent(self, consents: list | None = None):
        """The consent in force for dry needling in this episode, or None; `consents`, the
        episode's consents newest first when a page has read them already."""
        if consents is None:
            return self.consents.filter(withdrawn_at__isnull=True).order_by("-given_at").first()
        return next((c for c in consents if c.withdrawn_at is None), None)


@dataclass(frozen=True)
class RedFlagReview:
    """Where an episode stands on its red flags: `pending` when one has no decision yet,
    `closed` when needling must wait (no decision, or a referral)."""

    intake: object
    flags: list[str]
    decision: object

    @classmethod
    def of(cls, intake, decisions) -> "RedFlagReview":
        """From the latest intake and the episode's decisions, newest first (read only when
        the intake holds a red flag)."""
        flags = list(intake.red_flags) if intake is not None else []
        decision = next(iter(decisions), None) if flags else None
        return cls(intake, flags, decision)

    @property
    def labels(self) -> list[str]:
        return screening.labels(self.flags, screening.RED_FLAGS)

    @property
    def pending(self) -> bool:
        """A red flag on file that the latest decision does not cover."""
        covered = set(self.decision.red_flags) if self.decision else set()
        return bool(set(self.flags) - covered)

    @property
    def closed(self) -> bool:
        return self.pending or bool(
            self.flags and self.decision and not self.decision.allows_needling
        )


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


class RedFlagOutcome(models.TextChoices):
    CLEARED = "cleared", "Cleared after assessment"
    REFERRED = "referred", "Referred to a physician"
    TREAT = "treat", "Treat, for a stated reason"


class RedFlagDecision(ClinicRecord):
    """The clinician's decision on the red flags of an episode's intake, before needling.

    It covers the red flags it lists; a red flag reported later needs a decision of its own.
    A referral keeps needling closed until a later decision clears it."""

    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="red_flag_decisions"
    )
    red_flags = models.JSONField(default=list)  # keys of screening.RED_FLAGS decided on
    outcome = models.CharField(max_length=10, choices=RedFlagOutcome.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"Red flag decision: {self.get_outcome_display()} ({self.decided_at:%Y-%m-%d})"

    @property
    def audit_patient_id(self) -> int:
        return self.episode.patient_id

    @property
    def allows_needling(self) -> bool:
        return self.outcome != RedFlagOutcome.REFERRED
