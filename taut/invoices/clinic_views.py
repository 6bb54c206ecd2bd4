"""The clinic's billing setup: its fee schedule, its billing settings with the clinicians'
NPIs (clinic admins), and each patient's payer details (the front desk)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from taut.audit import log
from taut.audit.actions import Action
from taut.clinical.services import KNOWN
from taut.clinics import access
from taut.clinics.roles import Capability, Role
from taut.clinics.versions import Stale, conflict_page
from taut.invoices.forms import ClinicianNpiForm, CoverageForm, ServiceForm, SettingsForm
from taut.invoices.models import ClinicianBilling, Coverage, Service
from taut.invoices.setup import set_clinician_npi, settings_for
from taut.patients.models import Patient


@login_required
def fees(request):
    """The fee schedule: everyone who bills reads it; a clinic admin adds and edits."""
    access.require(request, Capability.SEE_BILLING)
    services = Service.objects.filter(clinic=request.clinic)
    editing = None
    if request.GET.get("edit"):
        editing = (
            services.filter(pk=request.GET["edit"]).first()
            if request.GET["edit"].isdigit()
            else None
        )
    initial = {}
    code = request.GET.get("code", "")
    if code in KNOWN:
        known = KNOWN[code]
        initial = {"code": known.code, "description": known.description, "timed": known.timed,
                   "therapy": known.therapy}  # fmt: skip
    form = ServiceForm(instance=editing, initial=initial, clinic=request.clinic)
    if request.method == "POST":
        access.require(request, Capability.MANAGE_CLINIC)
        posted = request.POST.get("service", "")
        editing = services.filter(pk=posted).first() if posted.isdigit() else None
        form = ServiceForm(request.POST, instance=editing, clinic=request.clinic)
        if form.is_valid():
            try:
                with transaction.atomic():
                    service = form.save(commit=False)
                    service.clinic = request.clinic
                    if editing:
                        form.save_versioned()
                    else:
                        service.save()
                    detail = {"fee_schedule": service.code, "fee": str(service.fee)}
                    log.record(request, Action.CHANGE if editing else Action.CREATE, detail=detail)
            except Stale as stale:
                return conflict_page(request, form, stale, title=f"Fee of {editing.code}",
                                     back_url=reverse("invoices:fees"))  # fmt: skip
            messages.success(request, f"{service.code} saved.")
            return redirect("invoices:fees")
    have = set(services.values_list("code", flat=True))
    context = {"services": services, "form": form, "editing": editing,
               "known": [k for k in KNOWN.values() if k.code not in have],
               "billing": settings_for(request.clinic)}  # fmt: skip
    return render(request, "invoices/fees.html", context, status=400 if form.errors else 200)


def clinicians_of(clinic):
    return (
        get_user_model()
        .objects.filter(
            memberships__clinic=clinic,
            memberships__role=Role.CLINICIAN,
            memberships__is_active=True,
        )
        .distinct()
    )


def npi_shown(request, clinicians) -> ClinicianBilling | None:
    """The NPI the page opens for editing (`?npi=<clinician id>`), or None for a new one."""
    chosen = request.GET.get("npi", "")
    if not chosen.isdigit():
        return None
    return ClinicianBilling.objects.filter(
        clinic=request.clinic, clinician__in=clinicians, clinician_id=int(chosen)
    ).first()


@login_required
def billing_settings(request):
    """Currency, unit rule, modifiers, tax and NPIs: a clinic admin's."""
    access.require(request, Capability.MANAGE_CLINIC)
    billing = settings_for(request.clinic)
    form = SettingsForm(instance=billing)
    clinicians = clinicians_of(request.clinic)
    npi_form = ClinicianNpiForm(clinicians=clinicians, instance=npi_shown(request, clinicians))
    if request.method == "POST" and "npi" in request.POST:
        npi_form = ClinicianNpiForm(request.POST, clinicians=clinicians)
        if npi_form.is_valid():
            data = npi_form.cleaned_data
            try:
                with transaction.atomic():
                    set_clinician_npi(request.clinic, data["clinician"], data["npi"],
                                      data["credentials"], npi_form.based_on)  # fmt: skip
                    log.record(request, Action.CHANGE, None,
                               detail={"billing": "clinician NPI"})  # fmt: skip
            except Stale as stale:
                return conflict_page(request, npi_form, stale, title="A clinician's NPI",
                                     back_url=reverse("invoices:settings"))  # fmt: skip
            messages.success(request, "NPI saved.")
            return redirect("invoices:settings")
    elif request.method == "POST":
        form = SettingsForm(request.POST, instance=billing)
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save_versioned()
                    detail = {"billing": "settings", "changed": form.changed_data}
                    log.record(request, Action.CHANGE, detail=detail)
            except Stale as stale:
                return conflict_page(request, form, stale, title="Billing settings",
                                     back_url=reverse("invoices:settings"))  # fmt: skip
            messages.success(request, "Billing settings saved.")
            return redirect("invoices:settings")
    npis = ClinicianBilling.objects.filter(clinic=request.clinic).select_related("clinician")
    context = {"form": form, "npi_form": npi_form, "npis": npis}
    status = 400 if form.errors or npi_form.errors else 200
    return render(request, "invoices/settings.html", context, status=status)


@login_required
def coverage(request, uuid):
    """A patient's payer and policy: read by anyone who bills, kept by the front desk."""
    access.require(request, Capability.SEE_BILLING)
    patient = access.get_for(request, Patient, uuid=uuid)
    current = Coverage.objects.filter(clinic=request.clinic, patient=patient).first()
    form = CoverageForm(instance=current)
    if request.method == "POST":
        access.require(request, Capability.TAKE_PAYMENTS)
        form = CoverageForm(request.POST, instance=current)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = form.save(commit=False)
                    saved.clinic, saved.patient = request.clinic, patient
                    if current:
                        form.save_versioned()
                    else:
                        saved.save()
                    log.record(request, Action.CHANGE if current else Action.CREATE, saved)
            except Stale as stale:
                url = reverse("invoices:coverage", args=[patient.uuid])
                title = f"Payer details of {patient.full_name}"
                return conflict_page(request, form, stale, title=title, back_url=url)
            messages.success(request, "Payer details saved.")
            return redirect("invoices:coverage", uuid=patient.uuid)
    context = {"patient": patient, "form": form, "coverage": current}
    return render(request, "invoices/coverage.html", context, status=400 if form.errors else 200)
