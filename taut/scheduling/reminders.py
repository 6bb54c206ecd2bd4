"""E-mail reminders: each booked appointment in the coming hours gets one, once.

Sending and marking happen per appointment in one transaction that locks the row, so two runs
at the same time cannot both send; a failed send leaves the appointment unmarked for the next
run. The e-mail names the time, place and clinician only: no clinical details.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.scheduling.models import Appointment, Status


@dataclass
class Outcome:
    sent: list[Appointment] = field(default_factory=list)
    failed: list[tuple[Appointment, str]] = field(default_factory=list)


def due(hours: int, now: datetime | None = None):
    """Booked, not yet reminded, starting within `hours`, for a patient with an e-mail address."""
    now = now or timezone.now()
    return (
        Appointment.objects.filter(
            status=Status.BOOKED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(hours=hours),
            patient__archived_at__isnull=True,
        )  # fmt: skip
        .exclude(patient__email="")
        .select_related("patient", "clinician", "type", "clinic")
        .order_by("starts_at")
    )


def send_due(hours: int, *, dry_run: bool = False, now: datetime | None = None) -> Outcome:
    outcome = Outcome()
    for appointment in due(hours, now):
        if dry_run:
            outcome.sent.append(appointment)
            continue
        try:
            if send_one(appointment, hours, now):
                outcome.sent.append(appointment)
        except Exception as error:  # noqa: BLE001 - one bad address must not stop the rest
            outcome.failed.append((appointment, str(error)))
    return outcome


def send_one(appointment: Appointment, hours: int, now: datetime | None) -> bool:
    with transaction.atomic():
        still_due = due(hours, now).filter(pk=appointment.pk).select_for_update(of=("self",))
        if not list(still_due.values_list("pk", flat=True)):
            return False  # another run sent it meanwhile, or it was moved or cancelled
        subject, body = message(appointment)
        send_mail(subject, body, None, [appointment.patient.email])
        Appointment.objects.filter(pk=appointment.pk).update(reminder_sent_at=timezone.now())
        log.record(
            None, Action.EXPORT, appointment, username="reminders",
            detail={"reminder": "e-mail", "to": appointment.patient.email},
        )  # fmt: skip
    return True


def message(appointment: Appointment) -> tuple[str, str]:
    start = timezone.localtime(appointment.starts_at)
    context = {"a": appointment, "start": start, "clinic": appointment.clinic}
    subject = f"Reminder: your appointment at {appointment.clinic.name}, {start:%a %d %b %H:%M}"
    return subject, render_to_string("scheduling/reminder_email.txt", context)
