from django.db import models

from taut.clinics.models import ClinicRecord
from taut.clinics.roles import Capability


class ExternalIdentifier(ClinicRecord):
    """An identifier another system gave a patient we imported or matched (system + value).

    Kept so that importing the same patient again matches instead of duplicating, and so our
    exports carry the identifiers the other system knows the patient by.
    """

    read_capability = Capability.SEE_PATIENTS

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="external_identifiers"
    )
    system = models.CharField(max_length=255)
    value = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "system", "value"], name="one_patient_per_identifier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.system}|{self.value}"
