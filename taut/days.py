"""Local dates and wall-clock times as instants: the bounds an index on a datetime column can
use (where `__date` lookups cast every row), and the start of a visit booked by the clock."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone


def instant(day: date, at: time) -> datetime:
    """The local wall time `at` on `day` in the current zone, as an instant in UTC: a length
    added to it then counts real minutes, where on the local clock it would not across a clock
    change. A time the clocks skip comes out as the wall time an hour later."""
    return timezone.make_aware(datetime.combine(day, at)).astimezone(UTC)


def start_of(day: date) -> datetime:
    """The instant the local date `day` begins."""
    return instant(day, time.min)


def after(day: date) -> datetime:
    """The instant the local date after `day` begins: the end of `day`, exclusive."""
    return start_of(day + timedelta(days=1))


def local_range(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of `start` to the start of the day after `end`."""
    return start_of(start), after(end)
