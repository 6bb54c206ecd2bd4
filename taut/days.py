"""Local dates as time ranges: the instants from the start of one local date to the start of
the day after another, as bounds an index on a datetime column can use (where `__date`
lookups cast every row)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def start_of(day: date) -> datetime:
    """The instant the local date `day` begins, in the current zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def local_range(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of `start` to the start of the day after `end`, in the current zone."""
    return start_of(start), start_of(end + timedelta(days=1))
