from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from taut.audit.chain import chain_for
from taut.audit.forms import AuditFilterForm
from taut.audit.models import AuditEntry, ChainHead
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.paging import page_or_first

PAGE_SIZE = 50


@login_required
def audit_log(request):
    """The clinic's audit entries, newest first, and the head of its chain, for its admins.
    Paged by keyset on the id, not by OFFSET and a count: every request adds an entry, so a
    busy clinic's log holds millions, and a page must cost the same at any depth (issue 18)."""
    access.require(request, Capability.SEE_AUDIT)
    entries = AuditEntry.objects.filter(clinic_id=request.clinic.pk).order_by("-id")
    form = AuditFilterForm(request.GET)
    entries = form.apply(entries) if form.is_valid() else entries.none()
    page, bad_cursor = page_or_first(entries, request.GET.get("cursor"), PAGE_SIZE)
    chain = chain_for(request.clinic.pk)
    head = ChainHead.objects.filter(chain=chain).first()
    context = {"form": form, "page": page, "chain": chain, "head": head, "bad_cursor": bad_cursor}
    return render(request, "audit/log.html", context, status=400 if bad_cursor else 200)
