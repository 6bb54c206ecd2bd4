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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def scoped(model):
            return access.scoped(request, model)

        chosen = (request.clinic, data["kind"], data["start"], data["end"])
        if refused := export.over_page_limit(*chosen, scoped=scoped):
            form.add_error(None, refused)
        else:
            result = export.build(*chosen, data["pseudonymise"], scoped=scoped)
            log.record(request, Action.EXPORT, None, detail=result.audit_detail())
            response = HttpResponse(result.content(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
            return response
    log.record(request, Action.VIEW, None, detail={"page": "exports"})
    return render(request, "exports/index.html", {"form": form})
