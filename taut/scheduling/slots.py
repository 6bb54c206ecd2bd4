"""Free time in clinicians' weeks: plain Python, no Django, so the rules are tested directly.

A week of hours is a mapping from weekday (Monday 0) to the spans of that day, in local wall
time. A clinician works where their own hours and the clinic's opening hours overlap; a
clinician with no hours of their own works whenever the clinic is open. Free time is working
time minus the clinician's appointments.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

Spans = Sequence[tuple[time, time]]
Hours = Mapping[int, Spans]

# Engineering choices, not sourced: a free slot starts on a quarter hour (the grid's row), and
# the search looks at most twelve weeks ahead before it says there is nothing free.
STEP_MINUTES = 15
HORIZON_DAYS = 84


@dataclass(frozen=True, order=True)
class Interval:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class FreeSlot:
    clinician: Hashable
    start: datetime
    end: datetime


def intersect(a: Spans, b: Spans) -> list[tuple[time, time]]:
    """The times of day inside a span of `a` and a span of `b`."""
    out = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return sorted(out)


def working_spans(day: date, clinic: Hours, own: Hours | None) -> list[tuple[time, time]]:
    """When a clinician works on `day`: their hours within the clinic's opening hours."""
    opening = sorted(clinic.get(day.weekday(), ()))
    if own is None:
        return opening
    return intersect(opening, own.get(day.weekday(), ()))


def within(start: datetime, end: datetime, clinic: Hours, own: Hours | None) -> bool:
    """Whether a visit from `start` to `end` (local, aware) lies inside one span of the
    clinician's working time that day. A visit that runs past midnight never does."""
    if end.date() != start.date():
        return False
    return any(
        s <= start.time() and end.time() <= e for s, e in working_spans(start.date(), clinic, own)
    )


def on_day(day: date, spans: Spans, tz: tzinfo) -> list[Interval]:
    return [
        Interval(datetime.combine(day, s, tzinfo=tz), datetime.combine(day, e, tzinfo=tz))
        for s, e in spans
    ]


def subtract(free: Iterable[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """`free` with every `busy` interval cut out of it."""
    busy = sorted(busy)
    out = []
    for interval in sorted(free):
        start = interval.start
        for b in busy:
            if b.end <= start or b.start >= interval.end:
                continue
            if b.start > start:
                out.append(Interval(start, b.start))
            start = max(start, b.end)
        if start < interval.end:
            out.append(Interval(start, interval.end))
    return out


def first_step_at_or_after(moment: datetime, step: int = STEP_MINUTES) -> datetime:
    """`moment` rounded up to the next whole `step` minutes of its hour."""
    rounded = moment.replace(second=0, microsecond=0)
    if rounded < moment:
        rounded += timedelta(minutes=1)
    extra = rounded.minute % step
    return rounded + timedelta(minutes=step - extra) if extra else rounded


def starts_in(interval: Interval, length: timedelta, after: datetime) -> Iterable[datetime]:
    """Every step-aligned start inside `interval` where a visit of `length` fits."""
    start = first_step_at_or_after(max(interval.start, after))
    while start + length <= interval.end:
        yield start
        start += timedelta(minutes=STEP_MINUTES)


def free_slots(
    *,
    minutes: int,
    after: datetime,
    clinic: Hours,
    clinicians: Mapping[Hashable, Hours | None],
    busy: Mapping[Hashable, Iterable[Interval]],
    tz: tzinfo,
    count: int = 10,
    horizon_days: int = HORIZON_DAYS,
) -> list[FreeSlot]:
    """The first `count` starts after `after` where a visit of `minutes` fits, earliest first.

    `clinicians` maps each clinician who may be chosen to their own hours (None: the clinic's);
    their order breaks ties at the same start. `busy` holds each one's booked intervals.
    """
    length = timedelta(minutes=minutes)
    busy_of = {c: sorted(busy.get(c, ())) for c in clinicians}
    found: list[FreeSlot] = []
    first_day = after.astimezone(tz).date()
    for offset in range(horizon_days):
        day = first_day + timedelta(days=offset)
        today: list[FreeSlot] = []
        for clinician, own in clinicians.items():
            working = on_day(day, working_spans(day, clinic, own), tz)
            for interval in subtract(working, busy_of[clinician]):
                today.extend(
                    FreeSlot(clinician, start, start + length)
                    for start in starts_in(interval, length, after)
                )
        order = {c: rank for rank, c in enumerate(clinicians)}
        today.sort(key=lambda s: (s.start, order[s.clinician]))
        found.extend(today)
        if len(found) >= count:
            break
    return found[:count]
