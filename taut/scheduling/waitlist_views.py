"""The waitlist pages: who is waiting, adding a patient, removing an entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.patients.models import Patient
from taut.scheduling import waitlist as lists
from taut.scheduling.forms import WaitlistForm
from taut.scheduling.models import WaitlistEntry
from taut.scheduling.views import new_request_count

SHOWN = 200  # a waitlist longer than this is a list nobody works through (engineering choice)


@login_required
def waitlist(request):
    entries = (
        access.scoped(request, WaitlistEntry)
        .open()
        .select_related("patient", "type", "clinician")[:SHOWN]
    )
    log.record(request, Action.LIST, detail={"waitlist": True})
    context = {"entries": entries, "new_requests": new_request_count(request)}
    return render(request, "scheduling/waitlist.html", context)


@login_required
def waitlist_add(request):
    access.require(request, Capability.SCHEDULE)
    source = request.POST if request.method == "POST" else request.GET
    patient = access.get_for(request, Patient.objects.active(), uuid=source.get("patient", ""))
    form = WaitlistForm(
        request.POST if request.method == "POST" else None, clinic=request.clinic,
        initial={"earliest": timezone.localdate()},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            entry = form.save(commit=False)
            entry.clinic, entry.patient, entry.created_by = request.clinic, patient, request.user
            entry.save()
            log.record(request, Action.CREATE, entry)
        messages.success(request, f"{patient.full_name} is on the waitlist.")
        return redirect("schedule:waitlist")
    context = {"form": form, "patient": patient, "new_requests": new_request_count(request)}
    return render(request, "scheduling/waitlist_add.html", context)


@login_required
@require_POST
def waitlist_remove(request, pk):
    entry = access.get_for(request, WaitlistEntry.objects.open(), pk=pk)
    with transaction.atomic():
        lists.close(entry)
        log.record(request, Action.CHANGE, entry, detail={"removed_from_waitlist": True})
    messages.success(request, f"{entry.patient.full_name} was taken off the waitlist.")
    return redirect("schedule:waitlist")
