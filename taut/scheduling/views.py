"""Staff pages for appointments: booking, an appointment, moving, cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.clinics.versions import Stale
from taut.episodes.models import Episode
from taut.patients.models import Patient
from taut.scheduling import booking, requests, series, waitlist
from taut.scheduling.booking import BookingError, SeriesClash
from taut.scheduling.forms import (
    TIME_OF_DAY_START,
    BookForm,
    CancelForm,
    MoveForm,
)
from taut.scheduling.models import (
    Appointment,
    AppointmentRequest,
    AppointmentType,
    RequestStatus,
    Status,
    WaitlistEntry,
)

PATIENT_MATCHES = 10
OFFERS = 10  # waitlist entries offered a freed time, oldest first
# What a calendar's "Book" link chooses in advance; kept while the patient is searched for.
CARRIED = ("clinician", "date", "time", "type")


def appointments(request):
    return access.scoped(request, Appointment).select_related(
        "patient", "clinician", "type", "created_by", "cancelled_by"
    )


def new_request_count(request) -> int:
    return access.scoped(request, AppointmentRequest).filter(status=RequestStatus.NEW).count()


@login_required
def book(request):
    """Book a visit: find the patient, then choose type, clinician, day and time."""
    access.require(request, Capability.SCHEDULE)
    source = request.POST if request.method == "POST" else request.GET
    from_request = chosen_request(request, source.get("request"))
    patient = chosen_patient(request, source.get("patient"))
    query = source.get("q", "").strip()
    if from_request is not None and not query and patient is None:
        query = requests.search_text(from_request)
    pace = series.plan_pace(patient) if patient is not None else None
    form = BookForm(
        request.POST if request.method == "POST" else None,
        clinic=request.clinic,
        initial=booking_initial(request, patient, from_request, pace),
    )
    if pace is not None:
        form.fields["weeks"].help_text = (
            f"The accepted plan: {pace.visits} visits, {pace.per_week} a week, so "
            f"{pace.weeks} weeks. " + form.fields["weeks"].help_text
        )
    if request.method == "POST" and patient is not None and form.is_valid():
        booked = save_booking(request, form, patient, from_request)
        if booked:
            first = booked[0]
            more = f" and {len(booked) - 1} more weekly visits" if len(booked) > 1 else ""
            messages.success(request, f"Booked {patient.full_name} {booking.span(first)}{more}.")
            return redirect("schedule:detail", first.pk)
    context = {
        "form": form, "patient": patient, "from_request": from_request, "query": query,
        "matches": patient_matches(request, query) if patient is None else None,
        "carry": [(k, request.GET[k]) for k in CARRIED if request.GET.get(k)],
    }  # fmt: skip
    return render(request, "scheduling/book.html", context)


def chosen_request(request, pk: str | None) -> AppointmentRequest | None:
    if not pk:
        return None
    return access.get_for(request, AppointmentRequest, pk=pk, status=RequestStatus.NEW)


def chosen_patient(request, uuid: str | None) -> Patient | None:
    if not uuid:
        return None
    return access.get_for(request, Patient.objects.active(), uuid=uuid)


def patient_matches(request, query: str):
    if not query:
        return None
    log.record(request, Action.LIST, detail={"query": query, "for": "booking"})
    return access.scoped(request, Patient).active().search(query)[:PATIENT_MATCHES]


def booking_initial(request, patient, from_request, pace=None) -> dict:
    initial = {"clinician": request.user.pk, "date": timezone.localdate()}
    if pace is not None:
        initial["weeks"] = pace.weeks
    if patient is not None:
        initial["patient"] = patient.uuid
    for key in CARRIED:
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.GET.get("waitlist"):
        initial["waitlist"] = request.GET["waitlist"]
    if from_request is not None:
        kind_type = AppointmentType.objects.filter(
            clinic=request.clinic, is_active=True, kind=from_request.kind
        ).first()
        initial["request"] = from_request.pk
        initial["type"] = kind_type.pk if kind_type else None
        initial["date"] = max(from_request.preferred_date, timezone.localdate())
        if start := TIME_OF_DAY_START.get(from_request.preferred_time):
            initial["time"] = start
        initial["notes"] = f"Requested online. {from_request.message}".strip()[:300]
    return initial


def save_booking(request, form, patient, from_request) -> list[Appointment]:
    """Book the visit, or the weekly series, with its request and waitlist entry; all or none."""
    data = form.cleaned_data
    entry = chosen_waitlist_entry(request, data.get("waitlist"), patient)
    try:
        with transaction.atomic():
            visit = {
                "patient": patient, "clinician": data["clinician"], "type": data["type"],
                "by": request.user, "notes": data["notes"],
            }  # fmt: skip
            weeks = data["weeks"] or 1
            if weeks == 1:
                booked = [booking.book(request.clinic, starts_at=data["starts_at"], **visit)]
            else:
                starts = booking.weekly(data["starts_at"], weeks)
                booked = booking.book_series(request.clinic, starts=starts, **visit)
            if from_request is not None:
                requests.mark_booked(from_request, booked[0], by=request.user)
            if entry is not None:
                waitlist.close(entry, booked[0])
            for appointment in booked:
                log.record(request, Action.CREATE, appointment)
    except SeriesClash as refused:
        form.add_error(None, f"{len(refused.clashes)} of the weekly visits clash, so none was "
                             "booked. Choose another time, or fewer weeks:")  # fmt: skip
        for clash in refused.clashes:
            form.add_error(None, clash)
        return []
    except BookingError as refused:
        form.add_error(None, str(refused))
        return []
    return booked


def chosen_waitlist_entry(request, pk, patient):
    if not pk:
        return None
    return access.get_for(request, WaitlistEntry.objects.open(), pk=pk, patient=patient)


@login_required
def detail(request, pk):
    appointment = access.get_for(request, appointments(request), pk=pk)
    now = timezone.now()
    started = appointment.status == Status.BOOKED and appointment.starts_at <= now
    context = {
        "appointment": appointment, "can_change": can_change(appointment),
        "can_record_attendance": started, "can_start": can_start(request, appointment, now),
        "session": recorded_session(appointment), "offers": offers(appointment, now),
        "series": series_of(request, appointment),
    }  # fmt: skip
    return render(request, "scheduling/detail.html", context)


@login_required
@require_POST
def attendance(request, pk):
    appointment = access.get_for(request, appointments(request), pk=pk)
    try:
        marked = booking.record_attendance(appointment, request.POST.get("status", ""))
    except BookingError as refused:
        messages.error(request, str(refused))
    else:
        log.record(request, Action.CHANGE, marked, detail={"status": marked.status})
        messages.success(request, f"Marked: {marked.get_status_display().lower()}.")
    return redirect(safe_next(request) or reverse("schedule:detail", args=[appointment.pk]))


def offers(appointment: Appointment, now) -> list:
    """Waitlist entries to offer a cancelled appointment's time, while it is still free."""
    if appointment.status != Status.CANCELLED or appointment.starts_at <= now:
        return []
    taken = Appointment.objects.overlapping(appointment.starts_at, appointment.ends_at)
    if taken.filter(clinician=appointment.clinician_id).exists():
        return []
    return list(waitlist.matching(appointment)[:OFFERS])


