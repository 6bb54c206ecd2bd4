"""What a patient records in the portal between visits."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from taut.clinics.models import ClinicRecord


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
