import dataclasses

from django.conf import settings
from django.db import models
from django.utils import timezone

from taut.clinics.models import Clinic, ClinicRecord
from taut.measures import instruments
from taut.scoring import DEFAULT, Rule, Thresholds


class Instrument(models.TextChoices):
    """The outcome measures Taut scores (taut/scoring), by their registry names."""

    NPRS = "nprs", "NPRS (pain rating)"
    PSFS = "psfs", "PSFS (patient-specific function)"
    NDI = "ndi", "NDI (Neck Disability Index)"
    ODI = "odi", "ODI (Oswestry Disability Index)"
    QUICKDASH = "quickdash", "QuickDASH (arm, shoulder and hand)"
    FIQR = "fiqr", "FIQR (fibromyalgia impact)"
    ACR2016 = "acr2016", "ACR 2016 fibromyalgia criteria"


class ResponseQuerySet(models.QuerySet):
    def in_order(self):
        """Oldest first: the first response of an episode is its baseline."""
        return self.order_by("answered_at", "pk")

    def record(self, episode, instrument: str, answers, *, entered_by, **fields):
        """Score `answers` and store them with the score; ScoringError when they are invalid."""
        result = instruments.score(instrument, answers)
        return self.create(
            clinic=episode.clinic, episode=episode, patient=episode.patient,
            instrument=instrument, answers=answers, score=result.score,
            details=result.as_dict(), entered_by=entered_by, **fields,
        )  # fmt: skip


class QuestionnaireResponse(ClinicRecord):
    """One completed outcome questionnaire in an episode, with its score as computed then."""

    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="responses"
    )
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=12, choices=Instrument.choices)
    # Items in questionnaire order, null for a missing one; PSFS {"items", "activities"};
    # ACR 2016 {"areas", the six symptom fields, "duration_months"}.
    answers = models.JSONField()
    score = models.FloatField()
    details = models.JSONField(default=dict)  # the scoring result's as_dict()
    answered_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    by_patient = models.BooleanField(default=False, help_text="Filled in by the patient.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.answered_at:%Y-%m-%d}"


class OutcomeThreshold(models.Model):
    """A clinic's own clinically important change for an instrument, replacing the default."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="outcome_thresholds")
    instrument = models.CharField(
        max_length=12, choices=[c for c in Instrument.choices if c[0] != Instrument.ACR2016]
    )
    points = models.FloatField(null=True, blank=True)
    percent = models.FloatField(null=True, blank=True)
    combine = models.CharField(
        max_length=3, choices=[("all", "All of them"), ("any", "Any one")], default="all"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "instrument"], name="one_threshold"),
            models.CheckConstraint(
                condition=models.Q(points__isnull=False) | models.Q(percent__isnull=False),
                name="threshold_has_a_criterion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.rule()}"

    def rule(self) -> Rule:
        return Rule(points=self.points, percent=self.percent, combine=self.combine)


def thresholds_for(clinic: Clinic) -> Thresholds:
    """The clinic's thresholds: the published defaults (taut.scoring.mcid) with its overrides."""
    overrides = {t.instrument: t.rule() for t in OutcomeThreshold.objects.filter(clinic=clinic)}
    return dataclasses.replace(DEFAULT, **overrides)
