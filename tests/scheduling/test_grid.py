"""The time grid's layout (in UTC, and across a clock change): rows, the hours shown, where an
appointment sits."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from taut.scheduling.grid import DEFAULT_WINDOW, HEADER_ROWS, ROW_MINUTES, build, skipped, window
from taut.scheduling.grid_html import Shown
from taut.scheduling.slots import Interval

DAY = date(2026, 3, 2)  # a Monday
HOURS = {0: [(time(9), time(12)), (time(13), time(17, 30))]}


def utc(hour, minute=0, day=DAY):
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def lay_out(appointments=(), now=None, clinic=HOURS):
    return build(
        days=[DAY], clinicians=["ann"], clinic=clinic, own={"ann": None},
        appointments={"ann": list(appointments)}, now=now or utc(0), tz=UTC,
    )  # fmt: skip


class WindowTests(SimpleTestCase):
    def test_it_covers_the_opening_hours_in_whole_hours(self):
        self.assertEqual(window([DAY], HOURS, [], UTC), (time(9), time(18)))

    def test_an_appointment_outside_the_hours_widens_it(self):
        early = Interval(utc(7, 30), utc(8, 15))
        self.assertEqual(window([DAY], HOURS, [early], UTC), (time(7), time(18)))

    def test_an_appointment_past_midnight_runs_to_the_end_of_the_day(self):
        late = Interval(utc(23, 30), utc(0, 30, day=date(2026, 3, 3)))
        self.assertEqual(window([DAY], HOURS, [late], UTC), (time(9), time.max))

    def test_no_hours_and_no_appointments_show_the_default(self):
        self.assertEqual(window([DAY], {}, [], UTC), DEFAULT_WINDOW)


class LayoutTests(SimpleTestCase):
    def test_an_appointment_sits_on_its_rows(self):
        grid = lay_out([(Interval(utc(10, 10), utc(10, 55)), "visit")])
        block = grid.columns[0].blocks[0]
        # 09:00 is the first row under the headings; five minutes a row
        self.assertEqual((block.row, block.rows), (HEADER_ROWS + 1 + 14, 9))

    def test_cells_are_free_closed_busy_or_past(self):
        grid = lay_out([(Interval(utc(10), utc(10, 30)), "visit")], now=utc(9, 20))
        states = {f"{c.start:%H:%M}": c.state for c in grid.columns[0].cells}
        self.assertEqual(states["09:00"], "past")
        self.assertEqual(states["09:30"], "free")
        self.assertEqual(states["10:15"], "busy")
        self.assertEqual(states["12:30"], "closed")
        self.assertEqual(states["17:30"], "closed")

    def test_keyboard_order_follows_the_clock(self):
        grid = lay_out([(Interval(utc(10), utc(10, 30)), "visit")])
        rows = [e.row for e in grid.columns[0].entries()]
        self.assertEqual(rows, sorted(rows))


def spans(lowest=0, highest=24 * 60):
    """(start, end) minute pairs of the day, each ending after it starts."""
    pair = st.tuples(st.integers(lowest, highest - 1), st.integers(1, 6 * 60))
    return st.lists(pair.map(lambda p: (p[0], min(p[0] + p[1], highest))), max_size=4)


def clock(minute):
    return time.max if minute >= 24 * 60 else time(minute // 60, minute % 60)


class CellStateTests(SimpleTestCase):
    """Each quarter hour's state against its definition, for any hours and appointments."""

    @settings(max_examples=150, deadline=None)
    @given(open_=spans(), booked=spans(-120, 26 * 60), now=st.integers(-60, 25 * 60))
    def test_a_cell_is_busy_closed_past_or_free_as_defined(self, open_, booked, now):
        start_of_day = utc(0)
        hours = {0: [(clock(s), clock(e)) for s, e in open_]} if open_ else {}
        visits = [
            (Interval(start_of_day + timedelta(minutes=s), start_of_day + timedelta(minutes=e)), s)
            for s, e in booked
        ]
        now_at = start_of_day + timedelta(minutes=now)
        grid = lay_out(visits, now=now_at, clinic=hours)
        working = [(datetime.combine(DAY, s, UTC), datetime.combine(DAY, e, UTC))
                   for s, e in (hours.get(0) or [(grid.starts, grid.ends)])]  # fmt: skip
        for c in grid.columns[0].cells:
            end = c.start + timedelta(minutes=15)
            if any(i.start < end and i.end > c.start for i, _ in visits):
                expected = "busy"
            elif not any(s <= c.start and end <= e for s, e in working):
                expected = "closed"
            elif c.start < now_at:
                expected = "past"
            else:
                expected = "free"
            assert c.state == expected, (f"{c.start:%H:%M}", open_, booked, now)


