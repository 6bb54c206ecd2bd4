from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from taut.clinical import delphi, rom
from taut.clinics.models import Clinic, ClinicRecord
from taut.clinics.versions import Versioned


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    MIDLINE = "midline", "Midline"


class Assessment(Versioned, ClinicRecord):
    """An examination in an episode: palpation, range of motion, diagnoses.

    Its version goes up with every saved change of the page, rows included; every version is
    kept (`history`, and the rows' own histories). Edited while unsigned; once signed, changed
    only by an amendment with a reason (taut.clinics.amending), as a session is."""

    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="assessments"
    )
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(default=timezone.now)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The differential as the clinician saw it: the explanation set and top candidates.
    differential = models.JSONField(default=dict, blank=True)
    findings_note = models.TextField("other findings", blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["differential"])

    class Meta:
        ordering = ["-performed_at"]

    def __str__(self) -> str:
        return f"Assessment {self.performed_at:%Y-%m-%d}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def history_rows(self) -> list:
        """The rows whose versions are kept with the assessment's."""
        return [self.palpations.all(), self.rom.all(), self.diagnoses.all()]

    def diagnosis_codes(self) -> list[str]:
        return sorted(self.diagnoses.values_list("code", flat=True))


class PalpationFinding(models.Model):
    """One trigger point examined by palpation, classified by the 2018 Delphi consensus."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="palpations")
    trigger_point = models.CharField(max_length=80)  # knowledge base trigger point id
    side = models.CharField(max_length=10, choices=Side.choices)
    taut_band = models.BooleanField(default=False)
    hypersensitive_spot = models.BooleanField(default=False)
    referred_pain = models.BooleanField(default=False)
    recognised_pain = models.BooleanField("patient recognises the pain", default=False)
    local_twitch = models.BooleanField("local twitch response", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "trigger_point", "side"], name="one_finding_per_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trigger_point} ({self.side}): {self.classification}"

    @property
    def classification(self) -> delphi.Classification:
        return delphi.Palpation(
            self.taut_band, self.hypersensitive_spot, self.referred_pain,
            self.recognised_pain, self.local_twitch,
        ).classify()  # fmt: skip


class RomNorm(Versioned, models.Model):
    """A clinic's own normal value for a movement, replacing the default with its source.
    Set and reverted only from the version the admin's page showed (0: no value of its own)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="rom_norms")
    movement = models.CharField(max_length=40)
    degrees = models.PositiveSmallIntegerField(validators=[MaxValueValidator(rom.MAX_DEGREES)])
    source = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinic", "movement"], name="one_norm")]

    def __str__(self) -> str:
        return f"{self.movement}: {self.degrees} degrees ({self.source})"


class RangeOfMotion(models.Model):
    """A measured movement, with the normal value and its source as they were on the day."""

    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="rom"
    )
    session = models.ForeignKey(
        "treatment.TreatmentSession", null=True, blank=True, on_delete=models.CASCADE,
        related_name="rom",
    )  # fmt: skip
    movement = models.CharField(max_length=40)  # movement id of the knowledge base
    side = models.CharField(max_length=10, choices=Side.choices)
    degrees = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(rom.MAX_DEGREES)]
    )
    normal_degrees = models.PositiveSmallIntegerField(null=True, blank=True)
    normal_source = models.CharField(max_length=200, blank=True)
    painful = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assessment__isnull=False) | models.Q(session__isnull=False),
                name="rom_belongs_somewhere",
            )
        ]

    def __str__(self) -> str:
        return f"{self.movement} ({self.side}): {self.degrees} degrees"

    @property
    def percent_of_normal(self) -> float | None:
        return rom.percent_of_normal(self.degrees, self.normal_degrees or 0)


class Diagnosis(models.Model):
    """A diagnosis of the assessment: a billable ICD-10-CM code of the full set (taut.icd10),
    checked by the form; kept as text so a code CMS later retires stays on old records."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="diagnoses")
    code = models.CharField(max_length=10)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="one_code_per_assessment")
        ]

    def __str__(self) -> str:
        from taut.icd10.search import label

        return f"{self.code} {label(self.code)}".strip()
