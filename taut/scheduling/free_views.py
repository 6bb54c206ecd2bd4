"""Free-slot search: the next free times for a type of visit, with one clinician or any."""

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.scheduling import availability
from taut.scheduling.forms import FreeSlotForm, clinicians_of
from taut.scheduling.views import new_request_count

DEFAULT_COUNT = 10


@login_required
def free(request):
    access.require(request, Capability.SCHEDULE)
    form = FreeSlotForm(request.GET or None, clinic=request.clinic)
    found = None
    if form.is_valid():
        found = search(request, form.cleaned_data, timezone.now())
        log.record(request, Action.LIST, detail={"free_slots": form.cleaned_data["type"].pk})
    context = {
        "form": form, "found": found, "new_requests": new_request_count(request),
        "has_hours": bool(availability.clinic_hours(request.clinic)),
    }  # fmt: skip
    return render(request, "scheduling/free.html", context)


def search(request, data: dict, now: datetime):
    after = now
    if data["date"]:
        after = max(now, timezone.make_aware(datetime.combine(data["date"], time.min)))
    clinicians = [data["clinician"]] if data["clinician"] else list(clinicians_of(request.clinic))
    return availability.find_free(
        request.clinic, type=data["type"], clinicians=clinicians, after=after,
        count=data["count"] or DEFAULT_COUNT,
    )  # fmt: skip
