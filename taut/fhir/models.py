import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

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


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ExportJob(ClinicRecord):
    """One FHIR Bulk Data export ($export): what was asked, how far the task has got, and
    what it wrote. Its NDJSON files live in `directory`; the status endpoint reads this row."""

    read_capability = Capability.SEE_CLINICAL

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    request_url = models.TextField()
    types = models.JSONField()  # resource types to export, in RESOURCE_TYPES order
    since = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    transaction_time = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    done_types = models.PositiveIntegerField(default=0)
    # When the worker last reported writing (taut/heartbeat.py): a running job silent for
    # `heartbeat.STALLED` was left by a worker that stopped.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)  # resource type -> resources written
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["clinic", "status"]),
                   models.Index(fields=["finished_at"])]  # fmt: skip

    def __str__(self) -> str:
        return f"FHIR export {self.pk} ({self.status})"

    @property
    def directory(self) -> Path:
        return Path(settings.FHIR_EXPORT_DIR) / str(self.pk)

    @property
    def progress(self) -> str:
        """For X-Progress: how many of the asked types are written."""
        return f"{self.done_types} of {len(self.types)} types"
