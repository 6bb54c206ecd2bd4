"""Which days a calendar page shows: a Monday-to-Sunday week, or one day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


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
