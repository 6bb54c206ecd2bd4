"""The front desk's visits of a day still to bill or be paid, a page at a time, by key: each
page reads the day's keys (id, still to bill or not) for its count and place, then only the
rows it shows, whatever the size of the clinic (issue 18).

The URL carries the page, so it can be bookmarked: `day`, `clinician` (one, or none for
everyone), and `after` or `before` the id of a visit, for the page after or before it.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import F, FilteredRelation, Q

from taut.invoices.models import Status
from taut.invoices.reports import VISIT_FIELDS, UnpaidVisit, as_visits, billed, sessions_of_day
from taut.lookups import AnyOf

# Engineering choice: fifty visits fill about two screens of a desktop and are a morning at a
# busy clinic; the front desk narrows by clinician or pages on. Reading and drawing fifty
# rows costs a few milliseconds, against about 45 for a busy day's 440.
PER_PAGE = 50


@dataclass(frozen=True)
class Daybook:
    day: date
    clinician: object  # the one clinician asked for, else None for everyone
    visits: list[UnpaidVisit]  # this page's
    total: int  # every visit of the day (of the clinician) still to bill or be paid
    first: int  # the position (from 1) of the first visit shown
    more: bool  # visits after this page

    @property
    def last(self) -> int:
        return self.first + len(self.visits) - 1

    def query(self, **key) -> str:
        params = {"day": self.day.isoformat()}
        if self.clinician is not None:
            params["clinician"] = self.clinician.pk
        return urlencode({**params, **key})

    @property
    def previous(self) -> str | None:
        return self.query(before=self.visits[0].session_id) if self.first > 1 else None

    @property
    def next(self) -> str | None:
        return self.query(after=self.visits[-1].session_id) if self.more else None


def as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def page_of(keys: list[tuple[int, bool]], params, per_page: int) -> tuple[list[int], int]:
    """The ids of the page `params` asks for among the day's `keys` (id, still to bill), in
    order, and how many to bill come before it. A visit not among the keys (a bad id, another
    clinic's or day's) gives the first page; so does a page before a visit with fewer than a
    page before it, or after the last. A visit paid meanwhile still marks its place."""
    ids = [pk for pk, to_bill in keys if to_bill]
    where = {pk: n for n, (pk, _) in enumerate(keys)}
    start = 0
    after, before = as_id(params.get("after")), as_id(params.get("before"))
    if after in where:
        start = sum(1 for _, to_bill in keys[: where[after] + 1] if to_bill)
    elif before in where:
        start = sum(1 for _, to_bill in keys[: where[before]] if to_bill) - per_page
    if start < 0 or start >= len(ids):
        start = 0
    return ids[start : start + per_page], start


def open_day(clinic, day: date, clinician, params, per_page: int | None = None) -> Daybook:
    """The page of `day`'s visits still to bill or be paid (of `clinician`, or everyone's)
    that `params` (a QueryDict) asks for. Two or three queries: the day's visits with their
    live invoices, the money on the issued ones, and the page's patients' names."""
    per_page = per_page or PER_PAGE
    sessions = sessions_of_day(clinic, day)
    if clinician is not None:
        sessions = sessions.filter(clinician=clinician)
    # Each visit with its live invoice joined, in Python whether it is still to bill: the
    # same test as reports.still_to_bill(), whose annotated sums took longer to build than
    # to run (issue 18).
    live = ~Q(invoices__status=Status.VOID)
    of_day = list(
        sessions.annotate(live=FilteredRelation("invoices", condition=live))
        .order_by("performed_at", "pk")
        .values_list("pk", "live__pk", "live__status", "live__total")
    )
    invoices = billed(of_day)
    keys = [(pk, pk not in invoices or invoices[pk].to_bill) for pk, *_ in of_day]
    shown, before = page_of(keys, params, per_page)
    rows = sessions.filter(AnyOf(F("pk"), shown)).order_by("performed_at", "pk")
    visits = as_visits(rows.values_list(*VISIT_FIELDS, named=True), invoices) if shown else []
    total = sum(1 for _, to_bill in keys if to_bill)
    return Daybook(day, clinician, visits, total, before + 1, before + len(visits) < total)
