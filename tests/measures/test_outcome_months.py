"""How the outcomes dashboard's range is split into whole months (read from the monthly counts)
and the days at its edges (read from the stored outcomes)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from taut.measures.outcome_months import after, month_of, split

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


def spelled(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


@given(DAYS, st.integers(min_value=0, max_value=800))
def test_the_months_and_edges_are_the_range_each_day_once(start, length):
    end = start + timedelta(length)
    months, edges = split(start, end)
    covered = [day for first, last in edges for day in spelled(first, last)]
    if months is not None:
        first, stop = months
        assert first == month_of(first) and stop == month_of(stop) and first < stop
        covered += spelled(first, stop - timedelta(1))
    assert sorted(covered) == spelled(start, end)
    # An edge is less than a month, and only where a month is not whole.
    assert len(edges) <= 2
    if months is not None:
        assert all(month_of(first) == month_of(last) for first, last in edges)


def test_whole_months_have_no_edges():
    assert split(date(2026, 1, 1), date(2026, 12, 31)) == ((date(2026, 1, 1), date(2027, 1, 1)), [])
    assert split(date(2024, 2, 1), date(2024, 2, 29)) == ((date(2024, 2, 1), date(2024, 3, 1)), [])


def test_parts_of_months_are_edges():
    assert split(date(2025, 12, 4), date(2026, 12, 3)) == (
        (date(2026, 1, 1), date(2026, 12, 1)),
        [(date(2025, 12, 4), date(2025, 12, 31)), (date(2026, 12, 1), date(2026, 12, 3))],
    )
    assert split(date(2026, 3, 3), date(2026, 3, 20)) == (
        None,
        [(date(2026, 3, 3), date(2026, 3, 20))],
    )
    assert split(date(2026, 1, 20), date(2026, 2, 10)) == (
        None,
        [(date(2026, 1, 20), date(2026, 2, 10))],
    )
    assert split(date(2026, 2, 1), date(2026, 2, 27)) == (
        None,
        [(date(2026, 2, 1), date(2026, 2, 27))],
    )


def test_the_month_after():
    assert [after(date(2026, m, 1)) for m in (1, 2, 12)] == [
        date(2026, 2, 1), date(2026, 3, 1), date(2027, 1, 1)
    ]  # fmt: skip