class ClockChangeTests(SimpleTestCase):
    """The grid is a wall clock. On the night the clocks go back an hour repeats: a visit in
    it can end earlier on the clock than it starts, and still takes its time on the grid."""

    tz = ZoneInfo("America/New_York")
    day = date(2026, 11, 1)  # clocks go back from 02:00 EDT to 01:00 EST

    def lay_out(self, visit: Interval):
        return build(
            days=[self.day], clinicians=["ann"], clinic={6: [(time(0), time(6))]},
            own={"ann": None}, appointments={"ann": [(visit, "visit")]},
            now=datetime(2026, 10, 1, tzinfo=UTC), tz=self.tz,
        )  # fmt: skip

    def test_a_visit_across_the_repeated_hour_keeps_its_length(self):
        # 01:30 EDT to 01:30 EST: an hour, which the clock shows as no time at all
        visit = Interval(
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
        )
        grid = self.lay_out(visit)
        busy = [f"{c.start:%H:%M}" for c in grid.columns[0].cells if c.state == "busy"]
        self.assertEqual(busy, ["01:30", "01:45", "02:00", "02:15"])
        block = grid.columns[0].blocks[0]
        self.assertEqual(block.rows, 60 // ROW_MINUTES)

    def test_a_visit_on_an_ordinary_night_is_unchanged(self):
        visit = Interval(
            datetime(2026, 11, 1, 8, 0, tzinfo=UTC), datetime(2026, 11, 1, 8, 30, tzinfo=UTC)
        )
        grid = self.lay_out(visit)  # 03:00 to 03:30 EST
        busy = [f"{c.start:%H:%M}" for c in grid.columns[0].cells if c.state == "busy"]
        self.assertEqual(busy, ["03:00", "03:15"])
        self.assertEqual(grid.columns[0].blocks[0].rows, 30 // ROW_MINUTES)

    def test_a_shown_visit_across_the_repeated_hour_lasts_an_hour(self):
        starts = datetime(2026, 11, 1, 5, 30, tzinfo=UTC).astimezone(self.tz)
        ends = datetime(2026, 11, 1, 6, 30, tzinfo=UTC).astimezone(self.tz)
        shown = Shown(1, 1, starts, ends, "booked", 1, "Ada Lovelace", "Follow-up")
        self.assertEqual(shown.minutes, 60)  # what dragging it keeps

    def test_the_hour_the_clocks_skip_cannot_be_booked(self):
        day = date(2027, 3, 14)  # 02:00 EST becomes 03:00 EDT
        grid = build(
            days=[day], clinicians=["ann"], clinic={6: [(time(0), time(6))]},
            own={"ann": None}, appointments={"ann": []},
            now=datetime(2027, 1, 1, tzinfo=UTC), tz=self.tz,
        )  # fmt: skip
        states = {f"{c.start:%H:%M}": c.state for c in grid.columns[0].cells}
        self.assertEqual(
            [states[t] for t in ("01:45", "02:00", "02:15", "02:30", "02:45", "03:00")],
            ["free", "closed", "closed", "closed", "closed", "free"],
        )
        self.assertIsNone(skipped(self.day, self.tz))  # going back loses no time
