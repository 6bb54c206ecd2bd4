from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from taut.accounts.models import NAME_FIELDS
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.history import versions
from taut.clinics.roles import Capability
from taut.clinics.versions import Stale, conflict_page, history_base
from taut.kb.atlas import load_atlas
from taut.kb.figure import render_svg
from taut.links import UUID, Link
from taut.paging import page_or_first
from taut.patients import chart
from taut.patients.forms import PatientForm, SearchForm
from taut.patients.models import Patient
from taut.reference.maps import figure_views
from taut.scheduling import requests
from taut.scheduling.models import AppointmentRequest, RequestStatus

PAGE_SIZE = 25
INVITATIONS_SHOWN = 5  # the latest portal invitations on the patient page


@login_required
def patient_list(request):
    patients = access.scoped(request, Patient)
    form = SearchForm(request.GET)
    query, archived = "", False
    if form.is_valid():
        query, archived = form.cleaned_data["q"].strip(), form.cleaned_data["archived"]
    patients = patients.archived() if archived else patients.active()
    if query:
        patients = patients.search(query).narrowed()
    page, bad_cursor = page_or_first(patients, request.GET.get("cursor"), PAGE_SIZE)
    log.record(request, Action.LIST, detail={"query": query, "archived": archived})
    detail = Link("patients:detail", UUID)
    rows = [(p, detail(p.uuid)) for p in page.items]
    context = {"form": form, "page": page, "rows": rows, "query": query, "bad_cursor": bad_cursor}
    return render(request, "patients/list.html", context, status=400 if bad_cursor else 200)


