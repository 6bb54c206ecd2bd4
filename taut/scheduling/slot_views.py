"""The times a clinic opens for online booking: staff who schedule open and remove them."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.scheduling.forms import SlotForm
from taut.scheduling.models import OnlineSlot
from taut.scheduling.online import SHOWN_DAYS


@login_required
def slots(request):
    """The open times still to come (booked or not) and the form to open one more."""
    upcoming = (
        access.scoped(request, OnlineSlot)
        .filter(starts_at__gt=timezone.now(),
                starts_at__lte=timezone.now() + timedelta(days=SHOWN_DAYS * 2))
        .select_related("clinician", "type", "appointment__patient")
    )  # fmt: skip
    form = SlotForm(request.POST or None, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                slot = OnlineSlot.objects.create(
                    clinic=request.clinic, clinician=data["clinician"], type=data["type"],
                    starts_at=data["starts_at"], created_by=request.user,
                )  # fmt: skip
                log.record(request, Action.CREATE, slot)
        except IntegrityError:
            form.add_error("time", "This clinician already has an open time then.")
        else:
            messages.success(request, "The time is open for online booking.")
            return redirect("schedule:slots")
    log.record(request, Action.LIST, detail={"page": "online booking"})
    context = {"slots": upcoming, "form": form, "notice": request.clinic.cancel_notice_hours}
    return render(request, "scheduling/slots.html", context)


@login_required
@require_POST
def slot_remove(request, pk):
    """Withdraw an open time nobody has booked (a booked one is cancelled as an appointment)."""
    slot = access.get_for(
        request, OnlineSlot.objects.filter(appointment__isnull=True), pk=pk, action=Action.DELETE
    )
    slot.delete()
    messages.success(request, "The open time was withdrawn.")
    return redirect("schedule:slots")
