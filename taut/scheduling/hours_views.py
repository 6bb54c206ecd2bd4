"""Opening hours and clinicians' working hours, which the calendar and free-slot search read.

A clinic admin sets the clinic's hours and anyone's; a clinician sets their own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.middleware import can
from taut.clinics.roles import Capability
from taut.scheduling.forms import WorkingHoursForm, clinicians_of
from taut.scheduling.models import WorkingHours
from taut.scheduling.views import new_request_count


def whose(request, clinician_pk):
    """The clinician whose hours these are (None: the clinic's), if this user may set them."""
    access.require(request, Capability.SCHEDULE)
    if clinician_pk is None:
        if not can(request, Capability.MANAGE_CLINIC):
            raise PermissionDenied("Only a clinic admin sets the opening hours.")
        return None
    clinician = clinicians_of(request.clinic).filter(pk=clinician_pk).first()
    if clinician is None:
        raise Http404("Not a clinician here.")
    if clinician != request.user and not can(request, Capability.MANAGE_CLINIC):
        raise PermissionDenied("A clinician sets their own hours; an admin sets anyone's.")
    return clinician


def spans(request, clinician):
    return WorkingHours.objects.filter(clinic=request.clinic, clinician=clinician)


@login_required
def hours(request, clinician=None):
    person = whose(request, clinician)
    form = WorkingHoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            added = form.save(commit=False)
            added.clinic, added.clinician = request.clinic, person
            added.save()
            log.record(request, Action.CREATE, added)
        messages.success(request, f"Added {added}.")
        return redirect(request.path)
    context = {
        "person": person, "spans": spans(request, person), "form": form,
        "clinicians": clinicians_of(request.clinic), "new_requests": new_request_count(request),
    }  # fmt: skip
    return render(request, "scheduling/hours.html", context)


@login_required
@require_POST
def hours_remove(request, pk):
    span = access.get_for(request, WorkingHours, pk=pk)
    whose(request, span.clinician_id)
    with transaction.atomic():
        log.record(request, Action.DELETE, span)
        span.delete()
    messages.success(request, f"Removed {span}.")
    if span.clinician_id:
        return redirect("schedule:clinician_hours", span.clinician_id)
    return redirect("schedule:hours")
