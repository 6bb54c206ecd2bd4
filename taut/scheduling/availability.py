"""The clinic's hours, its clinicians' hours and their booked time, read for `slots` and `grid`."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from taut.accounts.models import User
from taut.clinics.models import Clinic
from taut.scheduling import slots
from taut.scheduling.models import Appointment, AppointmentType, Weekday, WorkingHours
from taut.scheduling.slots import FreeSlot, Hours, Interval


def clinic_hours(clinic: Clinic) -> Hours:
    """The clinic's opening hours by weekday."""
    return hours(clinic, [])[0]


def hours(clinic: Clinic, clinicians) -> tuple[Hours, dict[int, Hours | None]]:
    """The clinic's opening hours by weekday, and each of `clinicians`' own hours at this
    clinic (None where they have set none), in one query of plain rows."""
    rows = (
        WorkingHours.objects.filter(
            Q(clinician__isnull=True) | Q(clinician__in=[c.pk for c in clinicians]), clinic=clinic
        )
        .order_by()  # the model's order joins the users, to sort by them; nothing needs it here
        .values_list("clinician_id", "weekday", "starts", "ends")
    )
    by_clinician = defaultdict(list)
    for clinician, *span in rows:
        by_clinician[clinician].append(span)
    own = {c.pk: weekly(by_clinician[c.pk]) if by_clinician[c.pk] else None for c in clinicians}
    return weekly(by_clinician[None]), own


def outside_hours(clinic: Clinic, clinician: User, starts_at: datetime, ends_at: datetime) -> str:
    """Why a visit falls outside `clinician`'s working time (their hours within the clinic's
    opening hours, as on the calendar), or "" when it does not. A clinic that has entered no
    opening hours has nothing to compare with, as on the calendar (shown open all day)."""
    opening, own = hours(clinic, [clinician])
    if not opening:
        return ""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if slots.within(start, end, opening, own[clinician.pk]):
        return ""
    day = start.date()
    spans = slots.working_spans(day, opening, own[clinician.pk])
    name, weekday = clinician.display_name, f"{Weekday(day.weekday()).label}s"
    if not spans:
        return f"{name} does not work on {weekday}."
    times = " and ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in spans)
    return f"This visit is outside {name}'s working hours: on {weekday}, {times}."


def weekly(rows) -> Hours:
    """(weekday, starts, ends) rows as spans by weekday, each day's in order."""
    week = defaultdict(list)
    for weekday, starts, ends in rows:
        week[weekday].append((starts, ends))
    return {day: sorted(spans) for day, spans in week.items()}


def busy(clinicians, start: datetime, end: datetime) -> dict[int, list[Interval]]:
    """Each clinician's booked time between `start` and `end`, at any clinic: a clinician who
    works at two clinics cannot be in both. Only times are read, never who the patient is."""
    found = defaultdict(list)
    live = Appointment.objects.overlapping(start, end).filter(clinician__in=clinicians)
    for clinician, starts_at, ends_at in live.values_list("clinician", "starts_at", "ends_at"):
        found[clinician].append(Interval(starts_at, ends_at))
    return found


def find_free(
    clinic: Clinic,
    *,
    type: AppointmentType,
    clinicians: list[User],
    after: datetime,
    count: int,
) -> list[FreeSlot]:
    """The next `count` free slots for a visit of `type` with any of `clinicians`, in order.

    Each slot's `clinician` is the User, so the page can name them."""
    if not clinicians:
        return []
    horizon = after + timedelta(days=slots.HORIZON_DAYS + 1)
    by_pk = {c.pk: c for c in clinicians}
    opening, own = hours(clinic, clinicians)
    found = slots.free_slots(
        minutes=type.minutes, after=after, clinic=opening, clinicians=own,
        busy=busy(clinicians, after, horizon), tz=timezone.get_current_timezone(), count=count,
    )  # fmt: skip
    return [FreeSlot(by_pk[s.clinician], s.start, s.end) for s in found]
