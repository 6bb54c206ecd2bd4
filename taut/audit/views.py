from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from taut.audit.chain import chain_for
from taut.audit.forms import AuditFilterForm
from taut.audit.models import AuditEntry, ChainHead
from taut.clinics import access
from taut.clinics.roles import Capability


@login_required
def audit_log(request):
    """The clinic's audit entries, newest first, and the head of its chain, for its admins."""
    access.require(request, Capability.SEE_AUDIT)
    entries = AuditEntry.objects.filter(clinic_id=request.clinic.pk)
    form = AuditFilterForm(request.GET)
    entries = form.apply(entries) if form.is_valid() else entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    chain = chain_for(request.clinic.pk)
    head = ChainHead.objects.filter(chain=chain).first()
    return render(
        request, "audit/log.html", {"form": form, "page": page, "chain": chain, "head": head}
    )
