from django.conf import settings
from django.db import models

from taut.clinics.models import ClinicRecord


class ClinicalNote(ClinicRecord):
    """A dated chart note. Once saved it is not changed; a correction is a new note (addendum)."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=200)
    text = models.TextField()
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="addenda"
    )

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("A clinical note is not changed once written; add an addendum.")
        super().save(*args, **kwargs)
