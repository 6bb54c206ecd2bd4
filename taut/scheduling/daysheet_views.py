"""The day sheet, the front desk's home: today's arrivals, who is checked in, no-shows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.scheduling import booking, daysheet, daysheet_html, picker
from taut.scheduling.booking import BookingError
from taut.scheduling.calendar import Span
from taut.scheduling.forms import CalendarForm
from taut.scheduling.models import Appointment
from taut.scheduling.views import appointments, new_request_count, safe_next


@login_required
def day_sheet(request):
    access.require(request, Capability.SCHEDULE)
    form = CalendarForm(request.GET)
    form.is_valid()
    day = form.cleaned_data.get("date") or timezone.localdate()
    picked = picker.pick(request.clinic, request.user, request.GET)
    start, end = Span(day, 1).bounds()
    shown = [c.pk for c in picked.shown]
    found = access.scoped(request, Appointment).filter(
        clinician__in=shown, starts_at__gte=start, starts_at__lt=end
    )
    sheet = daysheet.sort(daysheet.visits(found, picked.shown))
    if Capability.SEE_BILLING in request.capabilities:
        sheet.unpaid = daysheet.unpaid(sheet.seen, request.clinic)
    now = timezone.now()
    log.record(request, Action.LIST, detail={"day_sheet": str(day), "clinicians": shown})
    is_today = day == timezone.localdate()
    rows = daysheet_html.sections(sheet, daysheet_html.Page(
        is_today=is_today, now=now, startable_until=now + booking.START_EARLY,
        write_clinical=Capability.WRITE_CLINICAL in request.capabilities,
        next=request.get_full_path(), csrf_token=get_token(request), unpaid=sheet.unpaid,
    ))  # fmt: skip
    context = {
        "sheet": sheet, "row_html": rows, "day": day, "is_today": is_today, "picked": picked,
        "keep": [("date", day.isoformat())], "new_requests": new_request_count(request),
    }  # fmt: skip
    return render(request, "scheduling/day_sheet.html", context)


@login_required
@require_POST
def check_in(request, pk):
    appointment = access.get_for(request, appointments(request), pk=pk)
    try:
        with transaction.atomic():
            booking.check_in(appointment)
            log.record(request, Action.CHANGE, appointment, detail={"checked_in": True})
    except BookingError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{appointment.patient.full_name} is checked in.")
    return redirect(safe_next(request) or reverse("schedule:day_sheet"))
