"""The exports page: choose the rows, the range and pseudonymisation; download the CSV."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.exports import export
from taut.exports.forms import ExportForm
from taut.treatment.views import require_billing


@login_required
def index(request):
    """GET shows the form; POST answers the CSV, or the form again with what is wrong.

    Clinic admins, who read billing lines but not clinical content, see only the billing part.
    """
    require_billing(request)
    if request.method == "POST":
        access.require(request, Capability.SEE_CLINICAL)
    form = ExportForm(request.POST or None, initial={"kind": export.Kind.SESSIONS})
    if request.method != "POST" or not form.is_valid():
        log.record(request, Action.VIEW, None, detail={"page": "exports"})
        return render(request, "exports/index.html", {"form": form})
    data = form.cleaned_data
    result = export.build(
        request.clinic, data["kind"], data["start"], data["end"], data["pseudonymise"],
        scoped=lambda model: access.scoped(request, model),
    )  # fmt: skip
    log.record(request, Action.EXPORT, None, detail=result.audit_detail())
    response = HttpResponse(result.content(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
