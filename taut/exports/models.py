import uuid
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from taut.clinics.models import ClinicRecord
from taut.clinics.roles import Capability
from taut.exports import export
from taut.exports.export import Kind
from taut.fhir.models import JobStatus


class BackgroundExport(ClinicRecord):
    """A CSV export too large to write within one page request, written by the task queue's
    worker (taut/exports/background.py). Only the clinician who asked sees and downloads it;
    the file lives at `path` until it expires."""

    read_capability = Capability.SEE_CLINICAL

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    pseudonymised = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # While the worker writes: when it last reported, and the rows written so far (the file's
    # rows once done). A running export that has not reported for `heartbeat.STALLED` was
    # left by a worker that stopped (killed, or its machine restarted).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["requested_by", "clinic", "status"]),
                   models.Index(fields=["finished_at"])]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "requested_by"], name="one_unfinished_export_each",
                condition=models.Q(status__in=["queued", "running"]),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} export {self.pk} ({self.status})"

    @property
    def path(self) -> Path:
        return Path(settings.EXPORTS_DIR) / f"{self.pk}.csv"

    @property
    def partial(self) -> Path:
        """Where the worker writes the file before renaming it into place."""
        return self.path.with_suffix(".partial")

    @staticmethod
    def retention() -> timedelta:
        return timedelta(hours=settings.EXPORT_RETENTION_HOURS)

    @property
    def expires_at(self) -> datetime:
        """When the file and this record are deleted (`EXPORT_RETENTION_HOURS`)."""
        return (self.finished_at or self.requested_at) + self.retention()

    @property
    def description(self) -> str:
        """What the file holds, for the list: "Treatment sessions, 2026-01-01 to the latest"."""
        span = "everything"
        if self.start or self.end:
            span = f"{self.start or 'the first'} to {self.end or 'the latest'}"
        return (
            f"{export.TITLES[self.kind]}, {span}{', pseudonymised' if self.pseudonymised else ''}"
        )

    @property
    def rows_text(self) -> str:
        return f"{self.rows:,} row{'s' if self.rows != 1 else ''}"

    @property
    def filename(self) -> str:
        return export.filename(self.kind, self.start, self.end, self.pseudonymised)
