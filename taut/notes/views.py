from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.notes.forms import NoteForm
from taut.notes.models import ClinicalNote
from taut.patients.models import Patient


@login_required
def note_detail(request, uuid, pk):
    note = access.get_for(
        request, ClinicalNote.objects.select_related("patient", "author"), patient__uuid=uuid, pk=pk
    )
    return render(request, "notes/detail.html", {"note": note, "patient": note.patient})


@login_required
def note_create(request, uuid):
    access.require(request, Capability.WRITE_CLINICAL)
    patient = access.get_for(request, Patient.objects.active(), uuid=uuid)
    amends = None
    if amends_pk := request.GET.get("amends") or request.POST.get("amends"):
        amends = access.get_for(request, ClinicalNote, patient=patient, pk=amends_pk)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            note = form.save(commit=False)
            note.clinic, note.patient, note.author, note.amends = (
                request.clinic, patient, request.user, amends,
            )  # fmt: skip
            note.save()
            log.record(request, Action.CREATE, note)
        messages.success(request, "Note saved.")
        return redirect("patients:detail", patient.uuid)
    return render(request, "notes/form.html", {"form": form, "patient": patient, "amends": amends})
