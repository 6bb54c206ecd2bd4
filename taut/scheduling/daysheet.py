"""The front desk's day sheet: today's visits sorted into who is due, who is here, who came,
and who did not."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from taut.scheduling.models import Appointment, Status


@dataclass
class DaySheet:
    due: list[Appointment] = field(default_factory=list)  # booked, not arrived yet
    here: list[Appointment] = field(default_factory=list)  # checked in, not yet seen
    seen: list[Appointment] = field(default_factory=list)  # attended
    no_shows: list[Appointment] = field(default_factory=list)
    cancelled: list[Appointment] = field(default_factory=list)
    # What is still to bill or pay per appointment (see `unpaid`); None when the person may
    # not see billing, and the page then shows no "unpaid" column at all.
    unpaid: dict[int, str] | None = None

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
    return sheet


def unpaid(appointments: list[Appointment]) -> dict[int, str]:
    """What is still to bill or pay for each of these visits, by appointment id: "not
    invoiced", "draft" or the balance due, from the visit's session and its invoice
    (taut.invoices.reports, in a few queries for just these visits). A visit with no session
    yet, or paid in full, has no entry."""
    from taut.invoices.money import money
    from taut.invoices.reports import unpaid_among
    from taut.invoices.setup import settings_for
    from taut.treatment.models import TreatmentSession

    if not appointments:
        return {}
    clinic = appointments[0].clinic
    sessions = TreatmentSession.objects.filter(clinic=clinic, appointment__in=appointments)
    visit_of = dict(sessions.values_list("pk", "appointment_id"))
    currency = settings_for(clinic).currency
    out = {}
    for visit in unpaid_among(sessions):
        appointment_id = visit_of[visit.session_id]
        if visit.state == "balance due":
            out[appointment_id] = f"{money(visit.balance, currency, clinic.country)} due"
        else:
            out[appointment_id] = visit.state
    return out