def series_of(request, appointment: Appointment) -> list[Appointment]:
    if appointment.series is None:
        return []
    return list(appointments(request).filter(series=appointment.series).order_by("starts_at"))


def can_start(request, appointment: Appointment, now) -> bool:
    """Whether this user may start the visit now ("Start visit")."""
    return (
        Capability.WRITE_CLINICAL in request.capabilities
        and appointment.status in (Status.BOOKED, Status.ATTENDED)
        and appointment.starts_at - booking.START_EARLY <= now
        and recorded_session(appointment) is None
    )


def recorded_session(appointment: Appointment):
    """The treatment session recorded for this visit, if any."""
    try:
        return appointment.session
    except ObjectDoesNotExist:
        return None


def can_change(appointment: Appointment) -> bool:
    return appointment.status == Status.BOOKED and appointment.starts_at > timezone.now()


@login_required
def move(request, pk):
    appointment = access.get_for(request, appointments(request), pk=pk)
    local = timezone.localtime(appointment.starts_at)
    form = MoveForm(
        request.POST if request.method == "POST" else None,
        record=appointment,
        clinic=request.clinic,
        initial={
            "clinician": appointment.clinician_id, "date": local.date(), "time": local.time(),
            "minutes": appointment.minutes,
        },
    )  # fmt: skip
    back = safe_next(request)
    if request.method == "POST" and form.is_valid():
        was = appointment.starts_at
        try:
            with transaction.atomic():
                moved = booking.move(
                    appointment, starts_at=form.cleaned_data["starts_at"],
                    clinician=form.cleaned_data["clinician"],
                    minutes=form.cleaned_data["minutes"], by=request.user,
                    based_on=form.based_on,
                )  # fmt: skip
                log.record(
                    request, Action.CHANGE, moved,
                    detail={"moved_from": was.isoformat(), "moved_to": moved.starts_at.isoformat(),
                            "clinician": moved.clinician_id},
                )  # fmt: skip
        except BookingError as refused:
            form.add_error(None, str(refused))
        except Stale as stale:
            return moved_meanwhile(request, stale.current, form)
        else:
            messages.success(request, f"Moved to {booking.span(moved)}.")
            return redirect(back or reverse("schedule:detail", args=[appointment.pk]))
    context = {"appointment": appointment, "form": form, "next": back}
    return render(request, "scheduling/move.html", context)


