"""A patient's appointments on the portal: book a time the clinic opened, cancel in time, or
ask the clinic for another time. Only their own records and appointments (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.portal.home import upcoming
from taut.portal.views import my_records
from taut.scheduling import online
from taut.scheduling.booking import BookingError
from taut.scheduling.models import Appointment, Status


@login_required
def appointments(request):
    now = timezone.now()
    records = []
    for patient in my_records(request):
        log.record(request, Action.LIST, patient, detail={"page": "portal appointments"})
        booked = [(a, online.may_cancel(a, now)) for a in upcoming(patient, now)]
        records.append((patient, booked, online.open_slots(patient.clinic, now)))
    return render(request, "portal/appointments.html", {"records": records})


@login_required
@require_POST
def book(request, record):
    patient = next((p for p in my_records(request) if p.pk == record), None)
    slot = request.POST.get("slot", "")
    if patient is None or not slot.isdigit():
        raise Http404("Not found")
    try:
        appointment = online.book(int(slot), patient, request.user)
    except BookingError as error:
        messages.error(request, str(error))
        return redirect("portal:appointments")
    log.record(request, Action.CREATE, appointment, detail={"online": "booked"})
    sent = online.confirm(appointment)
    start = timezone.localtime(appointment.starts_at)
    messages.success(request, f"Booked: {start:%A %-d %B, %H:%M}."
                     + (" A confirmation is on its way by e-mail." if sent else ""))  # fmt: skip
    return redirect("portal:appointments")


@login_required
@require_POST
def cancel(request, pk):
    appointment = (
        Appointment.objects.filter(patient__in=my_records(request), pk=pk, status=Status.BOOKED)
        .select_related("clinic", "patient", "clinician", "type")
        .first()
    )
    if appointment is None:
        raise Http404("Not found")
    try:
        cancelled = online.cancel(appointment, request.user)
    except BookingError as error:
        messages.error(request, str(error))
        return redirect("portal:appointments")
    log.record(request, Action.CHANGE, cancelled, detail={"online": "cancelled"})
    online.confirm(cancelled)
    messages.success(request, "Your appointment is cancelled.")
    return redirect("portal:appointments")
