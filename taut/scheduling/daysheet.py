"""The front desk's day sheet: today's visits sorted into who is due, who is here, who came,
and who did not."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from taut.scheduling.models import Appointment, Status


@dataclass
class DaySheet:
    due: list[Appointment] = field(default_factory=list)  # booked, not arrived yet
    here: list[Appointment] = field(default_factory=list)  # checked in, not yet seen
    seen: list[Appointment] = field(default_factory=list)  # attended
    no_shows: list[Appointment] = field(default_factory=list)
    cancelled: list[Appointment] = field(default_factory=list)
    # Amount owed per appointment; None while Taut keeps no invoices, and the page then
    # shows no "unpaid" column at all.
    unpaid: dict[int, Decimal] | None = None

    @property
    def count(self) -> int:
        return len(self.due) + len(self.here) + len(self.seen) + len(self.no_shows)


def sort(appointments: Iterable[Appointment]) -> DaySheet:
    sheet = DaySheet()
    for a in sorted(appointments, key=lambda a: (a.starts_at, a.pk)):
        if a.status == Status.CANCELLED:
            sheet.cancelled.append(a)
        elif a.status == Status.ATTENDED:
            sheet.seen.append(a)
        elif a.status == Status.NO_SHOW:
            sheet.no_shows.append(a)
        elif a.arrived_at is not None:
            sheet.here.append(a)
        else:
            sheet.due.append(a)
    sheet.unpaid = unpaid(sheet.seen + sheet.no_shows)
    return sheet


def unpaid(appointments: list[Appointment]) -> dict[int, Decimal] | None:
    """What is still owed for each of these visits, by appointment id.

    The extension point for billing: Taut has no invoices yet, so this answers None (nothing
    known, the column is hidden) rather than a made-up zero. When invoices exist, answer
    {appointment id: amount outstanding} from them, in one query for the whole day.
    """
    return None
