"""The waitlist: patients who want a visit sooner, offered the time a cancellation frees.

An entry is never deleted: it closes when the patient is booked from it (linked to that
appointment) or when the front desk removes it.
"""

from django.db import models, transaction
from django.utils import timezone

from taut.scheduling.models import Appointment, WaitlistEntry


def matching(freed: Appointment) -> models.QuerySet:
    """Open entries the freed time suits: same clinic, a visit that fits in the time, with
    this clinician or any, on a day inside the patient's range; oldest entry first."""
    day = timezone.localdate(freed.starts_at)
    return (
        WaitlistEntry.objects.open()
        .filter(clinic=freed.clinic, type__minutes__lte=freed.minutes, earliest__lte=day)
        .filter(models.Q(latest__isnull=True) | models.Q(latest__gte=day))
        .filter(models.Q(clinician__isnull=True) | models.Q(clinician=freed.clinician_id))
        .exclude(patient=freed.patient_id)
        .filter(patient__archived_at__isnull=True)
        .select_related("patient", "type", "clinician")
        .order_by("created_at")
    )


def close(entry: WaitlistEntry, appointment: Appointment | None = None) -> None:
    """Close the entry, booked (with the appointment made from it) or removed."""
    with transaction.atomic():
        current = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if current.closed_at is not None:
            return
        current.closed_at, current.appointment = timezone.now(), appointment
        current.save(update_fields=["closed_at", "appointment"])
