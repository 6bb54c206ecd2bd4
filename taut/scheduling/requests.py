"""The front desk's queue of appointment requests from the public page.

A request is never deleted: it is booked (linked to the appointment made for it) or declined
(with a reason), and both keep who handled it and when.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from taut.accounts.models import User
from taut.scheduling.booking import BookingError
from taut.scheduling.models import Appointment, AppointmentRequest, RequestStatus

logger = logging.getLogger(__name__)


def notify_clinic(request_: AppointmentRequest) -> None:
    """Tell the clinic's e-mail address that a request is waiting; no details of the person,
    which stay behind the login. A failure is logged: the request is saved either way."""
    clinic = request_.clinic
    if not clinic.email:
        return
    link = settings.SITE_ROOT.rstrip("/") + reverse("schedule:requests")
    try:
        send_mail(
            f"New appointment request for {clinic.name}",
            f"A new appointment request is waiting in the front desk's queue:\n{link}\n",
            None,
            [clinic.email],
        )
    except OSError:
        logger.exception("Could not e-mail %s about request %s", clinic.email, request_.pk)


def in_queue_order(requests: models.QuerySet) -> models.QuerySet:
    """New requests first, oldest first (first come, first served); then handled ones."""
    is_new = models.Case(
        models.When(status=RequestStatus.NEW, then=0), default=1, output_field=models.IntegerField()
    )
    return requests.annotate(is_new=is_new).order_by("is_new", "created_at")


def lock_new(request_: AppointmentRequest) -> AppointmentRequest:
    current = AppointmentRequest.objects.select_for_update().get(pk=request_.pk)
    if current.status != RequestStatus.NEW:
        raise BookingError(f"This request was already {current.get_status_display().lower()}.")
    return current


def mark_booked(request_: AppointmentRequest, appointment: Appointment, *, by: User) -> None:
    """Link the appointment booked for this request; call inside the booking's transaction."""
    with transaction.atomic():
        current = lock_new(request_)
        current.status, current.appointment = RequestStatus.BOOKED, appointment
        current.handled_by, current.handled_at = by, timezone.now()
        current.save(update_fields=["status", "appointment", "handled_by", "handled_at"])


def decline(request_: AppointmentRequest, *, by: User, reason: str) -> AppointmentRequest:
    with transaction.atomic():
        current = lock_new(request_)
        current.status, current.decline_reason = RequestStatus.DECLINED, reason.strip()[:200]
        current.handled_by, current.handled_at = by, timezone.now()
        current.save(update_fields=["status", "decline_reason", "handled_by", "handled_at"])
    return current


def possible_patients(patients: models.QuerySet, request_: AppointmentRequest) -> models.QuerySet:
    """The clinic's active patients who may be this person: same phone, or same name."""
    words = request_.name.split()
    by_name = patients.search(" ".join(words)) if words else patients.none()
    by_phone = patients.filter(phone=request_.phone) if request_.phone else patients.none()
    return (by_phone | by_name).distinct()[:10]


def search_text(request_: AppointmentRequest) -> str:
    """What to search the patient list for when booking from a request."""
    return request_.phone or request_.name


def patient_initial(request_: AppointmentRequest) -> dict:
    """The new-patient form's starting values from a request: name, phone and e-mail.

    The last word of the name is taken as the family name, the rest as given names: a
    guess (engineering choice) that the front desk sees on the form and corrects."""
    words = request_.name.split()
    given, family = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (request_.name, "")
    return {"given_name": given, "family_name": family, "phone": request_.phone,
            "email": request_.email}  # fmt: skip


def link_patient(request_: AppointmentRequest, patient) -> None:
    """Record the patient made from this request; call inside the patient's transaction."""
    with transaction.atomic():
        current = lock_new(request_)
        current.patient = patient
        current.save(update_fields=["patient"])
