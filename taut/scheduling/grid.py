"""The calendar's time grid: one column per clinician per day, one row per five minutes.

Plain Python: the page positions everything with CSS grid classes (`gr-*` row, `gs-*` row
span, `gc-*` column) rather than inline styles, so a strict Content-Security-Policy holds.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from taut.scheduling.slots import Hours, Interval, working_spans

ROW_MINUTES = 5  # the booking form's time step: any start lands on a row
CELL_MINUTES = 15  # an empty slot one click books
HEADER_ROWS = 2  # the day, then the clinician
# Engineering choice: a clinic that has not entered its opening hours sees 08:00 to 18:00.
DEFAULT_WINDOW = (time(8), time(18))


@dataclass
class Cell:
    start: datetime
    row: int
    rows: int
    state: str  # "free" (bookable), "busy", "closed" or "past"

    @property
    def on_the_hour(self) -> bool:
        return self.start.minute == 0


@dataclass
class Block:
    item: object  # an Appointment of this clinic, or an Interval busy at another clinic
    row: int
    rows: int


@dataclass
class Column:
    clinician: Hashable
    day: date
    index: int  # the CSS grid column, from 2 (column 1 holds the times)
    cells: list[Cell] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def entries(self) -> list[Cell | Block]:
        """Cells and appointments in order of time: the order keyboard focus moves in."""
        return sorted(self.cells + self.blocks, key=lambda e: (e.row, isinstance(e, Cell)))

    starts_day: bool = False  # the first column of its day, which carries the day's heading


@dataclass
class Grid:
    days: list[date]
    starts: time
    ends: time
    columns: list[Column]
    hours: list[tuple[str, int]]  # (label, row) for the time axis
    per_day: int  # columns per day
    rows: int  # rows below the headings
    html: str = ""  # the axis and the columns as HTML, set by taut.scheduling.grid_html


def window(
    days: Sequence[date], clinic: Hours, appointments: Iterable[Interval], tz: tzinfo
) -> tuple[time, time]:
    """Whole hours covering the opening hours of `days` and every appointment shown."""
    spans = [s for d in days for s in clinic.get(d.weekday(), ())]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    for a in appointments:
        local_start, local_end = a.start.astimezone(tz), a.end.astimezone(tz)
        starts.append(local_start.time())
        ends.append(time.max if local_end.date() > local_start.date() else local_end.time())
    if not starts:
        return DEFAULT_WINDOW
    first = time(min(starts).hour)
    last = max(ends)
    if last >= time(23, 0, 1) or last == time.max:
        return first, time.max
    return first, time(last.hour + (1 if (last.minute or last.second) else 0))


def minutes_of(t: time) -> int:
    return 24 * 60 if t == time.max else t.hour * 60 + t.minute


def row_at(seconds: float, first: int) -> int:
    """The grid row of a time of day's clock, in seconds; `first` is the grid's first minute."""
    return HEADER_ROWS + 1 + (int(seconds // 60) - first) // ROW_MINUTES


def build(
    *,
    days: Sequence[date],
    clinicians: Sequence[Hashable],
    clinic: Hours,
    own: Mapping[Hashable, Hours | None],
    appointments: Mapping[Hashable, Sequence[tuple[Interval, object]]],
    now: datetime,
    tz: tzinfo,
) -> Grid:
    """Lay out `days` × `clinicians`; `appointments` maps a clinician to (interval, item).

    A clinic with no opening hours entered is shown open all day: shading everything closed
    would stop the front desk booking by click until someone entered the hours."""
    # Each time in the local zone once: every later conversion and comparison is then
    # between datetimes of one zone, which needs no offset worked out (issue 18).
    appointments = {
        c: [(Interval(i.start.astimezone(tz), i.end.astimezone(tz)), item) for i, item in pairs]
        for c, pairs in appointments.items()
    }
    shown = [i for pairs in appointments.values() for i, _ in pairs]
    starts, ends = window(days, clinic, shown, tz)
    first, last = minutes_of(starts), minutes_of(ends)
    columns = []
    for day in days:
        day_start = datetime.combine(day, time.min, tzinfo=tz)
        day_end = day_start + timedelta(days=1)
        gap = skipped(day, tz)
        for clinician in clinicians:
            column = Column(clinician, day, len(columns) + 2)
            column.starts_day = clinician == clinicians[0]
            # hours not entered yet: nothing is shaded closed, as before the grid
            working = working_spans(day, clinic, own.get(clinician)) if clinic else [(starts, ends)]
            booked = [
                (clock_span(i, day, tz), item)
                for i, item in appointments.get(clinician, ())
                if i.start < day_end and i.end > day_start
            ]
            column.cells = cells(
                day, first, last,
                working=outside([(seconds_of(s), seconds_of(e)) for s, e in working], gap),
                busy=[span for span, _ in booked], past_until=on_clock(now, day, tz), tz=tz,
            )  # fmt: skip
            for (start, end), item in booked:
                row = max(row_at(start, first), HEADER_ROWS + 1)
                column.blocks.append(Block(item, row, max(row_at(end, first) - row, 1)))
            columns.append(column)
    hours = [
        (f"{m // 60:02d}:00", HEADER_ROWS + 1 + (m - first) // ROW_MINUTES)
        for m in range(first, last, 60)
    ]
    rows = (last - first) // ROW_MINUTES
    return Grid(list(days), starts, ends, columns, hours, len(clinicians), rows)


def cells(day, first, last, *, working, busy, past_until, tz) -> list[Cell]:
    """A column's quarter hours from minute `first` to `last` of `day`. `working` and `busy`
    are (start, end) and `past_until` a moment, all in seconds of the day's local clock; each
    marks the cells it covers at once, rather than every cell looking through them all (a
    page has about a thousand cells, issue 18)."""
    step, origin = CELL_MINUTES * 60, first * 60
    count = (last - first) // CELL_MINUTES

    def cell_at(moment: float, up: bool) -> int:
        """The cell starting at or after (`up`) or at or before `moment`, within the column."""
        n = (moment - origin) / step
        return min(max(math.ceil(n) if up else math.floor(n), 0), count)

    state = ["closed"] * count
    for w_start, w_end in working:  # open where a whole cell is inside working time
        for n in range(cell_at(w_start, True), cell_at(w_end, False)):
            state[n] = "free"
    for n in range(cell_at(past_until, True)):  # a cell that started before now
        if state[n] == "free":
            state[n] = "past"
    for b_start, b_end in busy:  # any overlap with an appointment
        for n in range(cell_at(b_start, False), cell_at(b_end, True)):
            state[n] = "busy"
    rows = CELL_MINUTES // ROW_MINUTES
    return [
        Cell(
            datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz),
            HEADER_ROWS + 1 + n * rows,
            rows,
            state[n],
        )
        for n, minute in enumerate(range(first, last, CELL_MINUTES))
    ]


def seconds_of(t: time) -> float:
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1_000_000


def skipped(day: date, tz: tzinfo) -> tuple[float, float] | None:
    """The times of `day`'s clock that do not happen because the clocks go forward (02:00 to
    03:00, say), in seconds, or None on any other day."""
    midnight = datetime.combine(day, time.min, tzinfo=tz)
    after = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    lost = after.utcoffset() - midnight.utcoffset()
    if lost <= timedelta(0):
        return None
    for minute in range(0, 24 * 60, ROW_MINUTES):
        local = midnight + timedelta(minutes=minute)  # wall-clock arithmetic in one zone
        if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
            return minute * 60, minute * 60 + lost.total_seconds()
    return None


def outside(spans: list[tuple[float, float]], gap) -> list[tuple[float, float]]:
    """`spans` (start, end) without the part `gap` covers."""
    if gap is None:
        return spans
    kept = []
    for start, end in spans:
        kept += [(s, e) for s, e in ((start, min(end, gap[0])), (max(start, gap[1]), end)) if s < e]
    return kept


def clock_span(interval: Interval, day: date, tz: tzinfo) -> tuple[float, float]:
    """Where `interval` falls on `day`'s local clock, in seconds (see `on_clock`). On the night
    the clocks go back an hour repeats, and a visit in it can end earlier on the clock than it
    starts (01:30 summer time to 01:30 winter time): one that starts on the day then covers its
    real length from its start, which holds the cells after it busy rather than leaving its
    time bookable; a wall-clock grid cannot show the repeated hour twice."""
    start, end = on_clock(interval.start, day, tz), on_clock(interval.end, day, tz)
    if interval.start.astimezone(tz).date() == day:
        # timestamps: two times of one zone subtract as wall clocks, without the hour between
        end = max(end, start + interval.end.timestamp() - interval.start.timestamp())
    return start, end


def on_clock(moment: datetime, day: date, tz: tzinfo) -> float:
    """Where `moment` falls on `day`'s local clock, in seconds: 0 before the day, a whole day's
    seconds after it."""
    local = moment.astimezone(tz)
    if local.date() < day:
        return 0
    if local.date() > day:
        return 24 * 3600
    return seconds_of(local.time())
