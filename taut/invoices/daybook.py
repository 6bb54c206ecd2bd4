"""The front desk's visits of a day still to bill or be paid, a page at a time, by key: each
page reads its own rows and a count, whatever the size of the clinic (issue 18).

The URL carries the page, so it can be bookmarked: `day`, `clinician` (one, or none for
everyone), and `after` or `before` the id of a visit, for the page after or before it.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q

from taut.invoices.reports import UnpaidVisit, as_visits, sessions_of_day, unpaid_sessions

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


def open_day(clinic, day: date, clinician, params, per_page: int | None = None) -> Daybook:
    """The page of `day`'s unpaid visits (of `clinician`, or everyone's) that `params` (a
    QueryDict) asks for: after or before a visit of that day, else the first. A visit that
    is not one of the day's (a bad id, another clinic's, another day's) gives the first page;
    so does a page before a visit with fewer than a page before it, or after the last. Four
    queries: the visit named, the page, its invoices, and the counts."""
    per_page = per_page or PER_PAGE
    sessions = sessions_of_day(clinic, day)
    if clinician is not None:
        sessions = sessions.filter(clinician=clinician)
    unpaid = unpaid_sessions(sessions)
    anchor = None
    for direction in ("after", "before"):
        pk = as_id(params.get(direction))
        if pk is not None:
            at = sessions.filter(pk=pk).values_list("performed_at", flat=True).first()
            anchor = (direction, at, pk) if at is not None else None
            break
    rows = None
    if anchor is not None and anchor[0] == "before":
        _, at, pk = anchor
        earlier = Q(performed_at__lt=at) | Q(performed_at=at, pk__lt=pk)
        rows = list(unpaid.filter(performed_at__lte=at).filter(earlier)
                    .order_by("-performed_at", "-pk")[:per_page])[::-1]  # fmt: skip
        if len(rows) < per_page:
            rows = None  # near the start of the day: the first page, full
    if rows is None and anchor is not None and anchor[0] == "after":
        _, at, pk = anchor
        later = Q(performed_at__gt=at) | Q(performed_at=at, pk__gt=pk)
        rows = list(unpaid.filter(performed_at__gte=at).filter(later)[:per_page]) or None
    if rows is None:
        rows = list(unpaid[:per_page])
    visits = as_visits(rows)
    if not visits:
        counted = {"total": unpaid.count(), "before": 0}
    else:
        head = visits[0]
        before = Q(performed_at__lt=head.performed_at) | Q(
            performed_at=head.performed_at, pk__lt=head.session_id
        )
        counted = (
            unpaid.values_list(flat=False)
            .order_by()
            .aggregate(total=Count("pk"), before=Count("pk", filter=before))
        )
    after_page = counted["before"] + len(visits)
    return Daybook(day, clinician, visits, counted["total"], counted["before"] + 1,
                   after_page < counted["total"])  # fmt: skip
