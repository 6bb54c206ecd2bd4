"""Free-slot search, in UTC so no daylight-saving change moves the answers."""

from datetime import UTC, date, datetime, time

from django.test import SimpleTestCase

from taut.scheduling.slots import (
    Interval,
    first_step_at_or_after,
    free_slots,
    intersect,
    subtract,
    working_spans,
)

MONDAY = date(2026, 3, 2)
WEEKDAYS_9_TO_5 = {d: [(time(9), time(17))] for d in range(5)}
WITH_LUNCH = {d: [(time(9), time(12)), (time(13), time(17))] for d in range(5)}


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def search(minutes=30, after=None, clinic=WEEKDAYS_9_TO_5, clinicians=None, busy=None, count=3):
    return free_slots(
        minutes=minutes, after=after or utc(MONDAY, 0), clinic=clinic,
        clinicians=clinicians or {"ann": None}, busy=busy or {}, tz=UTC, count=count,
    )  # fmt: skip


def starts(slots) -> list[tuple[str, str]]:
    return [(s.clinician, f"{s.start:%a %H:%M}") for s in slots]


class FreeSlotTests(SimpleTestCase):
    def test_it_offers_the_first_starts_of_the_day(self):
        self.assertEqual(
            starts(search()), [("ann", "Mon 09:00"), ("ann", "Mon 09:15"), ("ann", "Mon 09:30")]
        )

    def test_it_starts_no_earlier_than_now_rounded_up_to_the_quarter_hour(self):
        found = search(after=utc(MONDAY, 10, 1))
        self.assertEqual(starts(found)[0], ("ann", "Mon 10:15"))

    def test_a_visit_that_would_run_past_closing_moves_to_the_next_day(self):
        found = search(minutes=60, after=utc(MONDAY, 16, 5), count=1)
        self.assertEqual(starts(found), [("ann", "Tue 09:00")])

    def test_the_last_slot_of_the_day_ends_exactly_at_closing(self):
        found = search(minutes=60, after=utc(MONDAY, 15, 50), count=2)
        self.assertEqual(starts(found), [("ann", "Mon 16:00"), ("ann", "Tue 09:00")])

    def test_a_lunch_gap_is_never_offered(self):
        found = search(minutes=45, after=utc(MONDAY, 11), clinic=WITH_LUNCH, count=2)
        # 11:15 would end at 12:00 exactly; 11:30 would run into lunch
        self.assertEqual(starts(found), [("ann", "Mon 11:00"), ("ann", "Mon 11:15")])
        found = search(minutes=45, after=utc(MONDAY, 11, 20), clinic=WITH_LUNCH, count=1)
        self.assertEqual(starts(found), [("ann", "Mon 13:00")])

    def test_booked_time_is_skipped(self):
        busy = {"ann": [Interval(utc(MONDAY, 9), utc(MONDAY, 10, 10))]}
        self.assertEqual(starts(search(busy=busy))[0], ("ann", "Mon 10:15"))

    def test_a_weekend_the_clinic_is_closed_is_skipped(self):
        friday = date(2026, 3, 6)
        found = search(minutes=60, after=utc(friday, 16, 30), count=1)
        self.assertEqual(found[0].start, utc(date(2026, 3, 9), 9))

    def test_any_clinician_interleaves_by_time_in_the_order_given(self):
        clinicians = {"ann": {0: [(time(10), time(12))]}, "ben": None}
        found = search(clinicians=clinicians, count=5)
        self.assertEqual(
            starts(found),
            [("ben", "Mon 09:00"), ("ben", "Mon 09:15"), ("ben", "Mon 09:30"),
             ("ben", "Mon 09:45"), ("ann", "Mon 10:00")],
        )  # fmt: skip

    def test_a_clinicians_hours_outside_opening_hours_do_not_count(self):
        clinicians = {"ann": {0: [(time(7), time(9, 30))]}}
        found = search(clinicians=clinicians, count=3)
        self.assertEqual(starts(found), [("ann", "Mon 09:00")] + starts(found)[1:])
        self.assertEqual(found[1].start.date(), date(2026, 3, 9))  # she works only Mondays

    def test_a_clinic_with_no_hours_has_no_free_slots(self):
        self.assertEqual(search(clinic={}), [])


class IntervalTests(SimpleTestCase):
    def test_intersect_keeps_only_the_overlap(self):
        self.assertEqual(
            intersect([(time(8), time(12)), (time(13), time(18))], [(time(11), time(14))]),
            [(time(11), time(12)), (time(13), time(14))],
        )

    def test_subtract_cuts_holes_and_trims_ends(self):
        day = [Interval(utc(MONDAY, 9), utc(MONDAY, 17))]
        busy = [
            Interval(utc(MONDAY, 8), utc(MONDAY, 9, 30)),
            Interval(utc(MONDAY, 12), utc(MONDAY, 13)),
            Interval(utc(MONDAY, 16), utc(MONDAY, 18)),
        ]
        self.assertEqual(
            subtract(day, busy),
            [Interval(utc(MONDAY, 9, 30), utc(MONDAY, 12)),
             Interval(utc(MONDAY, 13), utc(MONDAY, 16))],
        )  # fmt: skip

    def test_working_spans_default_to_the_clinics(self):
        self.assertEqual(working_spans(MONDAY, WITH_LUNCH, None), WITH_LUNCH[0])
        self.assertEqual(working_spans(date(2026, 3, 8), WITH_LUNCH, None), [])

    def test_rounding_up_to_the_step(self):
        self.assertEqual(first_step_at_or_after(utc(MONDAY, 9)), utc(MONDAY, 9))
        self.assertEqual(
            first_step_at_or_after(utc(MONDAY, 9, 0).replace(second=1)), utc(MONDAY, 9, 15)
        )
        self.assertEqual(first_step_at_or_after(utc(MONDAY, 23, 50)), utc(date(2026, 3, 3), 0))