def safe_next(request) -> str:
    """Where to return after a change made from another page (the calendar), if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    ours = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if ours and target.startswith("/") else ""


def moved_meanwhile(request, current, form):
    """The move page again: the appointment as it is now, the time asked for kept."""
    data = form.data.copy()
    data["version"] = current.version
    form = MoveForm(data, record=current, clinic=request.clinic)
    form.is_valid()
    form.add_error(
        None,
        "Not moved: someone else changed this appointment meanwhile (it is "
        f"now {booking.span(current)}). Check it, then move it again if needed.",
    )
    context = {"appointment": current, "form": form, "next": safe_next(request)}
    return render(request, "scheduling/move.html", context, status=409)


@login_required
def cancel(request, pk):
    appointment = access.get_for(request, appointments(request), pk=pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                booking.cancel(appointment, by=request.user, reason=form.cleaned_data["reason"])
                log.record(request, Action.CHANGE, appointment, detail={"cancelled": True})
        except BookingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The appointment was cancelled; the slot is free again.")
            return redirect("schedule:detail", appointment.pk)
    return render(request, "scheduling/cancel.html", {"appointment": appointment, "form": form})


@login_required
@require_POST
def start_visit(request, pk):
    """Mark the visit attended and open the session form for it, filled in from the plan."""
    access.require(request, Capability.WRITE_CLINICAL)
    appointment = access.get_for(request, appointments(request), pk=pk)
    episode = episode_of(appointment)
    if episode is None:
        messages.error(request, "Open an episode for this patient first, then start the visit.")
        return redirect("patients:detail", appointment.patient.uuid)
    try:
        with transaction.atomic():
            booking.start_visit(appointment)
            log.record(request, Action.CHANGE, appointment, detail={"status": Status.ATTENDED})
    except BookingError as refused:
        messages.error(request, str(refused))
        return redirect("schedule:detail", appointment.pk)
    form = reverse("treatment:create", args=[appointment.patient.uuid, episode.pk])
    return redirect(f"{form}?appointment={appointment.pk}")


def episode_of(appointment: Appointment) -> Episode | None:
    """The episode the visit belongs to: the one booked with it, else the patient's most
    recently opened episode that is still open."""
    if appointment.episode is not None and appointment.episode.is_open:
        return appointment.episode
    return (
        Episode.objects.filter(patient=appointment.patient, discharged_on__isnull=True)
        .order_by("-opened_on", "-pk")
        .first()
    )
