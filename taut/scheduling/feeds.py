"""A clinician's appointments as an iCalendar (RFC 5545) feed, built with the icalendar package.

Calendar apps fetch the feed without logging in, so it carries as little as it can: the visit
type and time, and the patient's name only where the clinic has allowed it.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from taut.scheduling.models import Appointment, Status

# Engineering choice: a month back (to look up a recent visit) and half a year ahead; the
# feed's size then stays bounded however long the clinic has used Taut.
PAST = timedelta(days=31)
AHEAD = timedelta(days=183)

STATUS = {
    Status.BOOKED: "CONFIRMED", Status.ATTENDED: "CONFIRMED", Status.NO_SHOW: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
}  # fmt: skip


def window(now: datetime) -> tuple[datetime, datetime]:
    return now - PAST, now + AHEAD


def summary(appointment: Appointment, show_names: bool) -> str:
    text = appointment.type.name
    if show_names:
        text = f"{appointment.patient.full_name} · {text}"
    if appointment.status == Status.CANCELLED:
        text = f"Cancelled: {text}"
    return text


def calendar(
    *, title: str, appointments: Iterable[Appointment], show_names: bool, now: datetime, host: str
) -> bytes:
    """The feed: one event per appointment, times in UTC, stable UIDs so edits update."""
    cal = Calendar()
    cal.add("prodid", "-//Taut//Clinic calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    for appointment in appointments:
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@{host}")
        event.add("dtstamp", now)
        event.add("last-modified", appointment.updated_at)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        event.add("summary", summary(appointment, show_names))
        event.add("status", STATUS[appointment.status])
        cal.add_component(event)
    return cal.to_ical()
