"""The front desk's queue of appointment requests from the public page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.patients.models import Patient
from taut.scheduling import requests
from taut.scheduling.booking import BookingError
from taut.scheduling.forms import DeclineForm
from taut.scheduling.models import AppointmentRequest, RequestStatus

PAGE_SIZE = 30


@login_required
def queue(request):
    """New requests first, then the handled ones, which are kept."""
    found = access.scoped(request, AppointmentRequest).select_related("handled_by", "appointment")
    page = Paginator(requests.in_queue_order(found), PAGE_SIZE).get_page(request.GET.get("page"))
    log.record(request, Action.LIST, detail={"requests": True, "page": page.number})
    return render(request, "scheduling/requests.html", {"page": page})


@login_required
def request_detail(request, pk):
    found = access.get_for(request, AppointmentRequest, pk=pk)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                requests.decline(found, by=request.user, reason=form.cleaned_data["reason"])
                log.record(request, Action.CHANGE, found, detail={"declined": True})
        except BookingError as refused:
            messages.error(request, str(refused))  # handled meanwhile; the page shows how
            return redirect("schedule:request", found.pk)
        else:
            messages.success(request, f"The request from {found.name} was declined.")
            return redirect("schedule:requests")
    matches = None
    if found.status == RequestStatus.NEW:
        matches = requests.possible_patients(access.scoped(request, Patient).active(), found)
    context = {"req": found, "form": form, "matches": matches}
    return render(request, "scheduling/request_detail.html", context)
