"""Clinic admins' pages: the visit types the clinic offers, and the clinic's public details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.models import Clinic
from taut.clinics.roles import Capability
from taut.clinics.versions import Stale, conflict_page
from taut.scheduling.clinic_forms import ClinicSettingsForm
from taut.scheduling.forms import AppointmentTypeForm
from taut.scheduling.models import AppointmentType


def clinic_types(request):
    access.require(request, Capability.MANAGE_CLINIC)
    return AppointmentType.objects.filter(clinic=request.clinic)


@login_required
def types(request):
    """The clinic's visit types; a new one is added here. Types are deactivated, not deleted."""
    found = clinic_types(request)
    form = AppointmentTypeForm(request.POST or None, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            added = form.save(commit=False)
            added.clinic = request.clinic
            added.save()
            log.record(request, Action.CREATE, added)
        messages.success(request, f"“{added.name}” was added.")
        return redirect("schedule:types")
    return render(request, "scheduling/types.html", {"types": found, "form": form})


@login_required
def type_edit(request, pk):
    kind = get_object_or_404(clinic_types(request), pk=pk)
    form = AppointmentTypeForm(request.POST or None, instance=kind, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save_versioned()
                log.record(request, Action.CHANGE, kind, detail={"fields": form.changed_data})
        except Stale as stale:
            return conflict_page(request, form, stale, title=f"Visit type “{kind.name}”",
                                 back_url=reverse("schedule:types"))  # fmt: skip
        messages.success(request, "Saved. Appointments already booked keep their length.")
        return redirect("schedule:types")
    return render(request, "scheduling/type_form.html", {"form": form, "kind": kind})


@login_required
@require_POST
def type_active(request, pk):
    kind = get_object_or_404(clinic_types(request), pk=pk)
    # The button names the state it sets (not "toggle"), so a second click from a page
    # loaded before the first changes nothing.
    wanted = request.POST.get("active", "0" if kind.is_active else "1") == "1"
    with transaction.atomic():
        kind.is_active = wanted
        kind.save(update_fields=["is_active"])
        log.record(request, Action.CHANGE, kind, detail={"is_active": kind.is_active})
    state = "offered again" if kind.is_active else "no longer offered for new bookings"
    messages.success(request, f"“{kind.name}” is {state}.")
    return redirect("schedule:types")


@login_required
def clinic_settings(request):
    access.require(request, Capability.MANAGE_CLINIC)
    clinic = Clinic.objects.get(pk=request.clinic.pk)
    form = ClinicSettingsForm(request.POST or None, request.FILES or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save_versioned()
                log.record(request, Action.CHANGE, clinic, detail={"fields": form.changed_data})
        except Stale as stale:
            return conflict_page(
                request, form, stale, title="The clinic's details",
                back_url=reverse("schedule:clinic"),
                extra="A logo you chose is not kept in the merge: choose it again after saving.",
            )  # fmt: skip
        messages.success(request, "The clinic's details were saved.")
        return redirect("schedule:clinic")
    return render(request, "scheduling/clinic.html", {"form": form, "shown": request.clinic})


@login_required
def clinic_logo(request):
    """The logo as stored, for the settings page (the public page has its own, when published)."""
    access.require(request, Capability.MANAGE_CLINIC)
    return logo_response(Clinic.objects.get(pk=request.clinic.pk))


def logo_response(clinic: Clinic) -> HttpResponse:
    if not clinic.logo:
        raise Http404("No logo")
    response = HttpResponse(bytes(clinic.logo), content_type=clinic.logo_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
