"""The calendar page: a day or a week of clinicians side by side on a time grid."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.patients.models import Patient
from taut.scheduling import availability, grid, grid_html, picker
from taut.scheduling.calendar import Span
from taut.scheduling.forms import CalendarForm
from taut.scheduling.models import Appointment
from taut.scheduling.slots import Interval
from taut.scheduling.views import new_request_count


@login_required
def calendar(request):
    """A page of clinicians' days (or weeks) with free, booked and closed time."""
    access.require(request, Capability.SCHEDULE)
    form = CalendarForm(request.GET)
    form.is_valid()  # anything not understood falls back to the defaults below
    chosen = form.cleaned_data
    view = chosen.get("view") or "day"
    picked = picker.pick(request.clinic, request.user, request.GET, picker.PER_PAGE[view])
    shown = picked.shown
    span = Span.around(chosen.get("date") or timezone.localdate(), view)
    layout = None
    hours = availability.clinic_hours(request.clinic)
    if shown:
        layout = lay_out(request, span, shown, hours)
        log.record(
            request, Action.LIST,
            detail={"calendar": [c.pk for c in shown], "from": str(span.first),
                    "to": str(span.last)},
        )  # fmt: skip
    context = {
        "picked": picked, "clinician": picked.only, "view": view, "span": span,
        "keep": [("view", view), ("date", span.first.isoformat())],
        "grid": layout, "new_requests": new_request_count(request),
        "today": timezone.localdate(), "now": timezone.now(), "hours_set": bool(hours),
    }  # fmt: skip
    return render(request, "scheduling/calendar.html", context)


def lay_out(request, span: Span, shown, hours) -> grid.Grid:
    start, end = span.bounds()
    mine = (
        access.scoped(request, Appointment)
        .live()
        .filter(clinician__in=shown, starts_at__lt=end, ends_at__gt=start)
    )
    placed = defaultdict(list)
    # Patients by id, not joined: joined, PostgreSQL hashed the whole patient table for a week.
    # Only the columns a block shows (taut.scheduling.grid_html.block): building a few hundred
    # whole appointments and patients was a large part of the page (issue 18).
    names = Patient.objects.only("given_name", "family_name")
    shown_fields = ["starts_at", "ends_at", "status", "clinician", "patient", "version"]
    for a in (
        mine.select_related("type")
        .only(*shown_fields, "type__name")
        .prefetch_related(Prefetch("patient", names))
    ):
        placed[a.clinician_id].append((Interval(a.starts_at, a.ends_at), a))
    # Time a clinician is booked at another clinic shows as busy, with nothing about whom.
    elsewhere = (
        Appointment.objects.live()
        .filter(clinician__in=shown, starts_at__lt=end, ends_at__gt=start)
        .exclude(clinic=request.clinic)
    )
    for clinician, starts_at, ends_at in elsewhere.values_list("clinician", "starts_at", "ends_at"):
        placed[clinician].append((Interval(starts_at, ends_at), None))
    own = availability.own_hours(request.clinic, shown)
    now = timezone.now()
    layout = grid.build(
        days=span.dates(), clinicians=shown, clinic=hours,
        own={c: own[c.pk] for c in shown}, appointments={c: placed[c.pk] for c in shown},
        now=now, tz=timezone.get_current_timezone(),
    )  # fmt: skip
    grid_html.fill(layout, now)
    return layout
