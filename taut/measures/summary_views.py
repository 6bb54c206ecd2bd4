"""The re-assessment and discharge summary of an episode, as a page and as a PDF."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.episodes.models import Episode
from taut.measures.models import thresholds_for
from taut.measures.summary import episode_summary
from taut.pdf.render import html_to_pdf


def summary_context(request, uuid, episode) -> dict:
    access.require(request, Capability.SEE_CLINICAL)
    episode = access.get_for(
        request,
        Episode.objects.select_related("patient", "clinic", "created_by"),
        patient__uuid=uuid,
        pk=episode,
    )
    summary = episode_summary(episode, thresholds_for(request.clinic))
    return {"summary": summary, "episode": episode, "patient": episode.patient,
            "clinic_record": episode.clinic}  # fmt: skip


@login_required
def summary(request, uuid, episode):
    """The printable summary, with a link to its PDF."""
    context = summary_context(request, uuid, episode)
    return render(request, "measures/summary.html", {**context, "base": "base.html"})


@login_required
def summary_pdf(request, uuid, episode):
    """The same summary as an A4 PDF; every export is in the audit trail."""
    context = summary_context(request, uuid, episode)
    episode = context["episode"]
    html = render_to_string(
        "measures/summary.html", {**context, "base": "measures/summary_document.html"}, request
    )
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    log.record(request, Action.EXPORT, episode, detail={"format": "pdf", "page": "summary"})
    label = re.sub(r"[^A-Za-z0-9_-]", "", episode.patient.chart_number) or episode.pk
    name = f"summary-{label}-{context['summary'].written_on:%Y-%m-%d}"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
