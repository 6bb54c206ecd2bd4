"""The home exercise program page and PDF, for staff (here) and for the patient (views.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.episodes.models import Episode
from taut.portal import pdf
from taut.portal.program import current_plan, home_program


def program_response(request, episode, *, pdf_file: bool, for_patient: bool):
    """The page (or PDF) of the episode's current program; the caller has checked access."""
    plan = current_plan(episode)
    if plan is None and pdf_file:
        raise Http404("No plan has been accepted for this episode yet.")
    program = home_program(plan) if plan else None
    if pdf_file:
        document = pdf.program_pdf(program, request)
        log.record(request, Action.EXPORT, plan, detail={"format": "pdf", "page": "program"})
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{pdf.filename(program)}"'
        return response
    context = {"program": program, "episode": episode, "patient": episode.patient,
               "for_patient": for_patient}  # fmt: skip
    return render(request, "portal/program.html", context)


def staff_episode(request, uuid, episode) -> Episode:
    access.require(request, Capability.SEE_CLINICAL)
    return access.get_for(
        request, Episode.objects.select_related("patient", "clinic"), patient__uuid=uuid, pk=episode
    )


@login_required
def program(request, uuid, episode):
    return program_response(request, staff_episode(request, uuid, episode), pdf_file=False,
                            for_patient=False)  # fmt: skip


@login_required
def program_pdf(request, uuid, episode):
    return program_response(request, staff_episode(request, uuid, episode), pdf_file=True,
                            for_patient=False)  # fmt: skip
