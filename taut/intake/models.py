from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from taut.clinical import screening
from taut.clinics.models import ClinicRecord

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


class Onset(models.TextChoices):
    SUDDEN = "sudden", "Sudden"
    GRADUAL = "gradual", "Gradual"
    AFTER_INJURY = "injury", "After an injury"
    UNKNOWN = "unknown", "Not sure"


class InForce(models.Manager):
    """Intakes not withdrawn: a withdrawn intake is kept but read as if it was never sent."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Intake(ClinicRecord):
    """The patient's picture at the start of an episode (or at a re-assessment).

    Its author may withdraw it, sent by mistake, until someone else has reviewed it
    (taut/intake/withdrawal.py); it is then kept, but left out of every reading."""

    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="intakes"
    )
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    by_patient = models.BooleanField(default=False, help_text="Filled in by the patient.")
    # [{"id": atlas region id, "intensity": 1-10, "quality": "aching"|...}]
    drawing = models.JSONField(default=list)
    pain_now = models.PositiveSmallIntegerField(validators=PAIN)
    pain_best = models.PositiveSmallIntegerField(validators=PAIN)
    pain_worst = models.PositiveSmallIntegerField(validators=PAIN)
    onset = models.CharField(max_length=10, choices=Onset.choices, default=Onset.UNKNOWN)
    onset_date = models.DateField(null=True, blank=True)
    causes = models.JSONField(default=list)  # cause ids of taut/kb/data/causes.yaml
    other_cause = models.CharField(max_length=200, blank=True)
    goals = models.TextField(blank=True)
    red_flags = models.JSONField(default=list)  # keys of screening.RED_FLAGS
    absolute_contraindications = models.JSONField(default=list)
    relative_contraindications = models.JSONField(default=list)
    # "key:site" values: a contraindication of screening.SITE_ITEMS at one of screening.SITES
    site_contraindications = models.JSONField(default=list, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    objects = InForce()
    with_withdrawn = models.Manager()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Intake {self.recorded_at:%Y-%m-%d}"

    @property
    def red_flag_labels(self) -> list[str]:
        return screening.labels(self.red_flags, screening.RED_FLAGS)

    @property
    def absolute_labels(self) -> list[str]:
        return screening.labels(
            self.absolute_contraindications,
            screening.ABSOLUTE_CONTRAINDICATIONS,
            screening.LEGACY_ABSOLUTE,
        )

    @property
    def relative_labels(self) -> list[str]:
        return screening.labels(
            self.relative_contraindications,
            screening.RELATIVE_CONTRAINDICATIONS,
            screening.LEGACY_RELATIVE,
        )

    @property
    def site_labels(self) -> list[str]:
        return [screening.site_label(v) for v in self.site_contraindications or []]

    def closed_sites(self) -> list[screening.SiteBlock]:
        """The sites no needle may enter, by this intake's screening."""
        return screening.closed_sites(
            self.site_contraindications or [], self.relative_contraindications or []
        )

    @property
    def duration_weeks(self) -> int | None:
        if self.onset_date is None:
            return None
        return max(0, (self.recorded_at.date() - self.onset_date).days // 7)
