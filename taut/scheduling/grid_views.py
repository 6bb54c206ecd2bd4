"""The calendar page: a day or a week of clinicians side by side on a time grid."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.lookups import AnyOf
from taut.patients.models import Patient, full_name
from taut.scheduling import availability, grid, grid_html, picker
from taut.scheduling.calendar import Span
from taut.scheduling.forms import CalendarForm
from taut.scheduling.grid_html import Shown
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
    opening, own = availability.hours(request.clinic, shown)
    if shown:
        layout = lay_out(request, span, shown, opening, own, picked.here)
        log.record(
            request, Action.LIST,
            detail={"calendar": [c.pk for c in shown], "from": str(span.first),
                    "to": str(span.last)},
        )  # fmt: skip
    context = {
        "picked": picked, "clinician": picked.only, "view": view, "span": span,
        "keep": [("view", view), ("date", span.first.isoformat())],
        "grid": layout, "new_requests": new_request_count(request),
        "today": timezone.localdate(), "now": timezone.now(), "hours_set": bool(opening),
    }  # fmt: skip
    return render(request, "scheduling/calendar.html", context)


def lay_out(request, span: Span, shown, opening, own, here: str) -> grid.Grid:
    start, end = span.bounds()
    # One query for the shown clinicians' visits at every clinic: time a clinician is booked
    # at another clinic shows as busy, with nothing about whom (its row's details are dropped
    # here, unread). One query rather than two saved about 0.8 ms of a week's page (issue 18).
    access.require(request, Appointment.read_capability)
    rows = list(
        Appointment.objects.overlapping(start, end)
        .filter(clinician__in=[c.pk for c in shown])
        .values_list(*SHOWN_FIELDS)
    )
    here_id = request.clinic.pk
    # Patients by id, not joined: joined, PostgreSQL hashed the whole patient table for a week.
    names = {
        pk: full_name(given, family)
        for pk, given, family in Patient.objects.filter(
            AnyOf(F("pk"), {r[2] for r in rows if r[-1] == here_id})
        )
        .order_by()
        .values_list("pk", "given_name", "family_name")
    }
    placed = defaultdict(list)
    now, tz = timezone.now(), timezone.get_current_timezone()
    for pk, clinician, patient, starts_at, ends_at, status, version, type_name, clinic in rows:
        # in the local zone once, as the grid shows them (see taut.scheduling.grid.build)
        starts_at, ends_at = starts_at.astimezone(tz), ends_at.astimezone(tz)
        item = None
        if clinic == here_id:
            item = Shown(
                pk, clinician, starts_at, ends_at, status, version, names[patient], type_name
            )
        placed[clinician].append((Interval(starts_at, ends_at), item))
    layout = grid.build(
        days=span.dates(), clinicians=shown, clinic=opening,
        own={c: own[c.pk] for c in shown}, appointments={c: placed[c.pk] for c in shown},
        now=now, tz=tz,
    )  # fmt: skip
    grid_html.fill(layout, now, tz, here, timezone.localdate())
    return layout


# What a block shows (taut.scheduling.grid_html.Shown) and whose visit it is, in the order
# lay_out unpacks it.
SHOWN_FIELDS = (
    "pk", "clinician_id", "patient_id", "starts_at", "ends_at", "status", "version", "type__name",
    "clinic_id",
)  # fmt: skip