@login_required
def patient_create(request):
    """A new patient; from an appointment request (?request=), filled in from it, linked to
    it, and back to the request to book."""
    access.require(request, Capability.EDIT_PATIENTS)
    from_request = appointment_request(request)
    form = PatientForm(
        request.POST if request.method == "POST" else None, clinic=request.clinic,
        initial=requests.patient_initial(from_request) if from_request else None,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            patient = form.create(request)
            if from_request is not None:
                requests.link_patient(from_request, patient)
        messages.success(request, f"{patient.full_name} was added.")
        if from_request is not None:
            return redirect("schedule:request", from_request.pk)
        return redirect("patients:detail", patient.uuid)
    context = {"form": form, "creating": True, "from_request": from_request}
    return render(request, "patients/form.html", context)


def appointment_request(request):
    """The new appointment request named by ?request=, for a front desk that may schedule."""
    pk = (request.POST if request.method == "POST" else request.GET).get("request")
    if not pk:
        return None
    return access.get_for(
        request, AppointmentRequest, pk=pk, status=RequestStatus.NEW, patient__isnull=True
    )


@login_required
def patient_detail(request, uuid):
    with log.together():
        patient = access.get_for(request, Patient, uuid=uuid)
        notes = None
        if Capability.SEE_CLINICAL in request.capabilities:
            notes = latest_notes(patient)
        visits = None
        if Capability.SCHEDULE in request.capabilities:
            visits = upcoming_visits(patient)
        invitations = patient.invitations.select_related("created_by")[:INVITATIONS_SHOWN]
        billing = patient_billing(request, patient)
        context = {"patient": patient, "notes": notes, "visits": visits,
                   "invitations": invitations, "patient_billing": billing}  # fmt: skip
        return render(request, "patients/detail.html", context)


def latest_notes(patient, limit: int = 20) -> list:
    """The patient's latest notes, newest first, as the patient page lists them: the columns it
    shows (and the patient's id, which the related manager reads), not the notes' text or the
    authors' passwords (issue 18)."""
    shown = ("patient", "title", "amends_id", "written_at", *(f"author__{f}" for f in NAME_FIELDS))
    return list(patient.notes.select_related("author").only(*shown).order_by("-written_at")[:limit])


def patient_billing(request, patient):
    """The patient's invoices and balance, for those who may see billing (None otherwise)."""
    if Capability.SEE_BILLING not in request.capabilities:
        return None
    from taut.invoices.summary import for_patient

    log.record(request, Action.LIST, patient, detail={"billing": "patient's invoices"})
    invoicing = Capability.TAKE_PAYMENTS in request.capabilities
    return for_patient(patient, request.clinic, with_visits=invoicing)


def upcoming_visits(patient, limit: int = 5) -> list:
    """The patient's next booked visits, soonest first, with the columns the page shows."""
    from taut.scheduling.models import Appointment, Status

    shown = ("starts_at", "type__name", *(f"clinician__{f}" for f in NAME_FIELDS))
    return list(
        Appointment.objects.filter(
            patient=patient, status=Status.BOOKED, ends_at__gte=timezone.now()
        )
        .select_related("clinician", "type")
        .only(*shown)
        .order_by("starts_at")[:limit]
    )


@login_required
def patient_chart(request, uuid):
    """The whole clinical story: episodes' timelines, the drawing then and now, what was needled."""
    access.require(request, Capability.SEE_CLINICAL)
    patient = access.get_for(request, Patient, uuid=uuid)
    episodes = list(chart.episodes_for_chart(patient))
    intakes = [i for e in reversed(episodes) for i in e.intakes.all()]
    first, latest = (intakes[0], intakes[-1]) if intakes else (None, None)
    context = {
        "patient": patient,
        "episodes": [(e, chart.timeline(e), chart.red_flag_review(e)) for e in episodes],
        "notes": chart.chart_notes(patient),
        "first_intake": first,
        "latest_intake": latest if latest is not first else None,
        "first_drawing": figures(chart.drawing_marks(first.drawing)) if first else None,
        "latest_drawing": figures(chart.drawing_marks(latest.drawing))
        if latest and latest is not first
        else None,
        "needled": figures(chart.needled_marks(episodes)),
    }
    return render(request, "patients/chart.html", context)


def figures(marks: dict[str, str]) -> list:
    """The figures showing these marks (the chart's small multiples)."""
    return [mark_safe(render_svg(view, marked=marks, id_prefix=f"c{id(marks)}-"))
            for view in figure_views(load_atlas(), marks)]  # fmt: skip


@login_required
def patient_edit(request, uuid):
    access.require(request, Capability.EDIT_PATIENTS)
    patient = access.get_for(request, Patient.objects.active(), uuid=uuid)
    form = PatientForm(
        request.POST if request.method == "POST" else None, instance=patient, clinic=request.clinic
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save_versioned()
                log.record(request, Action.CHANGE, patient, detail={"fields": form.changed_data})
        except Stale as stale:
            return conflict_page(
                request, form, stale, title=f"Edit {stale.current.full_name}",
                back_url=reverse("patients:detail", args=[patient.uuid]),
                base=history_base(patient, form.based_on),
            )  # fmt: skip
        messages.success(request, "Changes saved.")
        return redirect("patients:detail", patient.uuid)
    return render(request, "patients/form.html", {"form": form, "patient": patient})


# The demographics a history page shows, in the order of the edit form.
HISTORY_FIELDS = [
    "given_name", "family_name", "preferred_name", "date_of_birth", "sex", "chart_number",
    "phone", "email", "address", "emergency_contact", "archived_at",
]  # fmt: skip


@login_required
def patient_history(request, uuid):
    """Every saved version of the patient's demographics: who changed what, and when."""
    patient = access.get_for(request, Patient, uuid=uuid)
    log.record(request, Action.VIEW, patient, detail={"history": True})
    context = {
        "title": patient.full_name,
        "back_url": reverse("patients:detail", args=[patient.uuid]),
        "versions": list(reversed(versions(patient, HISTORY_FIELDS))),
    }
    return render(request, "versions/history.html", context)


@login_required
@require_POST
def patient_archive(request, uuid):
    access.require(request, Capability.ARCHIVE_PATIENTS)
    patient = access.get_for(request, Patient.objects.active(), uuid=uuid)
    with transaction.atomic():
        patient.archive(by=request.user)
        log.record(request, Action.DELETE, patient)
    messages.success(request, f"{patient.full_name} was archived. An admin can restore them.")
    return redirect("patients:list")


@login_required
@require_POST
def patient_restore(request, uuid):
    access.require(request, Capability.ARCHIVE_PATIENTS)
    patient = access.get_for(request, Patient.objects.archived(), uuid=uuid)
    with transaction.atomic():
        patient.restore()
        log.record(request, Action.RESTORE, patient)
    messages.success(request, f"{patient.full_name} was restored.")
    return redirect("patients:detail", patient.uuid)
