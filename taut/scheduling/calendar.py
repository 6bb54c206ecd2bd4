"""A clinician's calendar: which days a page shows and each day's appointments."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from taut.scheduling.models import Appointment, Status


@dataclass
class Day:
    date: date
    appointments: list[Appointment] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()

    @property
    def booked_minutes(self) -> int:
        live = [a for a in self.appointments if a.status != Status.CANCELLED]
        return sum(int((a.ends_at - a.starts_at).total_seconds() // 60) for a in live)


@dataclass(frozen=True)
class Span:
    """The days one calendar page shows: a Monday-to-Sunday week, or one day."""

    first: date
    days: int

    @classmethod
    def around(cls, day: date, view: str) -> "Span":
        if view == "day":
            return cls(day, 1)
        return cls(day - timedelta(days=day.weekday()), 7)

    @property
    def last(self) -> date:
        return self.first + timedelta(days=self.days - 1)

    @property
    def previous(self) -> date:
        return self.first - timedelta(days=self.days)

    @property
    def next(self) -> date:
        return self.first + timedelta(days=self.days)

    def bounds(self) -> tuple[datetime, datetime]:
        """The aware start of the first day and of the day after the last."""
        start = timezone.make_aware(datetime.combine(self.first, time.min))
        end = timezone.make_aware(datetime.combine(self.next, time.min))
        return start, end

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.days)]


def days_of(span: Span, appointments: Iterable[Appointment]) -> list[Day]:
    """The span's days, each with its appointments in order of start."""
    days = {d: Day(d) for d in span.dates()}
    for appointment in sorted(appointments, key=lambda a: a.starts_at):
        day = days.get(timezone.localtime(appointment.starts_at).date())
        if day is not None:
            day.appointments.append(appointment)
    return list(days.values())
