"""The exports page: choose the rows, the range and pseudonymisation; download the CSV, or,
for more records than a page request writes, have the worker write it and download it later."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.exports import background, export
from taut.exports.forms import ExportForm
from taut.exports.models import BackgroundExport
from taut.fhir.models import JobStatus
from taut.treatment.views import require_billing


@login_required
def index(request):
    """GET shows the form; POST answers the CSV, or the form again with what is wrong, or
    (more records than the page writes at once) puts the export on the queue.

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
        if count := export.over_page_limit(*chosen, scoped=scoped):
            size = export.too_many(count, data["kind"])
            try:
                background.start(request.user, *chosen, data["pseudonymise"])
            except background.StillWriting:
                wait = "Your last large export is still being written: wait for it, or delete it."
                form.add_error(None, f"{size} {wait}")
            else:
                later = "The server is writing the file: it will be listed below to download."
                messages.success(request, f"{size} {later}")
                return redirect("exports:index")
        else:
            result = export.build(*chosen, data["pseudonymise"], scoped=scoped)
            content = result.content()
            log.record(request, Action.EXPORT, None, detail=result.audit_detail())
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
            return response
    return page(request, form)


def page(request, form, *, billing: dict | None = None, status: int = 200):
    """The exports page. `billing` holds a billing export the page refused: the range asked
    for ("from", "to", as typed) and why ("error"), shown at its form."""
    files = []
    if Capability.SEE_CLINICAL in request.capabilities:
        files = background.listed(request.clinic, request.user)
    log.record(request, Action.VIEW, None, detail={"page": "exports"})
    return render(request, "exports/index.html", {
        "form": form, "files": files, "billing": billing or {},
        "waiting": any(f.status in background.UNFINISHED for f in files),
        "limits": " or ".join(f"{n:,} {export.NOUNS[k]}" for k, n in export.PAGE_LIMITS.items()),
        "retention_hours": settings.EXPORT_RETENTION_HOURS,
    }, status=status)  # fmt: skip


def refused_billing(request, error: str):
    """The exports page again, at 400, with the billing export's range and why it was refused
    (taut.treatment.views.billing_export)."""
    asked = {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    form = ExportForm(initial={"kind": export.Kind.SESSIONS})
    return page(request, form, billing={**asked, "error": error}, status=400)


def own(request, pk) -> BackgroundExport:
    """The user's own background export in this clinic, or 404 (anyone else's)."""
    access.require(request, BackgroundExport.read_capability)
    try:
        return BackgroundExport.objects.get(pk=pk, clinic=request.clinic,
                                            requested_by=request.user)  # fmt: skip
    except BackgroundExport.DoesNotExist:
        raise Http404("Not found") from None


@login_required
def download(request, pk):
    """The file, while it is there; every download is audited."""
    found = own(request, pk)
    expired = found.expires_at <= timezone.now()  # the clean-up task may not have run yet
    if found.status != JobStatus.DONE or expired:
        raise Http404("Not found")
    try:
        file = found.path.open("rb")
    except FileNotFoundError:  # deleted or expired a moment ago
        raise Http404("Not found") from None
    response = FileResponse(file, as_attachment=True, filename=found.filename,
                            content_type="text/csv; charset=utf-8")  # fmt: skip
    log.record(request, Action.EXPORT, found, detail={
        "export": found.kind, "file": str(found.pk), "rows": found.rows,
        "pseudonymised": found.pseudonymised, "download": True,
    })  # fmt: skip
    return response


@login_required
@require_POST
def delete(request, pk):
    background.delete(own(request, pk))
    messages.success(request, "The export and its file are deleted.")
    return redirect("exports:index")
